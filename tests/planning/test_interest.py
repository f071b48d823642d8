"""„Wir planen das auch“: moderated signals that a municipality plans a measure."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from planning.models import InterestSignal, SignalStatus
from tests.conftest import make_measure, make_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def url_for(measure):
    return reverse("planning:interest-create", kwargs={"slug": measure.slug})


def signal_data(place, **changes):
    data = {
        "municipality": str(place.pk),
        "organisation": "Stadtverwaltung, Hauptamt",
        "contact_email": "digital@example.org",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def test_a_signal_is_stored_pending_and_not_shown_before_approval(client):
    measure = make_measure()
    wurzen = make_municipality(name="Wurzen")
    response = client.post(url_for(measure), signal_data(wurzen))
    assert response.status_code == 302
    assert response.url == measure.get_absolute_url()
    signal = InterestSignal.objects.get()
    assert (signal.measure, signal.municipality, signal.status) == (
        measure,
        wurzen,
        SignalStatus.PENDING,
    )
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Die Redaktion prüft Ihre Meldung" in page
    assert "Stadtverwaltung, Hauptamt" not in page
    # The confirmation is this visitor's, never part of the sheet's cached blocks.
    assert (
        "Die Redaktion prüft Ihre Meldung"
        not in Client().get(measure.get_absolute_url()).content.decode()
    )


def test_consent_is_required_and_the_input_is_kept(client):
    measure = make_measure()
    response = client.post(
        url_for(measure), signal_data(make_municipality(), consent="", organisation="Amt Nord")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ohne Ihre Einwilligung können wir nichts veröffentlichen." in html
    assert 'value="Amt Nord"' in html
    assert not InterestSignal.objects.exists()


def test_bad_email_and_unknown_municipality_get_german_messages(client):
    measure = make_measure()
    municipality = make_municipality()
    response = client.post(
        url_for(measure), signal_data(municipality, contact_email="kein-at", municipality="9999")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an." in html
    assert "gültige Auswahl" in html
    assert not InterestSignal.objects.exists()


def test_the_honeypot_pretends_success_and_stores_nothing(client):
    measure = make_measure()
    response = client.post(url_for(measure), signal_data(make_municipality(), website="spam"))
    assert response.status_code == 302
    assert not InterestSignal.objects.exists()


def test_too_many_signals_from_one_address_are_refused(client, settings):
    settings.IKZ_RATE_INTEREST_SIGNALS = "3/hour"
    measure = make_measure()
    municipality = make_municipality()
    for _ in range(3):
        assert client.post(url_for(measure), signal_data(municipality)).status_code == 302
    response = client.post(url_for(measure), signal_data(municipality))
    assert response.status_code == 429
    assert "zu viele Meldungen" in response.content.decode()
    assert InterestSignal.objects.count() == 3


def test_posting_needs_the_csrf_token():
    measure = make_measure()
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(url_for(measure), signal_data(make_municipality())).status_code == 403


def test_unknown_measure_is_404(client):
    response = client.get(reverse("planning:interest-create", kwargs={"slug": "gibt-es-nicht"}))
    assert response.status_code == 404


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        username="moderatorin", password="geheim-genug-123", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="planning", codename__endswith="signal")
    )
    browser = Client()
    browser.force_login(user)
    return browser


def test_editors_approve_in_the_admin_and_the_measure_page_lists_it(client, moderator):
    measure = make_measure()
    client.get(measure.get_absolute_url())  # the sheet's blocks are kept per content revision
    approved = InterestSignal.objects.create(
        measure=measure,
        municipality=make_municipality(name="Borsdorf"),
        organisation="Gemeinde Borsdorf",
        consent=True,
    )
    rejected = InterestSignal.objects.create(
        measure=measure,
        municipality=make_municipality(name="Machern"),
        organisation="Gemeinde Machern",
        consent=True,
    )
    changelist = reverse("admin:planning_interestsignal_changelist")
    assert moderator.get(changelist).status_code == 200
    moderator.post(changelist, {"action": "approve", "_selected_action": [approved.pk]})
    moderator.post(changelist, {"action": "reject", "_selected_action": [rejected.pk]})
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert approved.status == SignalStatus.APPROVED and approved.reviewed_at
    assert rejected.status == SignalStatus.REJECTED
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Gemeinde Borsdorf" in page
    assert "Gemeinde Machern" not in page


def test_anonymous_visitors_cannot_moderate(client):
    response = client.get(reverse("admin:planning_interestsignal_changelist"))
    assert response.status_code == 302


def test_signals_are_listed_nearest_first_from_the_chosen_municipality(client):
    measure = make_measure()

    def place(name, lon, lat):
        return make_municipality(name=name, longitude=Decimal(lon), latitude=Decimal(lat))

    leipzig = place("Leipzig", "12.3731", "51.3397")
    for name, lon, lat in [
        ("Görlitz", "14.9872", "51.1528"),
        ("Wurzen", "12.7395", "51.3707"),
        ("Dresden", "13.7373", "51.0504"),
    ]:
        InterestSignal.objects.create(
            measure=measure,
            municipality=place(name, lon, lat),
            organisation=f"Stadt {name}",
            consent=True,
            status=SignalStatus.APPROVED,
        )
    page = client.get(measure.get_absolute_url(), {"von_gemeinde": leipzig.slug}).content.decode()
    assert page.index("Stadt Wurzen") < page.index("Stadt Dresden") < page.index("Stadt Görlitz")
    assert "etwa 26 km von Leipzig" in page
    plain = client.get(measure.get_absolute_url()).content.decode()
    assert plain.index("Stadt Dresden") < plain.index("Stadt Görlitz") < plain.index("Stadt Wurzen")


def test_approving_a_signal_refreshes_cached_pages(moderator, settings):
    from ikz.caching import content_version

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    signal = InterestSignal.objects.create(
        measure=make_measure(),
        municipality=make_municipality(),
        organisation="Gemeinde Thallwitz",
        consent=True,
    )
    before = content_version()
    changelist = reverse("admin:planning_interestsignal_changelist")
    moderator.post(changelist, {"action": "approve", "_selected_action": [signal.pk]})
    assert content_version() != before
