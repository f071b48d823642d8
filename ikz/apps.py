from django.apps import AppConfig


class IkzConfig(AppConfig):
    """The project package as an app: connects the page-cache invalidation signals."""

    name = "ikz"
    verbose_name = "IKZ-Katalog"

    def ready(self):
        from ikz.caching import connect_signals

        connect_signals()
