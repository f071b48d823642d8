"""Files editors upload: the submissions' allow-list, unguessable paths, safe serving, deleted
with their row."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.test import RequestFactory
from PIL import Image

from catalog.models import Resource
from ikz.files import serve_media
from pages.models import Download
from practice.models import ExampleAttachment, PracticeExample
from tests.conftest import make_download, make_example, make_resource
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


FILE_FIELDS = [
    pytest.param(Resource, "file", {"kind": "checklist", "title": "T", "slug": "t"}, id="resource"),
    pytest.param(Download, "file", {"kind": "guide", "title": "Leitfaden"}, id="download"),
    pytest.param(ExampleAttachment, "file", {"title": "Anhang"}, id="example-attachment"),
    pytest.param(PracticeExample, "image", {"image_alt": "Bild"}, id="example-image"),
]


def _form(model, field, data, files):
    form_class = modelform_factory(model, fields=[field, *data])
    return form_class(data=data, files=files)


@pytest.mark.parametrize(("model", "field", "data"), FILE_FIELDS)
@pytest.mark.parametrize(
    "name, content",
    [("evil.html", HTML), ("evil.svg", SVG), ("evil.pdf", HTML), ("bild.png", SVG)],
)
def test_html_svg_and_disguised_files_are_refused(model, field, data, name, content):
    form = _form(model, field, data, {field: upload(name, content)})

    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.parametrize(("model", "field", "data"), FILE_FIELDS[:3])
def test_a_real_pdf_is_accepted_under_an_unguessable_path(model, field, data):
    def stored_name():
        form = _form(model, field, data, {field: upload("Bericht 2026.pdf", PDF_BYTES)})
        assert form.is_valid(), form.errors
        stored = getattr(form.save(commit=False), field)
        stored.save(stored.name, stored.file, save=False)
        return stored.name

    first, second = stored_name(), stored_name()

    *_prefix, token, name = first.split("/")
    assert name == "Bericht_2026.pdf"
    assert len(token) >= 20
    assert first.rsplit("/", 1)[0] != second.rsplit("/", 1)[0]  # another random directory


def test_an_example_image_must_be_png_or_jpeg():
    form = _form(PracticeExample, "image", {"image_alt": "Bild"}, {"image": upload("f.png", png())})
    form.is_valid()
    assert "image" not in form.errors


def test_the_allow_list_does_not_reread_stored_files():
    resource = make_resource(file="resources/2020/alt.html")  # from before the rule
    resource.title = "Neuer Titel"
    resource.full_clean()


@pytest.mark.parametrize(
    ("path", "disposition"),
    [
        ("a/b/evil.html", 'attachment; filename="evil.html"'),
        ("a/b/bericht.pdf", 'attachment; filename="bericht.pdf"'),
        ("a/b/foto.png", 'inline; filename="foto.png"'),
    ],
)
def test_media_are_served_with_nosniff_sandbox_and_as_download(settings, path, disposition):
    default_storage.save(path, io.BytesIO(b"x"))
    request = RequestFactory().get(f"/media/{path}")

    response = serve_media(request, path, document_root=settings.MEDIA_ROOT)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response.get("Content-Disposition") == disposition


def test_files_are_deleted_with_their_rows(django_capture_on_commit_callbacks):
    resource = make_resource(file=upload("x.pdf", PDF_BYTES))
    download = make_download(file=upload("y.pdf", PDF_BYTES))
    example = make_example(image=upload("z.png", png()), image_alt="Ein Bild")
    files = [resource.file, download.file, example.image]  # attachments: practice.models
    assert all(stored.storage.exists(stored.name) for stored in files)

    with django_capture_on_commit_callbacks(execute=True):
        for row in (resource, download, example):
            row.delete()

    assert not any(stored.storage.exists(stored.name) for stored in files)


def test_a_rolled_back_delete_keeps_the_file(django_capture_on_commit_callbacks):
    resource = make_resource(file=upload("x.pdf", PDF_BYTES))

    with django_capture_on_commit_callbacks(execute=False):
        resource.delete()  # the callback is never run: as if the transaction rolled back

    assert default_storage.exists(resource.file.name)
