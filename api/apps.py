from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Open data: the read-only REST API, downloads, feeds and the /daten/ page."""

    name = "api"
    verbose_name = "Offene Daten"

    def ready(self):
        from api import schema  # noqa: F401  (registers the filter schema extension)
