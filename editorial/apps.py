from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _setup_roles_after_migrate(sender, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission
    from django.db import connections

    from editorial.roles import setup_roles

    # After "migrate auth zero" and the like there is nothing to set up.
    tables = set(connections[using].introspection.table_names())
    if {Group._meta.db_table, Permission._meta.db_table} <= tables:
        setup_roles(using=using)


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Redaktion")

    def ready(self):
        post_migrate.connect(
            _setup_roles_after_migrate, sender=self, dispatch_uid="editorial_setup_roles"
        )
