"""CSV/XLSX import and export of measures for the editors (django-import-export).

The export format is the import format: one row per measure, identified by its ``slug``; related
objects are written as readable keys (slugs, tag names, AGS) separated by commas, so a file can be
edited in a spreadsheet and imported again. A round trip of an unchanged file changes nothing
(unchanged rows are reported as skipped).

CSV files are written with semicolons and a UTF-8 byte order mark, which is what German Excel and
LibreOffice expect; imports accept semicolons or commas (detected from the header line), with or
without the byte order mark. The widgets and the base resource are shared with
``practice.import_export``.
"""

import csv
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from catalog.models import (
    Actor,
    Basis,
    Effort,
    FieldOfAction,
    Horizon,
    Measure,
    PublicationState,
    Resource,
)
from editorial.workflow import refusal

LIST_SEPARATOR = ","


class SpreadsheetCSV(base_formats.CSV):
    """CSV as German spreadsheets write it: ``;`` on export, ``;`` or ``,`` on import."""

    EXPORT_DELIMITER = ";"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.removeprefix("\ufeff")
        header = in_stream.split("\n", 1)[0]
        kwargs.setdefault("delimiter", ";" if header.count(";") > header.count(",") else ",")
        return super().create_dataset(in_stream, **kwargs)

    def export_data(self, dataset, **kwargs):
        kwargs.setdefault("delimiter", self.EXPORT_DELIMITER)
        kwargs.setdefault("quoting", csv.QUOTE_MINIMAL)
        return super().export_data(dataset, **kwargs)


FORMATS = [SpreadsheetCSV, base_formats.XLSX]


def _text(value) -> str:
    """Spreadsheet cells may arrive as numbers (an AGS typed into Excel): read them as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class ChoiceWidget(widgets.Widget):
    """Writes the stored key ("published"); reads the key or the German label ("Veröffentlicht")."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        for key, label in self.choices.choices:
            if text.lower() in (str(key).lower(), str(label).lower()):
                return key
        allowed = ", ".join(str(key) for key in self.choices.values)
        raise ValueError(
            _("„%(value)s“ ist kein zulässiger Wert. Erlaubt sind: %(allowed)s.")
            % {"value": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    """Writes "ja"/"nein"; reads ja/nein, 1/0, true/false, wahr/falsch and spreadsheet booleans."""

    TRUE = {"ja", "1", "true", "wahr", "x"}
    FALSE = {"nein", "0", "false", "falsch", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("„%(value)s“ ist weder „ja“ noch „nein“.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nein")


class SpreadsheetDateWidget(widgets.DateWidget):
    """Writes 2025-03-01; reads that, German 01.03.2025 and spreadsheet date cells."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        text = _text(value)
        try:
            return datetime.datetime.strptime(text, "%d.%m.%Y").date()
        except ValueError:
            return super().clean(value, row, **kwargs)


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related object's readable key; unknown keys are row errors."""

    def __init__(self, model, field="slug", label=None, **kwargs):
        self.label = label or model._meta.verbose_name
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        key = _text(value)
        if not key:
            return None
        try:
            return self.model.objects.get(**{self.field: key})
        except self.model.DoesNotExist:
            raise ValueError(
                _("%(label)s „%(key)s“ gibt es nicht.") % {"label": self.label, "key": key}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class KeyListWidget(widgets.ManyToManyWidget):
    """Many-to-many as a comma-separated list of readable keys; unknown keys are row errors."""

    def __init__(self, model, field="slug", label=None, **kwargs):
        self.label = label or model._meta.verbose_name_plural
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)

    def split(self, value) -> list[str]:
        return [key for key in (part.strip() for part in _text(value).split(self.separator)) if key]

    def clean(self, value, row=None, **kwargs):
        keys = self.split(value)
        if not keys:
            return self.model.objects.none()
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(
                _("Unbekannte Einträge in „%(label)s“: %(keys)s")
                % {"label": self.label, "keys": ", ".join(missing)}
            )
        return found

    def keys(self, objects) -> list[str]:
        return sorted(str(getattr(obj, self.field)) for obj in objects)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{self.separator} ".join(self.keys(value.all()))


class TagListWidget(KeyListWidget):
    """Tags as comma-separated names; new names become new tags (taggit creates them)."""

    def __init__(self, **kwargs):
        from taggit.models import Tag

        super().__init__(Tag, field="name", label=_("Schlagwörter"), **kwargs)

    def clean(self, value, row=None, **kwargs):
        return self.split(value)

    def keys(self, objects) -> list[str]:
        names = (obj if isinstance(obj, str) else obj.name for obj in objects)
        return sorted({name.lower(): name for name in names}.values(), key=str.lower)


def key_list_field(name, model, field="slug", label=None) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=name, widget=KeyListWidget(model, field=field, label=label)
    )


def choice_field(name, choices) -> fields.Field:
    """Blank cells keep the stored value (or the model default for new rows)."""
    return fields.Field(
        attribute=name, column_name=name, widget=ChoiceWidget(choices), saves_null_values=False
    )


def tags_field() -> fields.Field:
    return fields.Field(attribute="tags", column_name="tags", widget=TagListWidget())


class EditorialResource(resources.ModelResource):
    """Shared rules for importing editorial content.

    - Rows are matched by ``slug``; model validation (``full_clean``) runs for every row.
    - Unknown related keys are validation errors of their row, before anything is written.
    - State changes follow the editorial workflow (``editorial.workflow.refusal``): publishing,
      archiving or taking back a published item needs the model's publish permission, otherwise
      the row is refused. A blank state keeps the stored one; new rows start as drafts.
    - New rows need the add permission.
    - The admin runs the import in a transaction and refuses to confirm a file with any error,
      so a file is imported completely or not at all.
    """

    publication_state = choice_field("publication_state", PublicationState)

    prefetch = ()
    select = ()

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        """Text columns read empty spreadsheet cells as "" (Django's convention), never NULL."""
        if isinstance(f, models.CharField | models.TextField):
            return widgets.CharWidget
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return SpreadsheetDateWidget
        return super().widget_from_django_field(f, default)

    def import_data(self, dataset, **kwargs):
        """All or nothing: any row error, including a validation error, rolls back every row."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.import_user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._state_before_import = None if new else instance.publication_state
        super().after_init_instance(instance, new, row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        errors.update(self.permission_errors(instance))
        if errors:
            raise ValidationError(errors)

    def permission_errors(self, instance) -> dict:
        user = getattr(self, "import_user", None)
        if user is None:  # programmatic imports (shell, tests of the format) are trusted
            return {}
        opts = instance._meta
        errors = {}
        if instance._state_before_import is None and not user.has_perm(
            f"{opts.app_label}.add_{opts.model_name}"
        ):
            errors["slug"] = ValidationError(
                _("Sie dürfen keine neuen Einträge anlegen (%(slug)s).") % {"slug": instance.slug}
            )
        reason = refusal(
            user, type(instance), instance._state_before_import, instance.publication_state
        )
        if reason:  # the same rule as in the admin's forms and actions
            errors["publication_state"] = ValidationError(reason)
        return errors

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip rows that change nothing, comparing related objects by their readable keys."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, KeyListWidget):
                imported = field.widget.keys(field.clean(row))
                stored = field.widget.keys(field.get_value(original).all())
                if imported != stored:
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.select).prefetch_related(*self.prefetch)


class MeasureResource(EditorialResource):
    field_of_action = fields.Field(
        attribute="field_of_action",
        column_name="field_of_action",
        widget=SlugForeignKeyWidget(FieldOfAction, label=_("Das Handlungsfeld")),
    )
    effort = choice_field("effort", Effort)
    horizon = choice_field("horizon", Horizon)
    basis = choice_field("basis", Basis)
    actors = key_list_field("actors", Actor, label=_("Akteure"))
    tags = tags_field()
    related = key_list_field("related", Measure, label=_("verwandte Maßnahmen"))
    resources = key_list_field("resources", Resource, label=_("Werkzeuge und Ressourcen"))

    select = ("field_of_action",)
    prefetch = ("actors", "tags", "related", "resources")

    class Meta:
        model = Measure
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "field_of_action",
            "number",
            "title",
            "summary",
            "description",
            "steps",
            "effort",
            "horizon",
            "actors",
            "tags",
            "prerequisites",
            "benefits",
            "risks",
            "basis",
            "sources",
            "related",
            "resources",
            "publication_state",
            "last_reviewed",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
