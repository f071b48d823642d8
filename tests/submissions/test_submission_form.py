import re
import time
import warnings

import pytest
from django.core import mail
from django.core.cache.backends.base import CacheKeyWarning
from django.urls import reverse

from submissions.forms import read_start, sign_start
from submissions.models import Submission, SubmissionStatus
from tests.conftest import make_field, make_measure

from .conftest import pdf

URL = "/praxisbeispiel-melden/"
pytestmark = pytest.mark.django_db


def test_the_form_is_german_and_lists_active_municipalities_by_district(client, places):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Praxisbeispiel melden" in html
    assert "<summary>Südkreis" in html
    assert "Bad Elster" in html
    assert "Altgemeinde" not in html  # merged away, not selectable
    assert 'href="/datenschutz/"' in html
    assert 'enctype="multipart/form-data"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_form_is_linked_in_the_footer(client, places):
    response = client.get(reverse("catalog:home"))

    assert f'href="{URL}"' in response.content.decode()


def test_a_measure_from_the_address_is_preselected(client, places):
    response = client.get(URL, {"massnahme": "buergerportal"})

    html = response.content.decode()
    measure = places["measure"]
    assert f'value="{measure.pk}" id="id_measures_{measure.pk}" checked' in html
    other = places["other_measure"]
    assert f'value="{other.pk}" id="id_measures_{other.pk}">' in html


def test_an_unknown_or_unpublished_measure_in_the_address_is_ignored(client, places):
    hidden = make_measure(slug="entwurf", publication_state="draft")

    for slug in ("gibt-es-nicht", "entwurf"):
        response = client.get(URL, {"massnahme": slug})
        assert response.status_code == 200
        assert " checked" not in response.content.decode()
    assert f'id="id_measures_{hidden.pk}"' not in client.get(URL).content.decode()


def test_a_complete_report_is_stored_confirmed_and_redirected(client, places, form_data):
    response = client.post(URL, {**form_data, "attachment_1": pdf()})

    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:thanks")
    submission = Submission.objects.get()
    assert submission.title == "Gemeinsames Bürgerportal im Vogtland"
    assert submission.status == SubmissionStatus.NEW
    assert set(submission.municipalities.all()) == {places["bad_elster"], places["adorf"]}
    assert list(submission.measures.all()) == [places["measure"]]
    assert submission.cooperation_form == places["form"]
    assert (submission.start_year, submission.end_year) == (2021, 2023)
    assert [link.url for link in submission.links.all()] == [
        "https://www.bad-elster.de/portal",
        "https://adorf.de/buergerportal",
    ]
    assert submission.contact_consent is True
    assert submission.privacy_accepted_at is not None
    attachment = submission.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("bericht.pdf", "application/pdf")

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Vielen Dank für Ihre Meldung" in thanks.content.decode()

    confirmation, notification = mail.outbox
    assert confirmation.to == ["erika.muster@example.org"]
    assert confirmation.subject == f"Ihre Meldung Nr. {submission.pk} an den IKZ-Katalog"
    assert notification.subject.startswith("Neue Meldung")


def test_without_an_email_address_only_the_service_office_is_told(client, form_data):
    client.post(URL, {**form_data, "contact_email": ""})

    assert Submission.objects.count() == 1
    assert [message.subject.startswith("Neue Meldung") for message in mail.outbox] == [True]


def test_a_line_break_in_the_title_cannot_inject_mail_headers(client, form_data):
    response = client.post(URL, {**form_data, "title": "Portal\nBcc: opfer@example.org"})

    assert response.status_code == 302
    assert Submission.objects.get().title == "Portal Bcc: opfer@example.org"
    assert all(message.bcc == [] for message in mail.outbox)


INVALID_INPUTS = [
    ("title", "", "Bitte geben Sie einen Titel an."),
    ("description", "", "Bitte beschreiben Sie das Praxisbeispiel."),
    ("start_year", "1850", "Jahreszahl zwischen 1990 und"),
    ("end_year", "2019", "Das Ende liegt vor dem Beginn."),
    ("link_1", "keine adresse", "vollständige Internetadresse"),
    ("contact_email", "erika@", "gültige E-Mail-Adresse an"),
    ("contact_organisation", "", "Bitte nennen Sie Ihre Organisation."),
    ("privacy", "", "Datenschutzhinweise gelesen"),
    ("municipalities", ["999999"], "keine gültige Auswahl"),
    ("municipalities", ["9" * 40], "keine gültige Auswahl"),  # would overflow the database
    ("measures", ["1; DROP TABLE"], "keine gültige Auswahl"),
    ("cooperation_form", "9" * 40, "gültige Auswahl"),
]


@pytest.mark.parametrize(("field", "value", "message"), INVALID_INPUTS)
def test_bad_input_keeps_everything_typed_and_explains_in_german(
    client, places, form_data, field, value, message
):
    data = {**form_data, field: value}
    if field == "privacy":
        del data["privacy"]

    response = client.post(URL, data)

    assert response.status_code == 400
    assert Submission.objects.count() == 0
    html = response.content.decode()
    assert "<title>Fehler: Praxisbeispiel melden" in html
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert message in html
    assert f'<a href="#id_{field}">' in html  # the summary links to the field
    assert f'id="id_{field}_fehler"' in html  # the message sits at the field
    # everything else typed is still there
    for kept in ("title", "description", "results", "contact_organisation", "contact_phone"):
        if kept != field:
            assert f"{form_data[kept]}" in html
    if field != "municipalities":
        bad_elster = places["bad_elster"]
        assert f'value="{bad_elster.pk}" id="id_municipalities_{bad_elster.pk}" checked' in html
        assert '<details class="checkbox-group" open>' in html
    if field != "measures":
        measure = places["measure"]
        assert f'value="{measure.pk}" id="id_measures_{measure.pk}" checked' in html
    assert 'id="id_contact_consent" checked' in html


def test_an_invalid_field_is_marked_for_screen_readers(client, form_data):
    response = client.post(URL, {**form_data, "contact_email": "erika@"})

    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_contact_email_fehler id_contact_email_helptext"' in html


def test_email_or_phone_is_needed_for_questions(client, form_data):
    response = client.post(URL, {**form_data, "contact_email": "", "contact_phone": ""})

    assert response.status_code == 400
    assert "E-Mail-Adresse oder eine Telefonnummer" in response.content.decode()


def test_after_an_error_the_visitor_is_told_to_attach_files_again(client, form_data):
    response = client.post(URL, {**form_data, "title": "", "attachment_1": pdf()})

    assert response.status_code == 400
    assert "Bitte wählen Sie Ihre Anhänge erneut aus" in response.content.decode()


def test_the_honeypot_pretends_success_but_stores_nothing(client, form_data):
    response = client.post(URL, {**form_data, "homepage": "https://spam.example"})

    assert response.status_code == 302
    assert Submission.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, places):
    html = client.get(URL).content.decode()

    assert '<div class="form-hp" aria-hidden="true">' in html
    assert 'name="homepage" tabindex="-1" autocomplete="off"' in html


def test_a_form_sent_faster_than_a_person_can_type_is_refused_but_kept(client, form_data):
    response = client.post(URL, {**form_data, "started": sign_start(time.time() - 1)})

    assert response.status_code == 400
    assert Submission.objects.count() == 0
    html = response.content.decode()
    assert "schneller abgeschickt, als ein Mensch" in html
    assert form_data["description"] in html


def test_the_kept_start_time_lets_the_same_form_through_later(client, form_data, settings):
    settings.SUBMISSIONS_MIN_SECONDS = 2
    token = sign_start(time.time() - 1)
    first = client.post(URL, {**form_data, "started": token})
    assert first.status_code == 400
    assert f'value="{token}"' in first.content.decode()

    time.sleep(1.1)
    second = client.post(URL, {**form_data, "started": token})
    assert second.status_code == 302


@pytest.mark.parametrize("token", ["", "1700000000", "gefälscht:abc"])
def test_a_missing_or_forged_start_time_is_refused_with_a_fresh_one(client, form_data, token):
    response = client.post(URL, {**form_data, "started": token})

    assert response.status_code == 400
    assert Submission.objects.count() == 0
    html = response.content.decode()
    assert "Das Formular war zu lange geöffnet" in html
    fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert fresh != token
    assert read_start(fresh) == pytest.approx(time.time(), abs=5)


def test_the_eleventh_attempt_in_an_hour_gets_429_and_keeps_the_input(client, form_data):
    """The default limit is 10 attempts per hour and address (IKZ_RATE_SUBMISSIONS)."""
    for _ in range(10):
        assert client.post(URL, form_data).status_code == 302

    response = client.post(URL, {**form_data, "title": "Die elfte Meldung"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Submission.objects.count() == 10
    html = response.content.decode()
    assert "Zu viele Meldungen in kurzer Zeit" in html
    assert 'value="Die elfte Meldung"' in html
    assert form_data["description"] in html


def test_the_rate_limit_counts_per_address(client, form_data, settings):
    settings.IKZ_RATE_SUBMISSIONS = "1/hour"
    assert client.post(URL, form_data, REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(URL, form_data, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(URL, form_data, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_invalid_attempts_count_against_the_limit_too(client, form_data, settings):
    settings.IKZ_RATE_SUBMISSIONS = "3/hour"
    for _ in range(3):
        assert client.post(URL, {**form_data, "title": ""}).status_code == 400

    response = client.post(URL, form_data)

    assert response.status_code == 429
    assert Submission.objects.count() == 0


def test_spam_attempts_count_against_the_limit_too(client, form_data, settings):
    settings.IKZ_RATE_SUBMISSIONS = "2/hour"
    for _ in range(2):  # the honeypot is filled: thanked, nothing stored
        assert client.post(URL, {**form_data, "homepage": "http://spam.example"}).status_code == 302

    assert client.post(URL, form_data).status_code == 429
    assert Submission.objects.count() == 0


def test_an_attempt_over_the_limit_opens_no_file(client, form_data, settings, monkeypatch):
    settings.IKZ_RATE_SUBMISSIONS = "1/hour"
    opened = []
    monkeypatch.setattr("submissions.forms.check_attachment", lambda *a: opened.append(a))
    assert client.post(URL, {**form_data, "title": ""}).status_code == 400

    response = client.post(URL, {**form_data, "attachment_1": pdf()})

    assert response.status_code == 429
    assert opened == []


def test_the_form_page_renders_in_a_fixed_number_of_queries(
    client, places, django_assert_num_queries
):
    def queries_for_page():
        with django_assert_num_queries(3) as captured:
            client.get(URL)
        return len(captured)

    small = queries_for_page()
    field = make_field()
    for _ in range(10):
        make_measure(field_of_action=field)
    assert queries_for_page() == small


def test_behind_the_proxy_the_limit_counts_the_forwarded_address(client, form_data, settings):
    settings.IKZ_RATE_SUBMISSIONS = "1/hour"
    settings.IKZ_TRUSTED_PROXIES = 1
    first = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.5"}
    # a forged first entry does not help: the proxy's own (last) entry counts
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.5"}
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.6"}

    assert client.post(URL, form_data, **first).status_code == 302
    assert client.post(URL, form_data, **forged).status_code == 429
    assert client.post(URL, form_data, **other).status_code == 302


def test_a_hostile_forwarded_header_is_a_safe_cache_key(client, form_data, settings):
    settings.IKZ_TRUSTED_PROXIES = 1
    hostile = {"HTTP_X_FORWARDED_FOR": "ä " * 300 + "\x00"}

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # too long, or control characters
        assert client.post(URL, form_data, **hostile).status_code == 302
