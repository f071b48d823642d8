from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Planungswerkzeuge"

    def ready(self):
        from planning.signals import connect_signals

        connect_signals()
