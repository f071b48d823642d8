"""The rules every spreadsheet import of editorial content follows (``EditorialResource``).

Each app's resource (``catalog.import_export.MeasureResource``,
``practice.import_export.PracticeExampleResource``) subclasses it and adds its columns:

- Rows are matched by their Kurzname (``slug``); German column headers, and the stored keys of
  older files, are read through ``read_headers``.
- All errors of a file are collected at once, each with its spreadsheet row and column
  (``catalog.import_report``); any error refuses the whole file.
- Text is normalised like every other save path (``catalog.text.normalise_text``), so an unchanged
  export imports as "0 aktualisiert".
- State changes follow the editorial workflow (``editorial.workflow.refusal``), and the state of
  a published item changes only when the editor asked for it on the upload form. Rows that would
  change a published item are refused for users who may not publish (``editorial.pending``).
- Cells are read by ``catalog.import_widgets``, files by ``catalog.import_formats``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.results import RowResult

from catalog.import_report import column_letter
from catalog.import_templates import choice_table
from catalog.import_widgets import (
    DateWidget,
    IntegerWidget,
    KeyListWidget,
    TextWidget,
    cell_text,
    choice_field,
    did_you_mean,
    header_key,
)
from catalog.models import PublicationState
from catalog.text import normalise_text
from editorial.workflow import may_publish, refusal

#: Shared column headers; each resource adds its own in ``HEADERS``.
COMMON_HEADERS = {
    "slug": "Kurzname",
    "title": "Titel",
    "summary": "Kurzbeschreibung",
    "description": "Beschreibung",
    "tags": "Schlagwörter",
    "sources": "Quellen",
    "publication_state": "Veröffentlichungsstatus",
    "last_reviewed": "Zuletzt geprüft",
}

ALLOW_STATE_CHANGES_LABEL = _("Status veröffentlichter Einträge ändern")


class EditorialResource(resources.ModelResource):
    """Shared rules for importing editorial content (see the module docstring). Rows are
    matched by ``slug``; ``full_clean`` runs for every row; new rows need the add permission;
    a blank state keeps the stored one and new rows start as drafts."""

    HEADERS: dict[str, str] = {}

    publication_state = choice_field("publication_state", PublicationState)

    prefetch = ()
    select = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        headers = {**COMMON_HEADERS, **self.HEADERS}
        for name, field in self.fields.items():
            field.column_name = headers.get(name, field.column_name)

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        """Text columns read empty spreadsheet cells as "" (Django's convention), never NULL."""
        if isinstance(f, models.CharField | models.TextField):
            return TextWidget
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return DateWidget
        if isinstance(f, models.IntegerField):
            return IntegerWidget
        return super().widget_from_django_field(f, default)

    # ---- the file as a whole -------------------------------------------------------------

    def import_data(self, dataset, **kwargs):
        """All or nothing: any row error, including a validation error, rolls back every row."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.import_user = kwargs.get("user")
        self.allow_state_changes = bool(kwargs.get("allow_state_changes"))
        self.file_headers = self.read_headers(dataset)
        super().before_import(dataset, **kwargs)

    def read_headers(self, dataset) -> list[str]:
        """Rename the file's headers to the German column names (stored keys are accepted too).

        Unknown headers are an error of the whole file; columns without a header and without
        any value (spreadsheets save formatted empty columns) are ignored.
        """
        by_key = {}
        for name, field in self.fields.items():
            by_key[header_key(name)] = field.column_name
            by_key[header_key(field.column_name)] = field.column_name
        renamed, unknown = [], []
        for position, header in enumerate(dataset.headers or []):
            column = by_key.get(header_key(header))
            if column is None and header_key(header) == "":
                if any(cell_text(value) for value in dataset.get_col(position)):
                    unknown.append(
                        _("Spalte %(letter)s hat keine Überschrift.")
                        % {"letter": column_letter(position)}
                    )
                column = f"(leer {position})"
            elif column is None:
                known = [field.column_name for field in self.fields.values()]
                unknown.append(
                    _("Die Spalte %(letter)s „%(header)s“ ist unbekannt.%(hint)s")
                    % {
                        "letter": column_letter(position),
                        "header": cell_text(header),
                        "hint": did_you_mean(cell_text(header), known),
                    }
                )
                column = cell_text(header)
            renamed.append(column)
        dataset.headers = renamed
        slug_column = self.fields["slug"].column_name
        if slug_column not in renamed:
            unknown.append(
                _("Die Spalte „%(column)s“ fehlt; an ihr erkennt der Import jeden Eintrag.")
                % {"column": slug_column}
            )
        self.file_errors = unknown
        if unknown:
            raise ValidationError(unknown)
        return renamed

    def _check_import_id_fields(self, headers):
        if not getattr(self, "file_errors", None):  # else already reported, in German
            super()._check_import_id_fields(headers)

    def after_import(self, dataset, result, **kwargs):
        result.file_headers = getattr(self, "file_headers", list(dataset.headers or []))
        result.columns = {name: field.column_name for name, field in self.fields.items()}
        super().after_import(dataset, result, **kwargs)

    # ---- one row ---------------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        if getattr(self, "file_errors", None) or not any(cell_text(v) for v in row.values()):
            # the file's columns are wrong, or this is an empty line of the sheet
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            row_result.blank = True
            row_result.changes, row_result.state_change = [], None
            return row_result
        self.changes, self.state_change = [], None
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.changes, row_result.state_change = self.changes, self.state_change
        row_result.number = kwargs.get("row_number")
        return row_result

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._state_before_import = None if new else instance.publication_state
        super().after_init_instance(instance, new, row, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except (TypeError, ArithmeticError):
            raise ValueError(
                _("„%(value)s“ kann in dieser Spalte nicht gelesen werden.")
                % {"value": cell_text(row.get(field.column_name))}
            ) from None

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
        old, new = instance._state_before_import, instance.publication_state
        if old and old != new:
            self.state_change = (PublicationState(old).label, PublicationState(new).label)
        errors = {}
        if old == PublicationState.PUBLISHED and new != old and not self.allow_state_changes:
            errors["publication_state"] = ValidationError(
                _(
                    "„%(title)s“ ist veröffentlicht; diese Zeile würde den Status auf „%(new)s“ "
                    "setzen. Lassen Sie die Zelle leer oder tragen Sie „Veröffentlicht“ ein, "
                    "um den Status zu behalten. Ist die Änderung gewollt, setzen Sie beim "
                    "Hochladen den Haken „%(tick)s“."
                )
                % {
                    "title": instance.title,
                    "new": PublicationState(new).label,
                    "tick": ALLOW_STATE_CHANGES_LABEL,
                }
            )
        user = getattr(self, "import_user", None)
        if user is None:  # programmatic imports (shell, tests of the format) are trusted
            return errors
        opts = instance._meta
        if old is None and not user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            errors["slug"] = ValidationError(
                _("Sie dürfen keine neuen Einträge anlegen (%(slug)s).") % {"slug": instance.slug}
            )
        reason = refusal(user, type(instance), old, new)
        if reason:  # the same rule as in the admin's forms and actions
            errors["publication_state"] = ValidationError(reason)
        return errors

    def row_changes(self, instance, original, row) -> list[tuple[str, str, str]]:
        """(column, stored value, imported value) for every column the row changes."""
        changes = []
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, KeyListWidget):
                old = ", ".join(field.widget.keys(field.get_value(original).all()))
                new = ", ".join(field.widget.keys(field.clean(row)))
            else:
                old = normalise_text(field.export(original))
                new = normalise_text(field.export(instance))
            if old != new:
                changes.append((field.column_name, old, new))
        return changes

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip rows that change nothing, comparing related objects by their readable keys."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        self.changes = self.row_changes(instance, original, row)
        user = getattr(self, "import_user", None)
        if (
            self.changes
            and user is not None
            and original.publication_state == PublicationState.PUBLISHED
            and not may_publish(user, type(original))
        ):
            # The review rule of editorial.pending: live items change only with Chefredaktion.
            raise ValidationError(
                {
                    "publication_state": _(
                        "„%(title)s“ ist veröffentlicht; Änderungen daran gibt die "
                        "Chefredaktion frei. Bearbeiten Sie den Eintrag im Formular (Ihre "
                        "Änderung wartet dann auf Freigabe) oder lassen Sie die Zeile "
                        "unverändert. Geändert wären: %(columns)s."
                    )
                    % {
                        "title": original.title,
                        "columns": ", ".join(change[0] for change in self.changes),
                    }
                }
            )
        return not self.changes

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.select).prefetch_related(*self.prefetch)

    # ---- the downloadable template (catalog.import_templates) -----------------------------

    def column(self, name) -> str:
        return self.fields[name].column_name

    def template_example(self) -> dict:
        """Field name → cell of the template's example row (real keys, so it would import)."""
        return {}

    def valid_values(self) -> list:
        """(title, header, rows) tables for the template's sheet "Gültige Werte"."""
        return [
            choice_table(
                _("Veröffentlichungsstatus"), PublicationState, self.column("publication_state")
            ),
            (
                _("Ja/Nein-Spalten"),
                [_("Wert"), _("auch akzeptiert")],
                [["ja", "1, wahr, x"], ["nein", "0, falsch, leer"]],
            ),
        ]
