"""One rule for every spreadsheet the site writes: text never runs as a formula.

Every CSV the site produces (public list downloads in ``api.exports``, the plan's CSV in
``planning.exports``) is written by ``write_csv``: UTF-8 with byte order mark (German Excel), ``;``,
double quotes where needed, CRLF line ends, and every cell through ``escape_formula``.

Excel and LibreOffice treat a cell that starts with ``= + - @`` (or a tab or line break before
them) as a formula, so text from visitors or editors could call ``HYPERLINK`` or worse
("CSV injection", OWASP). Such a cell gets a leading apostrophe. The rule applies to the public CSV
downloads (``api.exports``), the plan's CSV and the editors' CSV/XLSX export in the admin
(django-import-export calls ``_escape_formulae`` when ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``
is on). The admin import removes exactly that apostrophe again, so an exported file imported
unchanged changes nothing.
"""

import csv
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def escape_formula(value):
    """``value`` with a leading apostrophe if a spreadsheet would read it as a formula.

    A text that already starts with apostrophes before such a character gets one more, so that
    ``unescape_formula`` gives back exactly what was written.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    """The inverse of ``escape_formula`` for cells read from an exported file."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value.lstrip("'").startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value


class GermanExcel(csv.excel):
    """The documented dialect of the site's CSV files (described on /daten/)."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


def write_csv(stream, rows: Iterable[Iterable]) -> None:
    """Write ``rows`` (the header first) to ``stream`` as the site's CSV, formula-safe."""
    stream.write("\ufeff")  # byte order mark: Excel opens UTF-8 with umlauts correctly
    writer = csv.writer(stream, dialect=GermanExcel)
    writer.writerows([escape_formula(cell) for cell in row] for row in rows)


def _map_cells(dataset, function) -> None:
    for _index in range(dataset.height):
        row = dataset.lpop()
        dataset.append([function(cell) for cell in row])


class FormulaSafeFormat:
    """Mixin for django-import-export formats: escape on export, unescape on import.

    Replaces the library's own escaping, which only drops one leading ``=`` and turns every cell
    (numbers, empty ones) into text.
    """

    def _escape_formulae(self, dataset):
        _map_cells(dataset, escape_formula)

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        _map_cells(dataset, unescape_formula)
        return dataset
