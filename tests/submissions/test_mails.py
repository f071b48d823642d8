"""The submission's mails: greeting by name, a direct admin link, nothing lost when mail fails."""

import smtplib

import pytest
from django.core import mail
from django.core.management import call_command

from submissions.models import Submission

URL = "/praxisbeispiel-melden/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_mail(monkeypatch):
    def fail(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Verbindung verloren")

    monkeypatch.setattr("submissions.mails.send_mail", fail)


def test_the_confirmation_greets_by_the_name_field_and_echoes_no_free_text(client, form_data):
    client.post(URL, {**form_data, "contact_name": "Frau Dr. Erika Muster-Schulze"})

    confirmation = mail.outbox[0]
    assert confirmation.body.startswith("Guten Tag Frau Dr. Erika Muster-Schulze,")
    for free_text in (form_data["title"], form_data["contact_organisation"], "Erika Muster,"):
        assert free_text not in confirmation.subject + confirmation.body.split("\n", 1)[1]


def test_without_a_name_the_greeting_is_neutral(client, form_data):
    client.post(URL, {**form_data, "contact_name": ""})
    assert mail.outbox[0].body.startswith("Guten Tag,\n")


@pytest.mark.parametrize("name", ["Besuchen Sie www.example.invalid", "Gewinn 1000 €", "a@b.de"])
def test_a_name_that_is_no_name_is_refused_and_nothing_is_sent(client, form_data, name):
    response = client.post(URL, {**form_data, "contact_name": name})

    assert response.status_code == 400
    assert "Bitte geben Sie nur Ihren Namen an" in response.content.decode()
    assert form_data["description"] in response.content.decode()
    assert mail.outbox == []


def test_the_office_notice_links_straight_to_the_submission_in_the_admin(
    client, form_data, settings
):
    settings.SITE_URL = "https://ikz.example.org"
    client.post(URL, form_data)

    submission = Submission.objects.get()
    notice = mail.outbox[1]
    assert notice.to == [settings.CONTACT_EMAIL]
    assert f"https://ikz.example.org/admin/submissions/submission/{submission.pk}/change/" in (
        notice.body
    )


def test_a_rate_limited_post_sends_no_mail(client, form_data, settings):
    settings.IKZ_RATE_SUBMISSIONS = "1/hour"
    client.post(URL, form_data)
    mail.outbox.clear()

    assert client.post(URL, form_data).status_code == 429
    assert mail.outbox == []


def test_when_mail_fails_the_submission_is_saved_once_and_acknowledged(
    client, form_data, broken_mail
):
    response = client.post(URL, form_data)

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.confirmation_sent_at is None
    assert submission.notification_sent_at is None


def test_unsent_mails_are_sent_later_by_the_command(client, form_data, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("Mailserver nicht erreichbar")

    with monkeypatch.context() as patch:
        patch.setattr("submissions.mails.send_mail", fail)
        client.post(URL, form_data)
    assert mail.outbox == []

    call_command("send_submission_mails", "--dry-run")
    assert mail.outbox == []
    call_command("send_submission_mails")
    call_command("send_submission_mails")  # a second run sends nothing twice

    submission = Submission.objects.get()
    assert len(mail.outbox) == 2
    assert submission.confirmation_sent_at is not None
    assert submission.notification_sent_at is not None
