from django.apps import AppConfig


class IkzConfig(AppConfig):
    """The project package as an app: connects the signals that mark public content as changed."""

    name = "ikz"
    verbose_name = "IKZ-Katalog"

    def ready(self):
        from ikz.invalidation import connect_signals

        connect_signals()
