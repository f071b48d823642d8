"""Bring back deleted items from their last historical record (django-simple-history)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from catalog.models import PublicationState
from editorial import workflow


class RestoreError(Exception):
    pass


def historical_m2m_ids(record) -> dict[str, list]:
    """Primary keys of the related objects per tracked many-to-many field of ``record``."""
    ids = {}
    for field in record._history_m2m_fields:
        target = get_m2m_reverse_field_name(field)
        ids[field.name] = list(getattr(record, field.name).values_list(f"{target}_id", flat=True))
    return ids


def deleted_records(model, limit=200):
    """The deletion record of every item of ``model`` that does not exist any more, newest first."""
    existing = model._default_manager.values("pk")
    records = (
        model.history.filter(history_type="-")
        .exclude(id__in=existing)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    seen, latest = set(), []
    for record in records:
        if record.id not in seen:
            seen.add(record.id)
            latest.append(record)
    return latest


def restore_deleted(record, user):
    """Recreate the item ``record`` (a deletion record) describes, with its tracked m2m fields.

    Users without the publish permission get the item back as a draft.
    """
    model = record.instance_type
    if model._default_manager.filter(pk=record.id).exists():
        raise RestoreError(
            _("Der Eintrag besteht bereits und muss nicht wiederhergestellt werden.")
        )
    instance = record.instance
    if (
        not workflow.may_publish(user, model)
        and instance.publication_state != PublicationState.DRAFT
    ):
        instance.publication_state = PublicationState.DRAFT
    try:
        instance.full_clean()
    except ValidationError as error:
        problems = "; ".join(
            f"{model._meta.get_field(name).verbose_name if name != '__all__' else ''}: "
            f"{' '.join(messages)}".lstrip(": ")
            for name, messages in error.message_dict.items()
        )
        raise RestoreError(
            _("„%(item)s“ kann nicht wiederhergestellt werden: %(problems)s")
            % {"item": instance, "problems": problems}
        ) from None
    # Deleting removes the m2m rows first, so the deletion record's m2m history is empty:
    # take the related objects from the last version before the deletion.
    before = (
        model.history.filter(id=record.id, history_date__lte=record.history_date)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    with transaction.atomic():
        instance._change_reason = _("Wiederhergestellt")
        instance.save(force_insert=True)
        if before is not None:
            for name, ids in historical_m2m_ids(before).items():
                field = model._meta.get_field(name)
                related = field.related_model._default_manager.filter(pk__in=ids)
                getattr(instance, name).set(related)
    return instance
