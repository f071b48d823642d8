"""The page cache keys only on the parameters a page reads, and is bounded per path and page."""

import logging
import secrets

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ikz import caching, page_keys
from ikz.caching import AnonymousPageCacheMiddleware
from tests.conftest import make_example, make_field, make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caching._Breaker.reset()
    caching.local_pages.clear()
    cache.clear()
    yield settings
    caching.local_pages.clear()
    cache.clear()


def stored_pages() -> int:
    """Pages in the shared cache (local memory in the tests, Redis in production)."""
    return sum("ikz:page:" in key for key in cache._cache)


def test_200_requests_with_random_utm_leave_one_entry(client):
    measure = make_measure(title="Gemeinsamer Bauhof")
    url = measure.get_absolute_url()

    answers = [client.get(f"{url}?utm_source={secrets.token_hex(8)}") for _ in range(200)]

    assert stored_pages() == 1
    assert len(caching.local_pages.entries) == 1
    assert [answer.status_code for answer in answers] == [200] * 200
    assert answers[0]["X-Page-Cache"] == "miss"
    assert {answer["X-Page-Cache"] for answer in answers[1:]} == {"hit"}
    assert client.get(url)["X-Page-Cache"] == "hit"  # the plain address shares the entry


@pytest.mark.parametrize("junk", ["fbclid=IwAR0abc", "utm_campaign=newsletter&utm_medium=mail"])
def test_unknown_parameters_on_a_list_create_no_entry(client, junk):
    """The list keeps its query string in its links, so with junk it is rendered, not stored."""
    make_example(title="Gemeinsame Kläranlage")
    url = reverse("practice:example-list")

    for _ in range(5):
        response = client.get(f"{url}?{junk}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "Gemeinsame Kläranlage" in response.content.decode()

    assert stored_pages() == 0
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert stored_pages() == 1


def test_the_parameters_a_page_reads_are_part_of_the_key(client):
    make_field(title="Organisation")
    client.get("/massnahmen/?seite=1")

    assert client.get("/massnahmen/?seite=2")["X-Page-Cache"] == "miss"
    assert client.get("/massnahmen/?seite=1")["X-Page-Cache"] == "hit"


def test_the_order_of_the_parameters_does_not_matter(client):
    make_field(title="Organisation")
    client.get("/massnahmen/?aufwand=low&seite=1")

    assert client.get("/massnahmen/?seite=1&aufwand=low")["X-Page-Cache"] == "hit"


def test_a_page_reading_a_parameter_its_key_leaves_out_is_not_stored(caplog):
    """The safety net: a view that reads an unlisted parameter is rendered, never served stale."""

    def view(request):
        return HttpResponse(f"Hallo {request.GET.get('name', 'Welt')}")

    middleware = AnonymousPageCacheMiddleware(view)
    with caplog.at_level(logging.WARNING, logger="ikz.caching"):
        first = middleware(RequestFactory().get("/handlungsfelder/?name=Anna"))
        second = middleware(RequestFactory().get("/handlungsfelder/?name=Bert"))

    assert (first.content, second.content) == (b"Hallo Anna", b"Hallo Bert")
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "ikz/page_keys.py" in caplog.text and "name" in caplog.text


def test_at_most_page_cache_variants_per_path_are_stored(client, settings):
    settings.PAGE_CACHE_VARIANTS = 3
    make_field(title="Organisation")

    answers = [client.get(f"/massnahmen/?q=wort{number}") for number in range(6)]

    assert [answer.status_code for answer in answers] == [200] * 6
    assert [answer.get("X-Page-Cache") for answer in answers] == ["miss"] * 3 + [None] * 3
    assert stored_pages() == 3
    assert client.get("/massnahmen/?q=wort0")["X-Page-Cache"] == "hit"
    assert client.get("/handlungsfelder/")["X-Page-Cache"] == "miss"  # other paths have room


def test_a_page_larger_than_the_cap_is_not_stored(client, settings):
    settings.PAGE_CACHE_MAX_BYTES = 1000
    make_field(title="Organisation")

    assert "X-Page-Cache" not in client.get("/handlungsfelder/")
    assert stored_pages() == 0


def test_the_key_parameters_come_from_the_view():
    def names(path):
        return page_keys.parameters_for(RequestFactory().get(path))

    examples = names(reverse("practice:example-list"))
    assert {"seite", "landkreis", "gemeinde", "von", "bis", "sortierung", "q"} <= examples
    assert {"seite", "pro_seite", "format", "landkreis"} <= names("/api/v1/praxisbeispiele/")
    assert names(reverse("catalog:home")) == frozenset()
    assert names("/gibt-es-nicht/") == frozenset()
    assert names(reverse("planning:selfcheck-result")) == page_keys.FULL_QUERY


def test_reading_the_whole_query_string_reads_every_name_in_it():
    query = page_keys.ReadingQueryDict("a=1&b=2&b=3")
    assert query.names_read() == set()

    query.get("a")
    assert query.names_read() == {"a"}

    query.copy()  # e.g. {% querystring %}
    assert query.names_read() == {"a", "b"}
