from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _setup_roles_after_migrate(sender, **kwargs):
    from editorial.roles import setup_roles

    setup_roles(using=kwargs.get("using", "default"))


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Redaktion")

    def ready(self):
        post_migrate.connect(
            _setup_roles_after_migrate, sender=self, dispatch_uid="editorial_setup_roles"
        )
