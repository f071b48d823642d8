"""What the admin shows after an upload: every error with its cell, or a short preview.

Built from django-import-export's ``Result`` plus what ``catalog.import_resource`` adds to it (the
file's column headers, each row's changed columns and state change). Rows are numbered as the
spreadsheet numbers them (the header is row 1), columns by letter and header.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from catalog.import_widgets import cell_text

UNEXPECTED = _(
    "Diese Zeile konnte wegen eines unerwarteten Fehlers nicht gelesen werden. Bitte prüfen Sie "
    "ihre Werte; bleibt der Fehler, wenden Sie sich an die technische Betreuung."
)


@dataclass
class Problem:
    message: str
    row: int | None = None  # spreadsheet row, the header being row 1
    column: str = ""  # "D „Beginn (Jahr)“"
    value: str = ""


@dataclass
class PreviewRow:
    row: int | None
    kind: str  # "new", "update", "skip"
    title: str
    changes: list = field(default_factory=list)
    state_change: tuple | None = None


def column_letter(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def spreadsheet_row(number) -> int | None:
    return None if number is None else number + 1


def problems(result) -> list[Problem]:
    """Every error of the upload, file-wide ones first, then by row and column."""
    headers = list(getattr(result, "file_headers", []) or [])
    columns = getattr(result, "columns", {})
    found = []
    for error in result.base_errors:
        messages = (
            error.error.messages if isinstance(error.error, ValidationError) else [UNEXPECTED]
        )
        found.extend(Problem(message) for message in messages)
    for invalid in result.invalid_rows:
        values = dict(zip(result.diff_headers, invalid.values, strict=False))
        for name, messages in invalid.error_dict.items():
            header = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
            column = ""
            if header in headers:
                column = f"{column_letter(headers.index(header))} „{header}“"
            elif header:
                column = f"„{header}“"
            value = values.get(header, "")
            value = "" if value == "---" else cell_text(value)
            found.extend(
                Problem(message, spreadsheet_row(invalid.number), column, value)
                for message in messages
            )
    for error_row in result.error_rows:
        found.append(Problem(UNEXPECTED, spreadsheet_row(error_row.number)))
    return sorted(found, key=lambda problem: (problem.row or 0, problem.column))


def preview(result) -> list[PreviewRow]:
    """The rows an import would write: state changes of live items first, then new and changed
    rows with only their changed columns; unchanged rows last."""
    rows = []
    for row_result in result.valid_rows():
        if getattr(row_result, "blank", False):
            continue
        rows.append(
            PreviewRow(
                row=spreadsheet_row(getattr(row_result, "number", None)),
                kind=row_result.import_type,
                title=row_result.object_repr or "",
                changes=getattr(row_result, "changes", []),
                state_change=getattr(row_result, "state_change", None),
            )
        )
    order = {"update": 1, "new": 2, "skip": 3}
    return sorted(
        rows,
        key=lambda r: (0 if r.state_change else order.get(r.kind, 4), r.row or 0),
    )
