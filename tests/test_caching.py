"""Anonymous page cache, its invalidation, conditional GET and a Redis that is down."""

import socket
import time

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from catalog.models import PublicationState
from ikz import caching, page_keys
from ikz.caching import AnonymousPageCacheMiddleware
from tests.conftest import make_example, make_field, make_measure


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caching._Breaker.reset()
    from django.core.cache import cache

    cache.clear()
    yield settings
    caching._Breaker.reset()


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings, closed_port):
    settings.CACHES = {
        "default": {
            "BACKEND": "ikz.caching.SafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    return settings


@pytest.mark.django_db
def test_anonymous_pages_come_from_the_cache_on_the_second_request(client):
    make_field(title="Organisation")

    first = client.get("/")
    second = client.get("/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


@pytest.mark.django_db
def test_a_published_change_is_visible_on_the_very_next_request(client):
    field = make_field(title="Alter Titel des Handlungsfelds")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    field.title = "Neuer Titel des Handlungsfelds"
    field.save()
    response = client.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert "Neuer Titel des Handlungsfelds" in response.content.decode()


@pytest.mark.django_db
def test_publishing_an_example_and_linking_it_invalidates_cached_lists(client):
    measure = make_measure()
    example = make_example(title="Gemeinsamer Bauhof", publication_state=PublicationState.DRAFT)
    url = reverse("practice:example-list") + f"?massnahme={measure.slug}"
    assert "Gemeinsamer Bauhof" not in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"

    example.publication_state = PublicationState.PUBLISHED
    example.save()
    example.measures.add(measure)  # m2m_changed

    assert "Gemeinsamer Bauhof" in client.get(url).content.decode()


@pytest.mark.django_db
def test_deleting_content_invalidates_the_cache(client):
    field = make_field(title="Bald gelöscht")
    client.get("/")

    field.delete()

    assert "Bald gelöscht" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_editors_never_get_or_fill_cached_pages(client, editor_client):
    draft = make_example(title="Entwurf in Arbeit", publication_state=PublicationState.DRAFT)
    url = draft.get_absolute_url()

    preview = editor_client.get(url)
    again = editor_client.get(url)

    assert preview.status_code == again.status_code == 200
    assert "X-Page-Cache" not in preview and "X-Page-Cache" not in again
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_editor_sees_a_fresh_page_while_anonymous_visitors_are_cached(client, editor_client):
    make_field(title="Sichtbar")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    assert "X-Page-Cache" not in editor_client.get("/")


def run_middleware(response_factory, path="/handlungsfelder/", **request_kwargs):
    request = RequestFactory().get(path, **request_kwargs)
    middleware = AnonymousPageCacheMiddleware(lambda req: response_factory(req))
    return middleware(request), middleware(RequestFactory().get(path, **request_kwargs))


@pytest.mark.django_db
@pytest.mark.parametrize("cache_control", ["private", "no-store", "no-cache", "max-age=0, private"])
def test_private_responses_are_never_stored(cache_control):
    def view(request):
        response = HttpResponse("persönlich")
        response["Cache-Control"] = cache_control
        return response

    first, second = run_middleware(view)

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


@pytest.mark.django_db
def test_pages_with_a_csrf_token_or_a_cookie_are_never_stored():
    def form_view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>")

    def cookie_view(request):
        response = HttpResponse("ok")
        response.set_cookie("merkliste", "1")
        return response

    for view in (form_view, cookie_view):
        first, second = run_middleware(view)
        assert "X-Page-Cache" not in second


@pytest.mark.django_db
def test_requests_with_a_session_or_messages_cookie_bypass_the_cache(client):
    make_field()
    client.get("/")
    client.cookies["messages"] = "irgendwas"

    assert "X-Page-Cache" not in client.get("/")


@pytest.mark.django_db
def test_the_fetch_partial_and_the_full_page_are_cached_apart(client):
    make_example(title="Gemeinsame Kläranlage")
    url = reverse("practice:example-list")
    full = client.get(url)
    partial = client.get(url, headers={"X-Requested-With": "fetch"})

    assert partial["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url).content == full.content
    assert client.get(url, headers={"X-Requested-With": "fetch"}).content == partial.content
    assert partial.content != full.content


@pytest.mark.django_db
def test_responses_varying_by_an_unknown_header_are_not_stored():
    def view(request):
        response = HttpResponse("je nach Gerät")
        response["Vary"] = "User-Agent"
        return response

    first, second = run_middleware(view)

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second


@pytest.mark.django_db
def test_the_cache_is_off_by_default_without_redis(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")

    assert "X-Page-Cache" not in client.get("/")


@pytest.mark.django_db
def test_detail_pages_answer_conditional_requests(client):
    example = make_example()
    url = example.get_absolute_url()

    response = client.get(url)
    etag = response["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": etag})

    assert not_modified.status_code == 304
    assert not_modified.content == b""


@pytest.mark.django_db
def test_cached_pages_answer_conditional_requests_too(client):
    client.get("/")
    cached = client.get("/")

    response = client.get("/", headers={"If-None-Match": cached["ETag"]})

    assert response.status_code == 304


@pytest.mark.django_db
def test_pages_work_when_redis_is_down(client, redis_down):
    make_field(title="Trotzdem da")

    first = client.get("/")
    second = client.get("/")

    assert first.status_code == second.status_code == 200
    assert "Trotzdem da" in second.content.decode()
    assert "X-Page-Cache" not in second


@pytest.mark.django_db
def test_health_reports_a_dead_cache_but_stays_up(client, redis_down):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True
    assert response.json()["cache"] == {"ok": False, "backend": "SafeRedisCache"}
    assert response.json()["status"] == "eingeschränkt"


@pytest.mark.django_db
def test_health_reports_a_working_cache(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["cache"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_working_redis_is_used(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.2).ping()
    except redis.exceptions.RedisError:
        pytest.skip("kein Redis auf 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "ikz.caching.SafeRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": "ikz-test",
        }
    }
    from django.core.cache import cache

    cache.set("ikz-test-key", "wert", 5)

    assert cache.get("ikz-test-key") == "wert"
    assert caching.cache_is_available()


def settings_with(**env) -> dict:
    """Import the settings in a fresh interpreter with ``env`` and return a few values."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, ikz.settings as s; print(json.dumps({'cache': s.CACHES['default'],"
        " 'storage': s.STORAGES['default'], 'page': s.PAGE_CACHE_SECONDS}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "AWS_", "IKZ_"))}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_redis_the_cache_is_local_and_pages_are_not_cached():
    values = settings_with()

    assert values["cache"]["BACKEND"].endswith("LocMemCache")
    assert values["page"] == 0
    assert values["storage"]["BACKEND"].endswith("FileSystemStorage")


def test_redis_url_selects_the_degrading_redis_cache_and_turns_the_page_cache_on():
    values = settings_with(REDIS_URL="redis://cache.intern:6379/0")

    assert values["cache"]["BACKEND"] == "ikz.caching.SafeRedisCache"
    assert values["cache"]["LOCATION"] == "redis://cache.intern:6379/0"
    assert values["page"] == 600
    assert settings_with(REDIS_URL="redis://x:6379/0", IKZ_PAGE_CACHE_SECONDS="0")["page"] == 0


def test_a_bucket_moves_media_to_s3_compatible_storage():
    values = settings_with(AWS_STORAGE_BUCKET_NAME="ikz-medien")

    assert values["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"


@pytest.mark.django_db
def test_a_page_served_before_comes_from_process_memory_until_content_changes(client):
    from django.core.cache import cache

    field = make_field(title="Organisation")
    client.get("/")
    request = RequestFactory().get("/")
    stored = caching._page_key(request, page_keys.parameters_for(request))
    cache.delete(stored)  # only the process keeps it now

    assert client.get("/")["X-Page-Cache"] == "hit"

    field.title = "Organisation und Recht"
    field.save()
    fresh = client.get("/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Organisation und Recht" in fresh.content.decode()


def _page(version, content, expires_at=None):
    expires_at = time.time() + 600 if expires_at is None else expires_at
    return caching.CachedPage(version, expires_at, 200, [], content)


def test_process_memory_keeps_the_most_recent_pages_within_its_limit(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 250
    pages = caching.LocalPages()
    for name in "abc":
        pages.put(name, _page("v1", name.encode() * 100))
    assert list(pages.entries) == ["b", "c"]
    assert pages.size == 200
    assert pages.get("b", "v1") is not None
    pages.put("d", _page("v1", b"d" * 100))
    assert list(pages.entries) == ["b", "d"]  # "c" was the least recently used
    assert pages.get("b", "v2") is None  # another content version
    pages.put("huge", _page("v1", b"x" * 300))
    assert "huge" not in pages.entries


def test_process_memory_ends_a_page_with_its_cache_lifetime():
    pages = caching.LocalPages()
    pages.put("old", _page("v1", b"old", expires_at=time.time() - 1))
    pages.put("fresh", _page("v1", b"fresh"))
    assert pages.get("old", "v1") is None
    assert pages.get("fresh", "v1") is not None


@pytest.mark.django_db
def test_a_page_past_its_lifetime_is_rendered_anew(client, page_cache, monkeypatch):
    page_cache.PAGE_CACHE_SECONDS = 60
    make_field(title="Organisation")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    later = time.time() + 61
    monkeypatch.setattr(caching.time, "time", lambda: later)
    assert client.get("/")["X-Page-Cache"] == "miss"
