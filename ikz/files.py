"""Files editors upload for the public site: tools' files, guide downloads, practice examples'
images and attachments.

- Only the types the submission form accepts (``submissions.uploads``, checked by content, not by
  name): PDF, PNG, JPEG and office documents; HTML, SVG and everything else is refused, so no
  upload can run script on the site's origin. Images must also open as images (``ImageField``).
- Stored below a random directory (``RandomPath``), so a draft's file cannot be found by name.
- Deleted from the storage when their row is deleted, once the transaction has committed.
- Served below ``MEDIA_URL`` with ``nosniff``, ``Content-Security-Policy: sandbox`` and, except
  for images, as a download (``media_headers``): by ``serve_media`` where Django serves media
  (development, ``IKZ_SERVE_MEDIA``), by nginx in production (docs/DEPLOYMENT.md, section 5).
"""

import mimetypes
import re
import secrets
from pathlib import PurePath

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from submissions.uploads import check_attachment

# Every model field holding an editor's file that is served below MEDIA_URL.
PUBLIC_FILE_FIELDS = (
    ("catalog.Resource", ("file",)),
    ("pages.Download", ("file",)),
    ("practice.PracticeExample", ("image",)),
)
EDITOR_MAX_BYTES = 50 * 1024 * 1024
INLINE_TYPES = {"image/png", "image/jpeg"}
EDITOR_FILE_HELP = _(
    "PDF, PNG, JPEG oder Office-Datei (DOCX, XLSX, PPTX, ODT, ODS, ODP), höchstens 50 MB."
)


@deconstructible
class RandomPath:
    """``upload_to`` giving ``<prefix>/<year>/<random>/<name>``: readable name, unguessable URL."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        name = get_valid_filename(PurePath(filename).name)[:100] or "datei"
        return f"{self.prefix}/{timezone.now():%Y}/{secrets.token_urlsafe(16)}/{name}"

    def __eq__(self, other):
        return isinstance(other, RandomPath) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)


RANDOM_PATH = re.compile(r"[^/]+/[0-9]{4}/[A-Za-z0-9_-]{22}/[^/]+")


def is_random_path(name: str) -> bool:
    """Whether ``name`` was made by ``RandomPath`` (older uploads: ``resources/2025/x.pdf``)."""
    return bool(RANDOM_PATH.fullmatch(name))


def validate_editor_file(value) -> None:
    """Model field validator: a newly uploaded file must pass the submissions' allow-list.

    A file already stored is not read again (it passed when it was uploaded).
    """
    if not value or getattr(value, "_committed", True):
        return
    check_attachment(value, max_bytes=EDITOR_MAX_BYTES)


def media_headers(response, path: str):
    """The headers every file below ``MEDIA_URL`` gets."""
    content_type, _encoding = mimetypes.guess_type(path)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    if content_type not in INLINE_TYPES:
        response["Content-Disposition"] = content_disposition_header(True, PurePath(path).name)
    return response


def serve_media(request, path, document_root=None):
    """Django's static file view with the media headers, where Django serves media itself."""
    return media_headers(serve(request, path, document_root=document_root), path)


def _delete_files(fields):
    def handler(sender, instance, **kwargs):
        for name in fields:
            stored = getattr(instance, name)
            if stored and stored.name:
                storage, file_name = stored.storage, stored.name
                transaction.on_commit(lambda s=storage, n=file_name: s.delete(n))

    return handler


_handlers = []


def delete_files_with_their_rows() -> None:
    """Connect, for every model with public files, the deletion of its files (``IkzConfig``)."""
    # By label: the content apps' models import this module for their upload fields.
    for label, fields in PUBLIC_FILE_FIELDS:
        model = apps.get_model(label)
        handler = _delete_files(fields)
        _handlers.append(handler)  # signals hold weak references
        post_delete.connect(handler, sender=model, dispatch_uid=f"ikz.files.{model.__name__}")
