"""The file formats of the editors' spreadsheets: CSV the way German Excel writes it, and XLSX.

CSV files are written with semicolons and a UTF-8 byte order mark, which is what German Excel and
LibreOffice expect. On import the file's bytes are read here, not by the admin: UTF-8 with or
without byte order mark, or Windows-1252 (German Excel's "CSV (Trennzeichen-getrennt)"); the
delimiter is ``;`` or ``,``, whichever the header line uses. A file in neither encoding is refused
with the instruction to save it as "CSV UTF-8".
"""

import csv

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from ikz.spreadsheets import FormulaSafeFormat

SAVE_AS_UTF8 = _(
    "Die Datei ist weder UTF-8 noch Windows-1252. Bitte speichern Sie sie in Excel als "
    "„CSV UTF-8 (durch Trennzeichen getrennt)“ und laden Sie sie erneut hoch."
)


class UnreadableFile(ValueError):
    """A file the import cannot read; the message is for the editor."""


def decode(data: bytes) -> str:
    """UTF-8 (byte order mark optional), else Windows-1252; else :class:`UnreadableFile`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableFile(SAVE_AS_UTF8) from None


class SpreadsheetCSV(FormulaSafeFormat, base_formats.CSV):
    """CSV as German spreadsheets write it: ``;`` on export, ``;`` or ``,`` on import.

    Declared binary so the admin hands over the uploaded bytes and this class picks the encoding.
    """

    EXPORT_DELIMITER = ";"
    EXPORT_ENCODING = "utf-8-sig"  # Excel reads UTF-8 CSV only with a byte order mark

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode(in_stream) if isinstance(in_stream, bytes) else in_stream
        text = text.removeprefix("\ufeff")
        header = text.split("\n", 1)[0]
        kwargs.setdefault("delimiter", ";" if header.count(";") > header.count(",") else ",")
        return super().create_dataset(text, **kwargs)  # text: no second decoding

    def export_data(self, dataset, **kwargs):
        kwargs.setdefault("delimiter", self.EXPORT_DELIMITER)
        kwargs.setdefault("quoting", csv.QUOTE_MINIMAL)
        return super().export_data(dataset, **kwargs).encode(self.EXPORT_ENCODING)


class SpreadsheetXLSX(FormulaSafeFormat, base_formats.XLSX):
    """XLSX whose text cells never hold formulas (``ikz.spreadsheets``)."""


FORMATS = [SpreadsheetCSV, SpreadsheetXLSX]


def export_filename(model, extension: str) -> str:
    """``Praxisbeispiele-2026-12-01.xlsx``: the German plural and today's date."""
    name = str(model._meta.verbose_name_plural).replace(" ", "-")
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"
