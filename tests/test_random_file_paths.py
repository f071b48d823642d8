"""Files uploaded before the random paths move to unguessable ones (``randomise_file_paths``)."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from catalog.models import Resource
from editorial.models import PendingChange
from ikz.files import is_random_path
from pages.models import Download
from practice.models import PracticeExample
from tests.conftest import make_download, make_example, make_resource

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_at(instance, field_name: str, old: str, content: bytes):
    """A row as an upload before the random paths left it: file and history at ``old``."""
    default_storage.save(old, ContentFile(content))
    type(instance).objects.filter(pk=instance.pk).update(**{field_name: old})
    instance.history.update(**{field_name: old})
    return old


def run(*args) -> str:
    out = StringIO()
    call_command("randomise_file_paths", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def old_files(django_user_model):
    resource = make_resource(publication_state="draft")
    download = make_download()
    example = make_example(publication_state="draft", image_alt="Das Rathaus")
    olds = {
        "resource_path": stored_at(
            resource, "file", "resources/2025/haushaltsplan-entwurf.pdf", PDF
        ),
        "download_path": stored_at(download, "file", "downloads/2024/leitfaden.pdf", PDF),
        "example_path": stored_at(example, "image", "examples/2025/rathaus.png", PNG),
    }
    author = django_user_model.objects.create_user("redakteurin")
    PendingChange.objects.create(
        content_type=ContentType.objects.get_for_model(Resource),
        object_id=resource.pk,
        item_label=str(resource),
        data={"title": "Neuer Titel", "file": olds["resource_path"]},
        base={"title": resource.title, "file": olds["resource_path"]},
        author=author,
    )
    return {"resource": resource, "download": download, "example": example, **olds}


def test_old_files_move_to_random_paths_with_their_rows_history_and_pending_changes(
    old_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    resource = Resource.objects.get(pk=old_files["resource"].pk)
    download = Download.objects.get(pk=old_files["download"].pk)
    example = PracticeExample.objects.get(pk=old_files["example"].pk)
    for stored, old, content in (
        (resource.file, old_files["resource_path"], PDF),
        (download.file, old_files["download_path"], PDF),
        (example.image, old_files["example_path"], PNG),
    ):
        assert is_random_path(stored.name), stored.name
        assert stored.name.endswith("/" + old.rsplit("/", 1)[1])  # the readable name stays
        assert stored.read() == content
        assert not default_storage.exists(old)  # nginx serves the storage: the old URL is gone
    assert set(resource.history.values_list("file", flat=True)) == {resource.file.name}
    assert set(example.history.values_list("image", flat=True)) == {example.image.name}
    change = PendingChange.objects.get()
    assert change.data["file"] == change.base["file"] == resource.file.name
    assert change.data["title"] == "Neuer Titel"
    assert "3 Dateien verschoben, 0 fehlen im Speicher." in output


def test_a_dry_run_changes_nothing(old_files):
    output = run("--dry-run")

    assert "resources/2025/haushaltsplan-entwurf.pdf würde verschoben" in output
    assert "3 Dateien würden verschoben" in output
    resource = Resource.objects.get(pk=old_files["resource"].pk)
    assert resource.file.name == old_files["resource_path"]
    assert default_storage.exists(old_files["resource_path"])


def test_it_can_run_again_and_leaves_random_paths_alone(old_files):
    run()
    moved = Resource.objects.get(pk=old_files["resource"].pk).file.name

    assert "0 Dateien verschoben" in run()
    assert Resource.objects.get(pk=old_files["resource"].pk).file.name == moved


def test_a_missing_file_is_reported_and_its_row_kept():
    resource = make_resource()
    Resource.objects.filter(pk=resource.pk).update(file="resources/2025/weg.pdf")

    output = run()

    assert "resources/2025/weg.pdf fehlt im Speicher" in output
    assert Resource.objects.get(pk=resource.pk).file.name == "resources/2025/weg.pdf"
