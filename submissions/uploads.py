"""Check an uploaded attachment by its real content, not by its name or the browser's claim.

Allowed are PDF, PNG, JPEG and the office formats DOCX, XLSX, PPTX, ODT, ODS and ODP. The type
is read from the first bytes (and, for the zip-based office formats, from the container's
table of contents); the file name's extension must match it. Everything else is refused —
in particular HTML and SVG, which a browser could run as a page. Nothing is ever unpacked, so a
decompression bomb costs no more than any other small file.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Limits for the zip-based office formats: generous for real documents, fatal for bombs.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNPACKED_BYTES = 20 * MAX_ATTACHMENT_BYTES
MAX_MIMETYPE_BYTES = 100

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


def _zip_entry_count(upload) -> int | None:
    """The number of entries the archive's end record announces, read before ``zipfile`` builds
    its table of contents (a 10 MB archive could otherwise declare hundreds of thousands)."""
    size = upload.size
    tail_length = min(size, 22 + 0xFFFF)  # end record plus the longest possible comment
    upload.seek(size - tail_length)
    tail = upload.read(tail_length)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or len(tail) < position + 22:
        return None
    entries = int.from_bytes(tail[position + 10 : position + 12], "little")
    return None if entries == 0xFFFF else entries  # ZIP64: no office file needs it


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """A stored (uncompressed) member's bytes, if it is tiny; never decompresses anything."""
    if info.compress_type != zipfile.ZIP_STORED or info.file_size > MAX_MIMETYPE_BYTES:
        return None
    with archive.open(info) as member:
        return member.read(MAX_MIMETYPE_BYTES + 1)


def _zip_document(upload) -> CheckedFile | None:
    """An ODF or OOXML document, checked from the table of contents and at most a few hundred
    bytes of one stored member: nothing is decompressed, so a zip bomb costs nothing.

    ODF requires ``mimetype`` as the first, stored entry (ISO/IEC 26300, 3.3). Archives with
    more than ``MAX_ZIP_ENTRIES`` entries or a declared unpacked size above
    ``MAX_ZIP_UNPACKED_BYTES`` are refused.
    """
    try:
        entries = _zip_entry_count(upload)
        if entries is None or entries > MAX_ZIP_ENTRIES:
            return None
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            if sum(info.file_size for info in infos) > MAX_ZIP_UNPACKED_BYTES:
                return None
            names = [info.filename for info in infos]
            if "mimetype" in names:
                if infos[0].filename != "mimetype":
                    return None
                raw = _read_small(archive, infos[0])
                mimetype = (raw or b"").decode("ascii", "replace").strip()
                if mimetype in OPEN_DOCUMENT:
                    return CheckedFile(mimetype, (OPEN_DOCUMENT[mimetype],))
                return None
            if "[Content_Types].xml" in names:
                for prefix, (mimetype, extension) in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return CheckedFile(mimetype, (extension,))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, RuntimeError, ValueError):
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


def check_attachment(upload, max_bytes: int = MAX_ATTACHMENT_BYTES) -> CheckedFile:
    """Raise a German ``ValidationError`` unless the upload is small enough and really allowed."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist %(size)s groß; erlaubt sind höchstens %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_bytes),
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
