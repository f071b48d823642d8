"""Check an uploaded attachment by its real content, not by its name or the browser's claim.

Allowed are PDF, PNG, JPEG and the office formats DOCX, XLSX, PPTX, ODT, ODS and ODP. The type
is read from the first bytes (and, for the zip-based office formats, from the container's
table of contents); the file name's extension must match it. Everything else is refused —
in particular HTML and SVG, which a browser could run as a page.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
OPEN_DOCUMENT = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
ALLOWED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP"


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extensions: tuple[str, ...]


def _zip_document(upload) -> CheckedFile | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in OPEN_DOCUMENT:
                    return CheckedFile(mimetype, (OPEN_DOCUMENT[mimetype],))
                return None
            if "[Content_Types].xml" in names:
                for prefix, (mimetype, extension) in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return CheckedFile(mimetype, (extension,))
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    return None


def detect(upload) -> CheckedFile | None:
    """The real type of an uploaded file, or ``None`` if it is not one we accept."""
    upload.seek(0)
    head = upload.read(16)
    if head.startswith(b"%PDF-"):
        return CheckedFile("application/pdf", (".pdf",))
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return CheckedFile("image/png", (".png",))
    if head.startswith(b"\xff\xd8\xff"):
        return CheckedFile("image/jpeg", (".jpg", ".jpeg"))
    if head.startswith(b"PK\x03\x04"):
        return _zip_document(upload)
    return None


def check_attachment(upload) -> CheckedFile:
    """Raise a German ``ValidationError`` unless the upload is small enough and really allowed."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist %(size)s groß; erlaubt sind höchstens %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_ATTACHMENT_BYTES),
            },
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Die Datei „%(name)s“ ist leer.") % {"name": upload.name})
    extension = PurePath(upload.name).suffix.lower()
    checked = detect(upload)
    upload.seek(0)
    if checked is None or extension not in checked.extensions:
        raise ValidationError(
            _(
                "Die Datei „%(name)s“ ist keine echte Datei der erlaubten Arten "
                "(%(allowed)s) oder ihre Endung passt nicht zum Inhalt."
            )
            % {"name": upload.name, "allowed": ALLOWED_LABEL},
            code="invalid_type",
        )
    return checked


def clean_filename(name: str) -> str:
    return get_valid_filename(PurePath(name).name)[:200] or "anhang"
