"""One rate limiter for anonymous writes: German 429s, and soft per process when Redis is down."""

import socket

import pytest
from django.test import Client
from django.urls import reverse

from ikz import caching, ratelimit
from planning.models import InterestSignal, Plan
from tests.conftest import make_measure, make_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _breaker():
    caching._Breaker.reset()
    yield
    caching._Breaker.reset()


@pytest.fixture
def redis_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "ikz.caching.SafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    return settings


def signal_data(place):
    return {
        "municipality": str(place.pk),
        "organisation": "Stadtverwaltung, Hauptamt",
        "contact_email": "digital@example.org",
        "consent": "on",
        "website": "",
    }


def test_too_many_new_plans_get_a_german_429_with_retry_after(client, settings):
    settings.IKZ_RATE_PLANS = "2/hour"
    for _ in range(2):
        assert client.post(reverse("planning:plan-create")).status_code == 302

    response = client.post(reverse("planning:plan-create"))

    assert response.status_code == 429
    assert "zu viele Änderungen an Maßnahmenplänen" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Plan.objects.count() == 2


def test_a_refused_plan_edit_keeps_what_was_typed(client, settings):
    settings.IKZ_RATE_PLAN_EDITS = "1/hour"
    plan = Plan.objects.create()
    url = reverse("planning:plan-edit", kwargs={"token": plan.edit_token})
    data = {
        "plan-title": "Unser Plan",
        "eintrag-TOTAL_FORMS": "0",
        "eintrag-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302

    response = client.post(url, {**data, "plan-title": "Neuer Titel, bitte behalten"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "zu viele Änderungen an Maßnahmenplänen" in html
    assert 'value="Neuer Titel, bitte behalten"' in html
    plan.refresh_from_db()
    assert plan.title == "Unser Plan"


def test_the_limit_counts_per_client(settings):
    settings.IKZ_RATE_PLANS = "1/hour"
    url = reverse("planning:plan-create")
    assert Client(REMOTE_ADDR="192.0.2.1").post(url).status_code == 302
    assert Client(REMOTE_ADDR="192.0.2.1").post(url).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.2").post(url).status_code == 302


def test_a_dead_redis_cannot_count_and_says_so_without_raising(redis_down):
    from django.core.cache import cache

    assert cache.incr("ratelimit:anything") is None


def test_with_redis_down_interest_signals_are_limited_per_process_never_500(client, redis_down):
    measure, place = make_measure(), make_municipality()
    url = reverse("planning:interest-create", kwargs={"slug": measure.slug})

    answers = [client.post(url, signal_data(place)).status_code for _ in range(7)]

    assert answers == [302] * 5 + [429] * 2
    assert InterestSignal.objects.count() == 5


def test_with_redis_down_the_api_still_throttles(client, redis_down, settings):
    settings.IKZ_API_ANON_RATE = "2/min"
    answers = [client.get("/api/v1/landkreise/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_process_fallback_forgets_the_oldest_clients_first(monkeypatch):
    monkeypatch.setattr(ratelimit, "LOCAL_CLIENTS", 2)
    counts = ratelimit._LocalCounts()
    for key in ("a", "b", "a", "c"):
        counts.incr(key)
    assert dict(counts.counts) == {"a": 2, "c": 1}


@pytest.mark.parametrize("rate", ["viele", "10/woche", "/min", "5/"])
def test_a_bad_rate_in_the_environment_fails_loudly(rate, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from ikz.env import env_rate

    monkeypatch.setenv("IKZ_RATE_PLANS", rate)
    with pytest.raises(ImproperlyConfigured, match="IKZ_RATE_PLANS"):
        env_rate("IKZ_RATE_PLANS", "20/hour")
