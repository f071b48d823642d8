"""Inlines a pending change cannot carry are read-only for Redaktion on a published item."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Measure, PublicationState
from editorial.models import PendingChange
from practice.models import ExampleAttachment, ExampleLink
from tests.conftest import make_example, make_field, make_measure
from tests.editorial.conftest import form_data
from tests.submissions.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def example():
    example = make_example(title="Gemeinsamer Bauhof", summary="Alt.")
    ExampleLink.objects.create(example=example, title="Satzung", url="https://example.org/s")
    ExampleAttachment.objects.create(
        example=example, title="Vereinbarung", file="a/v.pdf", is_public=False
    )
    return example


def inline(response, prefix):
    return next(
        admin_formset
        for admin_formset in response.context["inline_admin_formsets"]
        if admin_formset.formset.prefix == prefix
    )


def test_editors_see_attachments_of_a_live_example_read_only_and_links_editable(
    redaktion_client, example
):
    page = redaktion_client.get(change_url(example))

    assert page.status_code == 200
    content = page.content.decode()
    attachments = inline(page, "attachments")
    assert not attachments.has_change_permission and not attachments.has_add_permission
    assert 'name="attachments-0-title"' not in content
    assert "Vereinbarung" in content
    assert example.attachments.get().get_absolute_url() in content
    assert 'name="links-0-title"' in content


def test_a_forged_post_of_attachments_leaves_the_live_example_unchanged_and_opens_again(
    redaktion_client, example
):
    attachment = example.attachments.get()
    page = redaktion_client.get(change_url(example))
    data = form_data(
        page,
        summary="Neu.",
        **{
            "attachments-TOTAL_FORMS": "2",
            "attachments-0-id": str(attachment.pk),
            "attachments-0-example": str(example.pk),
            "attachments-0-title": "Gefälscht",
            "attachments-0-is_public": "on",
            "attachments-0-DELETE": "on",
            "attachments-1-title": "Untergeschoben",
            "attachments-1-order": "1",
            "attachments-1-file": SimpleUploadedFile("neu.pdf", PDF_BYTES, "application/pdf"),
        },
    )

    response = redaktion_client.post(change_url(example), data)

    assert response.status_code == 302
    assert list(example.attachments.values_list("title", "is_public")) == [("Vereinbarung", False)]
    assert PendingChange.objects.get().data["summary"] == "Neu."
    assert "attachments" not in PendingChange.objects.get().data
    assert redaktion_client.get(response.url).status_code == 200  # was a 500 (private file)


def test_the_measures_of_a_live_field_are_read_only_for_editors(redaktion_client):
    field = make_field(title="Verwaltung")
    measure = make_measure(field, title="Bauhof teilen", number=1)
    page = redaktion_client.get(change_url(field))
    assert 'name="measures-0-title"' not in page.content.decode()
    assert "Bauhof teilen" in page.content.decode()

    data = form_data(
        page,
        summary="Neu.",
        **{
            "measures-0-id": str(measure.pk),
            "measures-0-field_of_action": str(field.pk),
            "measures-0-title": "Gefälscht",
            "measures-0-slug": measure.slug,
            "measures-0-number": "7",
            "measures-0-publication_state": PublicationState.DRAFT,
            "measures-0-DELETE": "on",
        },
    )
    response = redaktion_client.post(change_url(field), data)

    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.number, measure.publication_state) == (
        "Bauhof teilen",
        1,
        PublicationState.PUBLISHED,
    )
    assert PendingChange.objects.get().data["summary"] == "Neu."


def test_chief_editors_and_editors_of_drafts_change_inlines_directly(
    redaktion_client, chef_client, example
):
    page = chef_client.get(change_url(example))
    assert 'name="attachments-0-title"' in page.content.decode()
    chef_client.post(change_url(example), form_data(page, **{"attachments-0-title": "Neu"}))
    assert example.attachments.get().title == "Neu"

    draft = make_field(publication_state=PublicationState.DRAFT)
    measure = make_measure(draft, title="Alt", publication_state=PublicationState.DRAFT)
    page = redaktion_client.get(change_url(draft))
    redaktion_client.post(change_url(draft), form_data(page, **{"measures-0-title": "Neu"}))
    assert Measure.objects.get(pk=measure.pk).title == "Neu"


def test_the_read_only_heading_says_who_changes_the_rows(redaktion_client, example):
    content = redaktion_client.get(change_url(example)).content.decode()
    assert "Anhänge (bei veröffentlichten Einträgen ändert sie die Chefredaktion)" in content
