"""Taking over a submission invents nothing and publishes no file by itself."""

import os

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from practice.models import ExampleAttachment, PracticeExample
from submissions.models import Submission

from .conftest import PDF_BYTES, pdf

FORM_URL = "/praxisbeispiel-melden/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(django_user_model):
    user = django_user_model.objects.create_user(username="chefin", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["submissions", "practice"])
    )
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def example(client, form_data, chief):
    response = client.post(FORM_URL, {**form_data, "attachment_1": pdf("Beschluss.pdf")})
    assert response.status_code == 302
    submission = Submission.objects.get()
    chief.post(
        reverse("admin:submissions_submission_changelist"),
        {"action": "create_drafts", ACTION_CHECKBOX_NAME: [submission.pk]},
    )
    return PracticeExample.objects.get()


def publish(example):
    example.summary = "Zwei Gemeinden betreiben ein Bürgerportal."
    example.digital_relation = "tool"
    example.publication_state = "published"
    example.full_clean()
    example.save()


def test_the_attachment_stays_private_after_the_takeover(client, chief, example, settings):
    """The file of a submission is never in MEDIA_ROOT and never public by itself."""
    attachment = example.attachments.get()
    url = attachment.get_absolute_url()

    assert str(settings.MEDIA_ROOT) not in attachment.file.path
    assert str(settings.PRIVATE_MEDIA_ROOT) in attachment.file.path
    assert client.get(url).status_code == 404
    publish(example)
    assert client.get(url).status_code == 404  # published, but not released by an editor
    page = client.get(example.get_absolute_url()).content.decode()
    assert "Beschluss.pdf" not in page and url not in page
    api = client.get(f"/api/v1/praxisbeispiele/{example.slug}/")
    assert api.status_code == 200
    assert api.json()["anhaenge"] == []
    staff = chief.get(url)
    assert staff.status_code == 200
    assert b"".join(staff.streaming_content) == PDF_BYTES
    assert staff["Cache-Control"] == "private, no-store"


def test_an_attachment_marked_public_is_served_once_the_example_is_published(client, example):
    attachment = example.attachments.get()
    attachment.is_public = True
    attachment.save()
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404  # still a draft

    publish(example)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert url in client.get(example.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/praxisbeispiele/{example.slug}/").json()
    assert api["anhaenge"] == [{"titel": "Beschluss.pdf", "url": f"http://testserver{url}"}]


def test_deleting_an_attachment_or_its_example_deletes_the_file(example, client, form_data):
    path = example.attachments.get().file.path
    example.attachments.get().delete()
    assert not os.path.exists(path)

    copy = ExampleAttachment(example=example, title="Zweite", is_public=True)
    copy.file.save("zweite.pdf", ContentFile(PDF_BYTES), save=True)
    second = copy.file.path
    example.delete()
    assert not os.path.exists(second)


def test_summary_and_digital_relation_are_left_empty_and_needed_to_publish(chief, example):
    assert (example.summary, example.digital_relation) == ("", "")
    example.publication_state = "published"
    with pytest.raises(ValidationError) as refused:
        example.full_clean()
    assert set(refused.value.message_dict) >= {"summary", "digital_relation"}

    response = chief.post(
        reverse("admin:practice_practiceexample_changelist"),
        {"action": "publish_selected", ACTION_CHECKBOX_NAME: [example.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "Vor dem Veröffentlichen fehlt: Kurzbeschreibung, Digitalbezug." in page
    assert PracticeExample.objects.get().publication_state == "draft"


def test_links_keep_a_readable_title_and_become_sources(example):
    assert list(example.links.values_list("title", flat=True)) == [
        "bad-elster.de/portal",
        "adorf.de/buergerportal",
    ]
    assert example.source_urls == [
        "https://www.bad-elster.de/portal",
        "https://adorf.de/buergerportal",
    ]


def test_the_submission_page_gives_one_instruction(chief, client, form_data):
    client.post(FORM_URL, form_data)
    submission = Submission.objects.get()

    page = chief.get(reverse("admin:submissions_submission_change", args=[submission.pk]))

    html = page.content.decode()
    assert "Aktionen in der Liste" not in html
    assert html.count("Ablehnen:") == 1
    assert 'value="Als Entwurf übernehmen"' in html
    assert "Auf der Website anzeigen" not in html
    assert "bad-elster.de/portal</a>" in html  # links readable here too


def test_the_example_admin_shows_private_attachments_with_a_staff_link(chief, example):
    attachment = example.attachments.get()

    page = chief.get(reverse("admin:practice_practiceexample_change", args=[example.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{attachment.get_absolute_url()}"' in html
    assert "nur für die Redaktion" in html
