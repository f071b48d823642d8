"""Admin login protection: lockout after repeated failures, strong passwords, session expiry."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Tannenzapfen-Flussufer-42"


@pytest.fixture
def chefin(django_user_model):
    return django_user_model.objects.create_user("chefin", password=PASSWORD, is_staff=True)


def login(client, password, username="chefin"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def test_five_failed_logins_lock_the_account_with_a_german_page(client, chefin):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "falsch").status_code == 200  # the form again, with its error
    locked = login(client, "falsch")
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in content
    assert "30 Minuten" in content
    # Even the right password is refused now, from another browser too.
    from django.test import Client

    assert login(Client(), PASSWORD).status_code == 429


def test_fewer_failures_do_not_lock_and_a_success_resets_them(client, chefin):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "falsch")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "falsch")
    assert login(client, PASSWORD).status_code == 302


def test_axes_reset_username_unlocks_as_the_readme_says(client, chefin):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "falsch")
    assert login(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "chefin")
    assert login(client, PASSWORD).status_code == 302


def test_lockout_is_per_user_name_across_addresses(chefin):
    from django.test import Client

    for number in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"10.0.0.{number + 1}").post(
            reverse("admin:login"), {"username": "chefin", "password": "falsch"}
        )
    assert login(Client(REMOTE_ADDR="10.0.0.99"), PASSWORD).status_code == 429


@pytest.mark.parametrize("password", ["kurz-1", "123456789012345", "qwertyuiop123", "sommerfeld12"])
def test_weak_passwords_are_refused(chefin, password):
    chefin.last_name = "Sommerfeld"
    with pytest.raises(ValidationError):
        validate_password(password, user=chefin)


def test_a_long_unusual_password_is_accepted(chefin):
    validate_password("Sorbische-Heide-Laterne-7", user=chefin)


def test_sessions_expire_after_the_configured_time_and_with_the_browser(client, chefin):
    assert login(client, PASSWORD).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    session = Session.objects.get()
    lifetime = session.expire_date - timezone.now()
    assert timedelta(hours=8) - timedelta(minutes=1) < lifetime <= timedelta(hours=8)  # README

    assert client.get(reverse("admin:index")).status_code == 200
    session.expire_date = timezone.now() - timedelta(seconds=1)
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_client_login_still_works_in_tests_without_a_request(client, chefin):
    assert client.login(username="chefin", password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_check_framework_accepts_the_axes_setup():
    from django.core.checks import run_checks

    assert [message.id for message in run_checks() if message.id.startswith("axes.")] == []


def test_rate_limit_keys_are_fixed_length_and_hide_the_address(settings):
    from django.test import RequestFactory

    from editorial.security import client_key

    settings.IKZ_TRUSTED_PROXIES = 1
    factory = RequestFactory()
    hostile = factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, " + "ä x" * 500)
    plain = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.8")

    keys = [client_key(request, "submissions:sent") for request in (hostile, plain, other)]
    assert {len(key) for key in keys} == {len("submissions:sent:") + 32}
    assert len(set(keys)) == 3
    assert "198.51.100.7" not in keys[1]
    assert client_key(plain, "api") != keys[1]  # each limit counts on its own
