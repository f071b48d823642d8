"""Storage for uploaded attachments: outside ``MEDIA_ROOT``, never served by a public URL.

Files are read only through the staff view in ``submissions.admin``, always as a download.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files below ``settings.PRIVATE_MEDIA_ROOT``, read when used (so tests can move it)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


private_storage = PrivateStorage()
