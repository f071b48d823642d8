"""Pending changes: edits of published items wait for Chefredaktion (like Wagtail's draft of a
live page).

When someone without the model's publish permission saves a published item in the admin (or
restores an older version of it from the history), the live row stays as it is. What the form
sent is stored as a :class:`~editorial.models.PendingChange`: every field of the form as JSON
(many-to-many fields as primary keys, tags as names, files by their stored name, the example's
links as title/address pairs), together with ``base``, the live values of those fields when the
edit was made. Further saves by the same author update the same pending change.

Chefredaktion sees a field-by-field diff against the live version and a preview of the public
page, then approves (only the fields the author changed are written, under the reviewer's name
with the author named in the history) or rejects with a comment the author sees.

A field is in *conflict* when the live item changed it since the edit (``live != base``) and the
author changed it differently (``data != base`` and ``data != live``): it is shown, and approving
keeps its live value unless the reviewer ticks "überschreiben". Fields only the live item changed
stay as they are.
"""

import datetime
import decimal
from urllib.parse import urlsplit

from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from taggit.managers import TaggableManager

from catalog.models import PublicationState
from catalog.text import normalised
from editorial.models import PendingChange, PendingStatus
from ikz import invalidation

# Fields the workflow and the server keep, never part of a pending change.
SKIPPED = {"publication_state", "published_at", "created_at", "updated_at", "search_vector"}
# Inline rows a pending change carries: model label -> (key in data, fields of a row).
INLINES = {"practice.examplelink": ("links", ("title", "url"))}
# Items without a page of their own are previewed on the page that lists them.
LISTED_ON = {"pages.download": "catalog:guide"}


def is_live(model, pk) -> bool:
    return model._default_manager.filter(
        pk=pk, publication_state=PublicationState.PUBLISHED
    ).exists()


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _to_json(field, value):
    if isinstance(field, TaggableManager):
        return sorted(str(tag) for tag in value or [])
    if field.many_to_many:
        return sorted(getattr(item, "pk", item) for item in value or [])
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    if field.is_relation:
        return getattr(value, "pk", value)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return str(value)
    return normalised(field, value)  # as the save would store it, else "\r\n" is a change


def _store_upload(field, instance, value):
    """An uploaded file is stored now (under the field's path) and kept by name."""
    if isinstance(value, UploadedFile):
        return field.storage.save(field.generate_filename(instance, value.name), value)
    if value is False:  # "clear" ticked
        return ""
    return _to_json(field, value)


def form_values(form) -> dict:
    model = form._meta.model
    values = {}
    for name, value in form.cleaned_data.items():
        field = _field(model, name)
        if field is None or name in SKIPPED:
            continue
        if isinstance(field, models.FileField):
            values[name] = _store_upload(field, form.instance, value)
        else:
            values[name] = _to_json(field, value)
    return values


def inline_values(formsets) -> dict:
    values = {}
    for formset in formsets:
        spec = INLINES.get(formset.model._meta.label_lower)
        if spec is None:
            continue
        key, names = spec
        rows = []
        for row in formset.forms:
            data = getattr(row, "cleaned_data", None)
            if not data or data.get("DELETE") or not any(data.get(n) for n in names):
                continue
            rows.append([data.get(n) or "" for n in names])
        values[key] = rows
    return values


def carries(inline_model) -> bool:
    """Whether a pending change can hold the rows of this inline (else they are read-only)."""
    return inline_model._meta.label_lower in INLINES


def live_values(obj, names) -> dict:
    values = {}
    for name in names:
        spec = next((s for s in INLINES.values() if s[0] == name), None)
        if spec is not None:
            rows = getattr(obj, name).all()
            values[name] = [[getattr(row, n) for n in spec[1]] for row in rows]
            continue
        field = _field(type(obj), name)
        if field is None:
            continue
        if field.many_to_many:
            values[name] = _to_json(field, getattr(obj, name).all())
        else:
            values[name] = _to_json(field, field.value_from_object(obj))
    return values


def record(user, obj, values: dict) -> PendingChange:
    """Store ``values`` as ``user``'s pending change of the live ``obj`` (update theirs if open)."""
    model = type(obj)
    live_obj = model._default_manager.get(pk=obj.pk)
    change = PendingChange.objects.open().for_item(live_obj).filter(author=user).first()
    if change is None:
        change = PendingChange(item=live_obj, author=user)
        data, base = {}, {}
    else:
        data, base = change.data, change.base
    data = {**data, **values}
    live = live_values(live_obj, data)
    # Keep the base of fields the author changed before; the rest start from what is live now.
    base = {
        name: base[name] if name in base and data_was_changed(change, name) else live.get(name)
        for name in data
    }
    change.data, change.base, change.item_label = data, base, str(live_obj)[:300]
    change.save()
    return change


def data_was_changed(change, name) -> bool:
    return change.pk is not None and change.data.get(name) != change.base.get(name)


def changed_fields(change) -> list[str]:
    return [name for name, value in change.data.items() if value != change.base.get(name)]


def conflicts(change, live: dict | None = None) -> list[str]:
    live = live if live is not None else live_values(change.item, change.data)
    return [
        name
        for name in changed_fields(change)
        if live.get(name) != change.base.get(name) and live.get(name) != change.data[name]
    ]


# -- reading -------------------------------------------------------------------------------


def _readable(model, name, value) -> str:
    if name in {spec[0] for spec in INLINES.values()}:
        return "\n".join(" – ".join(str(part) for part in row) for row in value) or _("(leer)")
    field = _field(model, name)
    if value in (None, "", []):
        return _("(leer)")
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(field, TaggableManager):
        return ", ".join(value)
    if field is not None and field.is_relation:
        related = field.related_model._default_manager.in_bulk(
            value if isinstance(value, list) else [value]
        )
        return ", ".join(
            str(related.get(pk, pk)) for pk in (value if isinstance(value, list) else [value])
        )
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def field_label(model, name) -> str:
    if name == "links":
        return _("Links")
    field = _field(model, name)
    return str(field.verbose_name) if field is not None else name


def diff(change) -> list[dict]:
    """The changed fields: label, live value (for a decided change: the value the author
    started from), proposed value and whether they conflict."""
    model = change.content_type.model_class()
    if change.status != PendingStatus.PENDING:  # decided: what the author started from
        live, clashing = change.base, set()
    else:
        live = live_values(change.item, change.data)
        clashing = set(conflicts(change, live))
    return [
        {
            "name": name,
            "label": field_label(model, name),
            "live": _readable(model, name, live.get(name)),
            "proposed": _readable(model, name, change.data[name]),
            "conflict": name in clashing,
            # What the author saw when editing: shows what the live change was.
            "base": _readable(model, name, change.base.get(name)) if name in clashing else "",
        }
        for name in changed_fields(change)
    ]


def form_initial(change) -> dict:
    """The author's proposed values as form initial data, so they continue where they left."""
    from taggit.models import Tag

    model = change.content_type.model_class()
    initial = {}
    for name in changed_fields(change):
        field = _field(model, name)
        value = change.data[name]
        if field is None or isinstance(field, models.FileField):
            continue
        if isinstance(field, TaggableManager):  # existing tags by id, new ones by name
            existing = {tag.name: tag for tag in Tag.objects.filter(name__in=value)}
            value = [existing.get(tag_name, tag_name) for tag_name in value]
        initial[name] = value
    return initial


# -- writing -------------------------------------------------------------------------------


def _apply_values(obj, values: dict) -> None:
    model = type(obj)
    later = {}
    for name, value in values.items():
        field = _field(model, name)
        if name in {spec[0] for spec in INLINES.values()} or (field and field.many_to_many):
            later[name] = value
        elif field is not None and field.is_relation:
            setattr(obj, field.attname, value)
        elif field is not None:
            setattr(obj, field.attname, field.to_python(value) if value != "" else value)
    obj.save()
    for name, value in later.items():
        field = _field(model, name)
        if isinstance(field, TaggableManager) or field is not None:
            getattr(obj, name).set(value)
        else:
            related = getattr(obj, name)
            related.all().delete()
            names = next(spec[1] for spec in INLINES.values() if spec[0] == name)
            for position, row in enumerate(value):
                related.create(order=position, **dict(zip(names, row, strict=True)))


def approve(change, reviewer, *, overwrite_conflicts=False) -> list[str]:
    """Write the author's changed fields to the live item. Fields in conflict keep the live
    value unless ``overwrite_conflicts``; returns the names of the fields kept that way."""
    with transaction.atomic():
        obj = type(change.item)._default_manager.select_for_update().get(pk=change.object_id)
        kept = [] if overwrite_conflicts else conflicts(change)
        obj._change_reason = _("Änderung von %(author)s, freigegeben von %(reviewer)s") % {
            "author": change.author.get_username(),
            "reviewer": reviewer.get_username(),
        }
        obj._history_user = reviewer
        _apply_values(
            obj, {name: change.data[name] for name in changed_fields(change) if name not in kept}
        )
        change.status, change.reviewer, change.reviewed_at = (
            PendingStatus.APPROVED,
            reviewer,
            timezone.now(),
        )
        change.save()
    return kept


def reject(change, reviewer, comment: str) -> None:
    change.status, change.reviewer, change.comment = PendingStatus.REJECTED, reviewer, comment
    change.reviewed_at = timezone.now()
    change.save()


def preview(change, request):
    """The public page as it would look with the change: applied in a transaction that is
    rolled back after rendering, without touching the page cache."""
    obj = change.item
    with transaction.atomic(), invalidation.suppressed():
        _apply_values(obj, {name: change.data[name] for name in changed_fields(change)})
        listed_on = LISTED_ON.get(obj._meta.label_lower)
        # A resource's or a glossary term's address is its list with an anchor.
        match = resolve(reverse(listed_on) if listed_on else urlsplit(obj.get_absolute_url()).path)
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)
    response["Cache-Control"] = "private, no-store"
    banner = format_html(
        '<div class="preview-banner" role="status"><div class="container"><strong>{}</strong> {} '
        '<a href="{}">{}</a></div></div>',
        _("Vorschau einer wartenden Änderung – so noch nicht veröffentlicht."),
        _("Besucherinnen und Besucher sehen die veröffentlichte Fassung."),
        reverse("admin:editorial_pendingchange_change", args=[change.pk]),
        _("Zurück zur Änderung"),
    ).encode()
    # The public template knows nothing of pending changes: the notice opens <main>.
    content = response.content
    start = content.find(b"<main")
    end = content.find(b">", start) + 1 if start >= 0 else 0
    response.content = content[:end] + banner + content[end:]
    return response
