"""The two editorial roles, defined here and written to the database idempotently.

``setup_roles`` runs after every ``migrate`` (post_migrate signal) and as the management command
``setup_roles``. The code is the single source of truth: a group's permissions are *set* to
exactly the list below, so a permission removed here is removed from the group as well.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import transaction
from django.db.models import Q

EDITORS = "Redaktion"
CHIEF_EDITORS = "Chefredaktion"

CONTENT_APPS = ("catalog", "practice", "pages")
# Lists that structure the content: editors read them, chief editors maintain them.
TAXONOMY_MODELS = [
    "catalog.actor",
    "practice.cooperationform",
    "practice.district",
    "practice.municipality",
]
TAG_MODELS = ["taggit.tag", "taggit.taggeditem"]
# Editorial content of the other apps.
OTHER_CONTENT_MODELS = ["planning.question", "planning.answeroption", "search.searchterm"]
# What visitors send in and editors moderate (see also the submissions app below); the search
# log is read-only in the admin, so "change" grants nothing there.
MODERATED_MODELS = ["planning.interestsignal", "search.searchlogentry"]
SUBMISSIONS_APP = "submissions"


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def content_models() -> list[str]:
    """Every model of the content apps except taxonomies and simple-history's records."""
    labels = []
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if hasattr(model, "instance_type") or _label(model) in TAXONOMY_MODELS:
                continue
            labels.append(_label(model))
    return labels + TAG_MODELS + OTHER_CONTENT_MODELS


def publishable_models() -> list:
    """Models with a publication workflow (subclasses of ``PublishableModel``)."""
    from catalog.models import PublishableModel

    return [
        model
        for model in apps.get_models()
        if issubclass(model, PublishableModel) and not hasattr(model, "instance_type")
    ]


def _model_perms(models, actions):
    return [
        (model.split(".")[0], f"{action}_{model.split('.')[1]}")
        for model in models
        for action in actions
    ]


def _publish_perms():
    return [
        (model._meta.app_label, f"publish_{model._meta.model_name}")
        for model in publishable_models()
    ]


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """(app_label, codename) pairs per group."""
    editors = [
        *_model_perms(content_models(), ["view", "add", "change"]),
        *_model_perms(TAXONOMY_MODELS, ["view"]),
        *_model_perms(MODERATED_MODELS, ["view", "change"]),
        ("editorial", "view_linkcheck"),
        ("editorial", "view_pendingchange"),  # their own (editorial.pending_admin)
    ]
    chief_editors = [
        *editors,
        *_model_perms(content_models(), ["delete"]),
        *_model_perms(TAXONOMY_MODELS, ["add", "change", "delete"]),
        *_model_perms(MODERATED_MODELS, ["delete"]),
        *_publish_perms(),
        ("editorial", "delete_linkcheck"),
        ("editorial", "change_pendingchange"),  # every author's, to approve or reject
        # Unlocking a locked-out login: delete its access attempt in the admin.
        ("axes", "view_accessattempt"),
        ("axes", "delete_accessattempt"),
    ]
    return {EDITORS: editors, CHIEF_EDITORS: chief_editors}


def _submission_permissions(Permission):
    """Every permission of the submissions app; editors get all but deleting."""
    every = Permission.objects.filter(content_type__app_label=SUBMISSIONS_APP)
    return every.exclude(codename__startswith="delete_"), every


def _ensure_publish_permissions(Permission, ContentType, using):
    """A ``publish_<model>`` permission for every publishable model that declares none."""
    for model in publishable_models():
        content_type = ContentType.objects.db_manager(using).get_for_model(model)
        Permission.objects.using(using).get_or_create(
            content_type=content_type,
            codename=f"publish_{model._meta.model_name}",
            defaults={"name": f"Kann {model._meta.verbose_name_plural} veröffentlichen"},
        )


def setup_roles(using="default", verbosity=0) -> dict[str, int]:
    """Create or update both groups; returns the number of permissions per group."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    # Apps migrated after this one have no content types/permissions yet at post_migrate time.
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    counts = {}
    with transaction.atomic(using=using):
        _ensure_publish_permissions(Permission, ContentType, using)
        submission_editors, submission_chiefs = _submission_permissions(Permission)
        for name, pairs in role_permissions().items():
            query = Q(pk__in=[])
            for app_label, codename in pairs:
                query |= Q(content_type__app_label=app_label, codename=codename)
            permissions = set(Permission.objects.using(using).filter(query))
            extra = submission_chiefs if name == CHIEF_EDITORS else submission_editors
            permissions.update(extra.using(using))
            group, _created = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(permissions)
            counts[name] = len(permissions)
    return counts
