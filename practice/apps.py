from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Praxis"

    def ready(self):
        from practice.signals import connect_signals

        connect_signals()
