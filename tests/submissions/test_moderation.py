import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import PublicationState
from practice.models import ExampleStatus, PracticeExample
from submissions.models import Submission, SubmissionStatus

from .conftest import PDF_BYTES, pdf

FORM_URL = "/praxisbeispiel-melden/"
CHANGELIST = reverse("admin:submissions_submission_changelist")
pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(client, form_data):
    response = client.post(FORM_URL, {**form_data, "attachment_1": pdf("Beschluss.pdf")})
    assert response.status_code == 302
    return Submission.objects.get()


def act(browser, action, submissions, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in submissions], **extra}
    return browser.post(CHANGELIST, data)


def test_a_submission_is_nowhere_public(client, submission, editor_client):
    for url in (
        reverse("practice:example-list"),
        reverse("catalog:home"),
        reverse("catalog:measure-detail", args=["buergerportal"]),
        reverse("catalog:search") + "?q=Vogtland",
        "/praxisbeispiele/feed.rss",
        "/sitemap.xml",
    ):
        response = client.get(url)
        assert submission.title not in response.content.decode(), url
    assert client.get(submission.get_absolute_url()).status_code == 302  # admin login
    assert client.get(CHANGELIST).status_code == 302
    assert not PracticeExample.objects.exists()


def test_the_queue_lists_submissions_with_status_and_filters(moderator_client, submission):
    response = moderator_client.get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert submission.title in html
    assert "Neu" in html
    for label in ("In Bearbeitung", "Übernommen", "Abgelehnt"):
        assert label in html  # status filter
    assert "Als Entwurf übernehmen" in html
    assert "Ablehnen (mit Begründung)" in html
    filtered = moderator_client.get(CHANGELIST, {"status__exact": "rejected"})
    assert submission.title not in filtered.content.decode()


def test_the_queue_runs_a_fixed_number_of_queries(client, moderator_client, form_data):
    def queries_for_queue():
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(CHANGELIST).status_code == 200
        return len(captured)

    client.post(FORM_URL, form_data)
    one = queries_for_queue()
    for number in range(8):
        client.post(
            FORM_URL, {**form_data, "title": f"Meldung {number}"}, REMOTE_ADDR=f"10.0.0.{number}"
        )
    assert Submission.objects.count() == 9
    assert queries_for_queue() == one


def test_the_moderation_page_shows_everything_submitted(moderator_client, submission, places):
    response = moderator_client.get(submission.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Gemeinsames Bürgerportal im Vogtland",
        "Bad Elster (14523010)",
        "Zweckvereinbarung",
        "Gemeinsames Bürgerportal",
        "https://www.bad-elster.de/portal",
        "Beschluss.pdf",
        "erika.muster@example.org",
    ):
        assert text in html
    assert submission.attachments.get().get_absolute_url() in html


def test_nobody_adds_submissions_in_the_admin(moderator_client):
    assert moderator_client.get(reverse("admin:submissions_submission_add")).status_code == 403


def test_taking_over_creates_a_draft_with_every_field(
    moderator_client, moderator, submission, places
):
    response = act(moderator_client, "create_drafts", [submission])

    assert response.status_code == 302
    submission.refresh_from_db()
    example = submission.practice_example
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.decided_by == moderator
    assert example.publication_state == PublicationState.DRAFT
    assert example.title == "Gemeinsames Bürgerportal im Vogtland"
    assert example.slug == "gemeinsames-buergerportal-im-vogtland"
    assert example.summary == ""  # left for the editor, not a cut of the description
    assert example.digital_relation == ""  # the submitter did not choose one
    assert example.description == submission.description
    assert example.results == "Anträge sind online möglich."
    assert example.other_partners == "Vogtlandkreis"
    assert set(example.municipalities.all()) == {places["bad_elster"], places["adorf"]}
    assert list(example.measures.all()) == [places["measure"]]
    assert example.cooperation_form == places["form"]
    assert (example.start_year, example.end_year) == (2021, 2023)
    assert example.status == ExampleStatus.COMPLETED
    assert [(link.title, link.url) for link in example.links.all()] == [
        ("bad-elster.de/portal", "https://www.bad-elster.de/portal"),
        ("adorf.de/buergerportal", "https://adorf.de/buergerportal"),
    ]
    assert example.source_urls == [
        "https://www.bad-elster.de/portal",
        "https://adorf.de/buergerportal",
    ]
    attachment = example.attachments.get()
    assert attachment.title == "Beschluss.pdf"
    assert attachment.is_public is False
    with attachment.file.open("rb") as copied:
        assert copied.read() == PDF_BYTES
    assert example.contact_organisation == "Stadtverwaltung Bad Elster"
    assert example.contact_consent is True
    assert (example.contact_person, example.contact_email, example.contact_phone) == (
        "Erika Muster",
        "erika.muster@example.org",
        "037437 123",
    )


def test_without_consent_only_the_organisation_is_copied(client, moderator_client, form_data):
    client.post(FORM_URL, {k: v for k, v in form_data.items() if k != "contact_consent"})
    submission = Submission.objects.get()

    act(moderator_client, "create_drafts", [submission])

    example = PracticeExample.objects.get()
    assert example.contact_organisation == "Stadtverwaltung Bad Elster"
    assert example.contact_consent is False
    assert (example.contact_person, example.contact_email, example.contact_phone) == ("", "", "")


def test_the_draft_is_not_public_until_published(client, moderator_client, submission):
    act(moderator_client, "create_drafts", [submission])
    example = PracticeExample.objects.get()

    assert client.get(example.get_absolute_url()).status_code == 404
    assert example.title not in client.get(reverse("practice:example-list")).content.decode()


def test_a_second_take_over_changes_nothing(moderator_client, submission):
    act(moderator_client, "create_drafts", [submission])
    act(moderator_client, "create_drafts", [submission])

    assert PracticeExample.objects.count() == 1


def test_titles_that_exist_get_a_free_slug(moderator_client, submission, client, form_data):
    client.post(FORM_URL, form_data)
    act(moderator_client, "create_drafts", Submission.objects.all())

    slugs = sorted(PracticeExample.objects.values_list("slug", flat=True))
    assert slugs == [
        "gemeinsames-buergerportal-im-vogtland",
        "gemeinsames-buergerportal-im-vogtland-2",
    ]


def test_taking_over_needs_the_right_to_add_practice_examples(
    submission, django_user_model, client
):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("sachbearbeiter", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(content_type__app_label="submissions"))
    client.force_login(clerk)

    response = act(client, "create_drafts", [submission])

    assert response.status_code == 403
    assert not PracticeExample.objects.exists()


def test_rejecting_asks_for_a_reason_first(moderator_client, submission):
    response = act(moderator_client, "reject", [submission])

    assert response.status_code == 200
    assert "Grund der Ablehnung" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_rejecting_without_a_reason_is_refused(moderator_client, submission):
    response = act(moderator_client, "reject", [submission], apply="Ablehnen", reason="   ")

    assert response.status_code == 200
    assert "Bitte geben Sie einen Grund für die Ablehnung an." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_rejecting_with_a_reason_records_it(moderator_client, moderator, submission):
    response = act(
        moderator_client, "reject", [submission], apply="Ablehnen", reason="Kein Digitalbezug."
    )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.rejection_reason == "Kein Digitalbezug."
    assert submission.decided_by == moderator
    assert submission.decided_at is not None
    assert not PracticeExample.objects.exists()


def test_rejecting_in_the_change_form_also_needs_a_reason(moderator_client, submission):
    url = submission.get_absolute_url()
    data = {"status": "rejected", "internal_note": "", "rejection_reason": ""}

    response = moderator_client.post(url, data)

    assert response.status_code == 200
    assert "Bitte geben Sie einen Grund für die Ablehnung an." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW

    moderator_client.post(url, {**data, "rejection_reason": "Doppelte Meldung."})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED


def test_the_change_form_cannot_mark_as_taken_over_without_a_draft(moderator_client, submission):
    response = moderator_client.post(
        submission.get_absolute_url(),
        {"status": "accepted", "internal_note": "", "rejection_reason": ""},
    )

    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW


def test_the_moderation_page_takes_over_with_one_button(moderator_client, submission):
    page = moderator_client.get(submission.get_absolute_url()).content.decode()
    assert 'name="_als_entwurf" value="Als Entwurf übernehmen"' in page

    response = moderator_client.post(
        submission.get_absolute_url(),
        {
            "status": "in_progress",
            "internal_note": "Passt.",
            "rejection_reason": "",
            "_als_entwurf": "1",
        },
    )

    example = PracticeExample.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:practice_practiceexample_change", args=[example.pk]
    )
    submission.refresh_from_db()
    assert (submission.status, submission.internal_note) == (SubmissionStatus.ACCEPTED, "Passt.")
    assert submission.practice_example == example
    page = moderator_client.get(submission.get_absolute_url()).content.decode()
    assert 'name="_als_entwurf"' not in page


def test_a_taken_over_submission_cannot_be_reopened(moderator_client, submission):
    act(moderator_client, "create_drafts", [submission])

    moderator_client.post(
        submission.get_absolute_url(),
        {"status": "new", "internal_note": "", "rejection_reason": ""},
    )

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
