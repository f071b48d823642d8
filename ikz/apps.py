from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class IkzConfig(AppConfig):
    """The project package as an app: connects the signals that mark public content as changed."""

    name = "ikz"
    verbose_name = "IKZ-Katalog"

    def ready(self):
        from ikz.files import delete_files_with_their_rows
        from ikz.invalidation import connect_signals

        connect_signals()
        delete_files_with_their_rows()


class TaggitConfig(TaggitAppConfig):
    """django-taggit under a German name in the admin (its own is "Taggit")."""

    verbose_name = _("Schlagwörter")


class AxesConfig(BaseAxesConfig):
    """django-axes under a German name in the admin (its own is "Axes")."""

    verbose_name = _("Anmeldeschutz")
