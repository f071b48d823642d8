"""Zip-based office files are judged by their table of contents: nothing is ever unpacked."""

import bz2
import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.models import Submission
from submissions.uploads import MAX_ZIP_ENTRIES, detect

URL = "/praxisbeispiel-melden/"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
pytestmark = pytest.mark.django_db


def odt_bomb(unpacked_mib=64) -> bytes:
    """An .odt whose ``mimetype`` entry is bzip2 and unpacks to ``unpacked_mib`` MiB."""
    compressor = bz2.BZ2Compressor(9)
    chunk = b"\0" * (1024 * 1024)
    packed = b"".join(compressor.compress(chunk) for _ in range(unpacked_mib)) + compressor.flush()
    return _zip_with_raw_member("mimetype", packed, unpacked_mib * 1024 * 1024)


def _zip_with_raw_member(name: str, packed: bytes, unpacked_size: int) -> bytes:
    """A one-member archive built by hand: zipfile cannot store already compressed bytes."""
    crc = zlib.crc32(b"")  # wrong on purpose: a reader would only notice after unpacking
    encoded = name.encode()
    local = (
        struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            46,
            0,
            zipfile.ZIP_BZIP2,
            0,
            0,
            crc,
            len(packed),
            unpacked_size,
            len(encoded),
            0,
        )
        + encoded
        + packed
    )
    central = (
        struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            46,
            46,
            0,
            zipfile.ZIP_BZIP2,
            0,
            0,
            crc,
            len(packed),
            unpacked_size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + encoded
    )
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + end


def odt_file(content: bytes, name="konzept.odt"):
    return SimpleUploadedFile(name, content, content_type=ODT_TYPE)


def test_the_bomb_is_a_real_bomb(bomb):
    """Guard for the test itself: the archive is valid and would unpack to 64 MiB."""
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        info = archive.getinfo("mimetype")
        assert info.file_size == 64 * 1024 * 1024
        assert info.compress_size < 1024


@pytest.fixture(scope="module")
def bomb():
    return odt_bomb(unpacked_mib=64)


def test_a_decompression_bomb_is_refused_at_once(client, form_data, bomb):
    """Unpacking the 64 MiB takes over a second here; reading the table of contents does not."""
    assert len(bomb) < 1024
    started = time.perf_counter()
    assert detect(odt_file(bomb)) is None
    assert time.perf_counter() - started < 0.2

    response = client.post(URL, {**form_data, "attachment_1": odt_file(bomb)})

    assert response.status_code == 400
    assert "„konzept.odt“ ist keine echte Datei der erlaubten Arten" in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_decompression_bomb_is_refused_in_bounded_memory(client, form_data, bomb):

    tracemalloc.start()
    response = client.post(URL, {**form_data, "attachment_1": odt_file(bomb)})
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert response.status_code == 400
    assert peak < 8 * 1024 * 1024  # unpacking even once would need 64 MiB


def _odt(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in entries:
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


MIMETYPE = ODT_TYPE.encode()


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param(
            [("content.xml", b"<x/>", zipfile.ZIP_STORED), ("mimetype", MIMETYPE, 0)],
            id="mimetype-not-first",
        ),
        pytest.param([("mimetype", MIMETYPE, zipfile.ZIP_DEFLATED)], id="mimetype-compressed"),
        pytest.param(
            [("mimetype", MIMETYPE + b" " * 200, zipfile.ZIP_STORED)], id="mimetype-too-long"
        ),
    ],
)
def test_an_open_document_needs_a_first_stored_tiny_mimetype(entries):
    assert detect(odt_file(_odt(entries))) is None


def test_a_proper_open_document_is_recognised():
    content = _odt(
        [
            ("mimetype", MIMETYPE, zipfile.ZIP_STORED),
            ("content.xml", b"<x/>" * 1000, zipfile.ZIP_DEFLATED),
        ]
    )
    assert detect(odt_file(content)).content_type == ODT_TYPE


def test_too_many_entries_are_refused_before_the_archive_is_read():
    entries = [("[Content_Types].xml", b"<Types/>", zipfile.ZIP_STORED)]
    entries += [
        (f"word/{number}.xml", b"", zipfile.ZIP_STORED) for number in range(MAX_ZIP_ENTRIES)
    ]
    assert detect(odt_file(_odt(entries), "gross.docx")) is None
    assert detect(odt_file(_odt(entries[:50]), "klein.docx")) is not None


def test_a_huge_declared_unpacked_size_is_refused():
    packed = bz2.compress(b"\0" * (1024 * 1024))
    content = _zip_with_raw_member("word/document.xml", packed, 2**31)
    assert detect(odt_file(content, "bombe.docx")) is None
