"""The editors' dashboard on the admin index: what is stale, missing, waiting or broken."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import Measure, PublicationState
from editorial.models import LinkCheck
from practice.models import PracticeExample
from submissions.models import Submission, SubmissionStatus
from tests.conftest import make_example, make_field, make_measure, make_resource

pytestmark = pytest.mark.django_db

ARCHIVED = PublicationState.ARCHIVED
TODAY = timezone.localdate()


def dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def section(content, heading):
    """The HTML from ``heading`` to the next heading of the dashboard."""
    start = content.index(heading)
    end = content.find("<h3>", start + 1)
    return content[start : end if end != -1 else None]


def test_published_items_not_checked_for_a_year_are_listed(redaktion_client):
    long_ago = timezone.now() - timedelta(days=400)
    make_measure(title="Frisch geprüft", last_reviewed=TODAY - timedelta(days=30))
    make_measure(title="Lange nicht geprüft", last_reviewed=TODAY - timedelta(days=400))
    make_measure(title="Nie geprüft, lange online", last_reviewed=None, published_at=long_ago)
    make_measure(title="Nie geprüft, eben geladen", last_reviewed=None)
    make_measure(title="Archiviert alt", publication_state=ARCHIVED, last_reviewed=None)
    make_measure(
        title="Entwurf alt",
        publication_state=PublicationState.DRAFT,
        last_reviewed=TODAY - timedelta(days=400),
    )
    content = section(dashboard(redaktion_client), "Seit über 12 Monaten nicht geprüft")
    assert "Lange nicht geprüft" in content
    assert "Nie geprüft, lange online" in content
    assert "Nie geprüft, eben geladen" not in content
    assert "Frisch geprüft" not in content
    assert "Archiviert alt" not in content
    assert "Entwurf alt" not in content
    assert "?pruefung=faellig" in content


def test_freshly_loaded_bundled_content_is_not_due_for_review(redaktion_client):
    call_command("load_content", stdout=StringIO())
    content = section(dashboard(redaktion_client), "Seit über 12 Monaten nicht geprüft")
    due = PracticeExample.objects.filter(last_reviewed__lt=TODAY - timedelta(days=365))
    for title in Measure.objects.values_list("title", flat=True):
        assert title not in content
    for example in due:
        assert str(example) in content or "Praxisbeispiele:" in content


def test_the_review_link_filters_the_changelist(redaktion_client):
    make_measure(title="Lange nicht geprüft", last_reviewed=TODAY - timedelta(days=400))
    make_measure(title="Frisch geprüft", last_reviewed=TODAY)
    response = redaktion_client.get(
        reverse("admin:catalog_measure_changelist"), {"pruefung": "faellig"}
    )
    titles = [str(measure) for measure in response.context["cl"].result_list]
    assert "Lange nicht geprüft" in titles
    assert "Frisch geprüft" not in titles


def test_measures_without_a_published_example_are_listed(redaktion_client):
    with_example = make_measure(title="Mit Beispiel")
    make_example(measures=[with_example])
    only_draft = make_measure(title="Nur Entwurfsbeispiel")
    make_example(measures=[only_draft], publication_state=PublicationState.DRAFT)
    make_measure(title="Ohne Beispiel")
    content = section(dashboard(redaktion_client), "Maßnahmen ohne Praxisbeispiel")
    assert "Maßnahmen ohne Praxisbeispiel (2)" in content
    assert "Ohne Beispiel" in content
    assert "Nur Entwurfsbeispiel" in content
    assert "Mit Beispiel" not in content


def test_fields_without_saxon_examples_are_listed(redaktion_client):
    saxon = make_field(title="Mit Sachsen")
    make_example(measures=[make_measure(saxon)], federal_state="SN")
    bavarian = make_field(title="Nur Bayern")
    make_example(measures=[make_measure(bavarian)], federal_state="BY")
    make_field(title="Ganz leer")
    content = section(dashboard(redaktion_client), "Handlungsfelder ohne sächsisches")
    assert "Nur Bayern" in content
    assert "Ganz leer" in content
    assert "Mit Sachsen" not in content


def test_broken_links_are_listed_with_where_they_were_found(redaktion_client):
    now = timezone.now()
    LinkCheck.objects.create(
        url="https://example.org/weg", status_code=404, checked_at=now, found_in="Maßnahme „A“"
    )
    LinkCheck.objects.create(
        url="https://example.org/da", status_code=200, is_ok=True, checked_at=now
    )
    content = section(dashboard(redaktion_client), "Defekte externe Links")
    assert "Defekte externe Links (1)" in content
    assert "https://example.org/weg" in content
    assert "HTTP 404" in content
    assert "Maßnahme „A“" in content
    assert "https://example.org/da" not in content


def test_before_the_first_link_check_it_says_so(redaktion_client):
    assert "Noch keine Linkprüfung gelaufen" in dashboard(redaktion_client)


def test_waiting_submissions_are_counted_and_decided_ones_are_not(redaktion_client):
    content = section(dashboard(redaktion_client), "Eingegangene Meldungen")
    assert "Keine Meldungen warten." in content

    def submit(status):
        Submission.objects.create(
            title="Gemeinsamer Bauhof",
            description="Beschreibung",
            contact_organisation="Gemeinde",
            privacy_accepted_at=timezone.now(),
            status=status,
            rejection_reason="Kein Beispiel" if status == SubmissionStatus.REJECTED else "",
        )

    submit(SubmissionStatus.NEW)
    submit(SubmissionStatus.IN_PROGRESS)
    submit(SubmissionStatus.REJECTED)
    submit(SubmissionStatus.ACCEPTED)
    content = section(dashboard(redaktion_client), "Eingegangene Meldungen")
    assert "2 Meldungen warten auf Bearbeitung" in content
    assert reverse("admin:submissions_submission_changelist") in content


def test_the_dashboard_is_not_shown_to_staff_without_a_role(django_user_model):
    from tests.editorial.conftest import browser

    nobody = django_user_model.objects.create_user("praktikant", is_staff=True)
    assert "Aufgaben der Redaktion" not in dashboard(browser(nobody))


def add_stale_content(count):
    for _ in range(count):
        measure = make_measure(last_reviewed=None)
        make_resource(last_reviewed=None)
        LinkCheck.objects.create(
            url=f"https://example.org/{measure.pk}", status_code=404, checked_at=timezone.now()
        )


def test_dashboard_query_count_does_not_grow_with_the_content(redaktion_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            dashboard(redaktion_client)
        return len(captured)

    add_stale_content(3)
    few = queries()
    add_stale_content(30)
    assert queries() == few


def test_marking_items_as_reviewed_takes_them_off_the_dashboard(redaktion_client):
    from catalog.models import Measure

    stale = [make_measure(title=f"Veraltet {n}", last_reviewed=None) for n in range(2)]
    redaktion_client.post(
        reverse("admin:catalog_measure_changelist"),
        {"action": "mark_reviewed", "_selected_action": [str(m.pk) for m in stale]},
    )
    assert set(Measure.objects.values_list("last_reviewed", flat=True)) == {TODAY}
    content = dashboard(redaktion_client)
    assert "Veraltet" not in section(content, "Seit über 12 Monaten nicht geprüft")
    assert stale[0].history.first().history_change_reason == "Auf Aktualität geprüft"


def test_authors_see_their_waiting_and_rejected_changes_with_the_comment(
    redaktion_client, redakteurin, chefin
):
    from editorial.models import PendingChange, PendingStatus

    live = make_measure(title="Bauhof teilen")
    older = make_measure(title="Alte Ablehnung")
    PendingChange.objects.create(item=live, author=redakteurin, item_label="Bauhof teilen")
    PendingChange.objects.create(
        item=live,
        author=redakteurin,
        item_label="Winterdienst",
        status=PendingStatus.REJECTED,
        reviewer=chefin,
        reviewed_at=timezone.now(),
        comment="Quelle fehlt.",
    )
    PendingChange.objects.create(
        item=older,
        author=redakteurin,
        item_label="Alte Ablehnung",
        status=PendingStatus.REJECTED,
        reviewed_at=timezone.now() - timedelta(days=40),
    )

    content = section(dashboard(redaktion_client), "Ihre Änderungen an veröffentlichten")

    assert "Bauhof teilen</a> – wartet auf Freigabe" in content
    assert "Winterdienst</a> – abgelehnt am" in content and "„Quelle fehlt.“" in content
    assert "Alte Ablehnung" not in content


def test_reviewers_do_not_get_the_authors_section(chef_client):
    assert "Ihre Änderungen an veröffentlichten" not in dashboard(chef_client)
