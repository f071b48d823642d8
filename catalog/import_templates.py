"""Downloadable XLSX import templates: the columns, one example row and the valid values.

Sheet 1 ("Daten") has the German column headers and one example row that uses real keys from the
database (so it would import); the editor overwrites or deletes it. Sheet 2 ("Gültige Werte") lists
what the key and choice columns accept, one table per column, so nobody has to open ten admin forms
to find a Kurzname. Each resource says what goes into both sheets (``template_example``,
``valid_values``); this module only lays them out.
"""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

HEADING = Font(bold=True, size=12)
BOLD = Font(bold=True)
INSTRUCTIONS = _(
    "Zeile 2 im Blatt „Daten“ ist ein Beispiel: Überschreiben oder löschen Sie sie. Listen "
    "(z. B. mehrere Maßnahmen) trennen Sie mit Kommas. Eine leere Zelle „Veröffentlichungsstatus“ "
    "behält den Status; neue Einträge werden Entwürfe."
)


def choice_table(title: str, choices, column: str) -> tuple[str, list[str], list[list[str]]]:
    """A valid-values table for a choice column: German label (written) and stored key (read)."""
    return (
        _("%(title)s (Spalte „%(column)s“)") % {"title": title, "column": column},
        [_("Bezeichnung"), _("auch akzeptiert")],
        [[str(label), str(key)] for key, label in choices.choices],
    )


def cells(values) -> list:
    """Translated (lazy) strings as plain text; numbers stay numbers."""
    return [
        value if value is None or isinstance(value, int | float) else str(value) for value in values
    ]


def workbook(resource) -> bytes:
    book = openpyxl.Workbook()
    data = book.active
    data.title = _("Daten")
    fields = resource.get_export_fields()
    example = resource.template_example()
    data.append(cells(field.column_name for field in fields))
    data.append(cells(example.get(field.attribute, "") for field in fields))
    for cell in data[1]:
        cell.font = BOLD
    for cell in data[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in data.columns:
        data.column_dimensions[column[0].column_letter].width = 24
    data.freeze_panes = "A2"

    values = book.create_sheet(_("Gültige Werte"))
    values.append(cells([_("Gültige Werte für die Importvorlage")]))
    values["A1"].font = HEADING
    values.append(cells([INSTRUCTIONS]))
    for title, header, rows in resource.valid_values():
        values.append([])
        values.append(cells([title]))
        values.cell(row=values.max_row, column=1).font = HEADING
        values.append(cells(header))
        for cell in values[values.max_row]:
            cell.font = BOLD
        for row in rows:
            values.append(cells(row))
    for letter, width in zip("ABCD", (34, 50, 30, 20), strict=False):
        values.column_dimensions[letter].width = width

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
