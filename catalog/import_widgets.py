"""Cell readers and writers of the editors' spreadsheets (django-import-export widgets).

Every widget writes what an editor reads (German labels, "ja"/"nein", 01.12.2026, readable keys)
and reads that as well as the stored keys, so older files still import. A cell that cannot be
read raises ``ValueError`` with a German sentence that names the cell's value; the resource turns
it into an error of that row and column (``catalog.import_resource``), so no Python class name
ever reaches the editor. Unknown keys name the closest valid ones.
"""

import datetime
import difflib
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import fields, widgets

from catalog.text import normalise_text

LIST_SEPARATOR = ","


def cell_text(value) -> str:
    """Spreadsheet cells may arrive as numbers (an AGS typed into Excel): read them as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def closest(key: str, candidates, limit: int = 3) -> list[str]:
    """The valid keys most similar to ``key`` (case-insensitive), best first."""
    by_lower = {str(candidate).lower(): str(candidate) for candidate in candidates}
    matches = difflib.get_close_matches(key.lower(), list(by_lower), n=limit, cutoff=0.5)
    return [by_lower[match] for match in matches]


def did_you_mean(key: str, candidates) -> str:
    suggestions = closest(key, candidates)
    if not suggestions:
        return ""
    return " " + _("Meinten Sie: %(keys)s?") % {
        "keys": ", ".join(f"„{suggestion}“" for suggestion in suggestions)
    }


class TextWidget(widgets.CharWidget):
    """Text as the admin stores it: line endings and outer whitespace normalised, never None."""

    def clean(self, value, row=None, **kwargs):
        return normalise_text(cell_text(value) if not isinstance(value, str) else value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IntegerWidget(widgets.IntegerWidget):
    """Whole numbers such as years; "ab 2007" is an error that says what is expected."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            number = Decimal(text.replace(" ", ""))
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(
                _("„%(value)s“ ist keine ganze Zahl. Bitte nur Ziffern eintragen, z. B. 2021.")
                % {"value": text}
            )
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """Writes the German label ("Veröffentlicht"); reads the label or the stored key."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        for key, label in self.choices.choices:
            if text.lower() in (str(key).lower(), str(label).lower()):
                return key
        labels = [str(label) for label in self.choices.labels]
        return self.refuse(text, labels)

    def refuse(self, text, labels):
        raise ValueError(
            _("„%(value)s“ ist kein zulässiger Wert.%(hint)s Erlaubt sind: %(allowed)s.")
            % {
                "value": text,
                "hint": did_you_mean(text, labels),
                "allowed": ", ".join(labels),
            }
        )

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(self.choices(value).label)


class YesNoWidget(widgets.Widget):
    """Writes "ja"/"nein"; reads ja/nein, 1/0, true/false, wahr/falsch and spreadsheet booleans."""

    TRUE = {"ja", "1", "true", "wahr", "x"}
    FALSE = {"nein", "0", "false", "falsch", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("„%(value)s“ ist weder „ja“ noch „nein“.") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nein")


class DateWidget(widgets.DateWidget):
    """Writes 01.12.2026; reads that, 1.12.26, 2026-12-01 and spreadsheet date cells."""

    FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for date_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("„%(value)s“ ist kein Datum. Bitte als TT.MM.JJJJ eintragen, z. B. 01.12.2026.")
            % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.strftime("%d.%m.%Y")


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related object's readable key; unknown keys are cell errors."""

    def __init__(self, model, field="slug", label=None, **kwargs):
        self.label = label or model._meta.verbose_name
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        key = cell_text(value)
        if not key:
            return None
        try:
            return self.model.objects.get(**{self.field: key})
        except self.model.DoesNotExist:
            valid = self.model.objects.values_list(self.field, flat=True)
            raise ValueError(
                _("%(label)s „%(key)s“ gibt es nicht.%(hint)s")
                % {"label": self.label, "key": key, "hint": did_you_mean(key, valid)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class KeyListWidget(widgets.ManyToManyWidget):
    """Many-to-many as a comma-separated list of readable keys; unknown keys are cell errors."""

    def __init__(self, model, field="slug", label=None, **kwargs):
        self.label = label or model._meta.verbose_name_plural
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)

    def split(self, value) -> list[str]:
        parts = (part.strip() for part in cell_text(value).split(self.separator))
        return [key for key in parts if key]

    def clean(self, value, row=None, **kwargs):
        keys = self.split(value)
        if not keys:
            return self.model.objects.none()
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            valid = self.model.objects.values_list(self.field, flat=True)
            raise ValueError(
                " ".join(
                    _("„%(key)s“ gibt es nicht in „%(label)s“.%(hint)s")
                    % {"key": key, "label": self.label, "hint": did_you_mean(key, valid)}
                    for key in missing
                )
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


# ---- fields of the resources -------------------------------------------------------------


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


def header_key(header) -> str:
    return " ".join(cell_text(header).split()).casefold()
