"""The anonymous search log: what it keeps, what it never keeps, purging, the dashboard."""

import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from search.counting import SEARCH_RESULTS_HEADER, pending_searches
from search.models import SearchLogEntry
from tests.conftest import make_example
from tests.test_caching import page_cache  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def counted_at_once(settings):
    """Every search reaches the log at the end of its request (production: once a minute)."""
    settings.SEARCH_LOG_FLUSH_SECONDS = 0


def logged():
    return [
        (r["query"], r["day"], r["searches"], r["results"])
        for r in SearchLogEntry.objects.order_by("query").values()
    ]


def test_a_search_is_counted_per_normalised_query_and_day(client, counted_at_once):
    make_example(title="Bauhof-Verbund")
    client.get("/suche/", {"q": "  BAUHOF "}, REMOTE_ADDR="203.0.113.9")
    client.get("/suche/", {"q": "bauhof"})
    client.get("/suche/", {"q": "Raumfahrt"})
    assert logged() == [("bauhof", TODAY, 2, 1), ("raumfahrt", TODAY, 1, 0)]


@pytest.mark.usefixtures("page_cache")
def test_searches_served_from_the_page_cache_are_counted_too(client, counted_at_once):
    make_example(title="Bauhof-Verbund")
    responses = [client.get("/suche/", {"q": "Bauhof"}) for _ in range(3)]
    assert [r.get("X-Page-Cache") for r in responses] == ["miss", "hit", "hit"]
    assert logged() == [("bauhof", TODAY, 3, 1)]
    assert all(SEARCH_RESULTS_HEADER not in r for r in responses)  # internal, never sent


def test_searches_are_added_to_the_log_in_batches(client, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 60
    pending_searches.flushed_at = time.monotonic()
    for _ in range(3):
        client.get("/suche/", {"q": "Bauhof"})
    client.get("/suche/", {"q": "Kita"})
    assert logged() == []  # still in this process's memory

    pending_searches.flushed_at -= 61  # a minute later, the next request of any page adds them
    client.get("/")
    assert logged() == [("bauhof", TODAY, 3, 0), ("kita", TODAY, 1, 0)]
    assert pending_searches.counts == {}


def test_a_failing_database_keeps_the_counts_for_the_next_flush(client, monkeypatch, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 60
    client.get("/suche/", {"q": "Bauhof"})
    original = SearchLogEntry.add

    def unavailable(*args):
        raise OperationalError("database is gone")

    monkeypatch.setattr(SearchLogEntry, "add", unavailable)
    pending_searches.flush()
    assert logged() == [] and len(pending_searches.counts) == 1

    monkeypatch.setattr(SearchLogEntry, "add", original)
    pending_searches.flush()
    assert logged() == [("bauhof", TODAY, 1, 0)]


def test_adding_to_a_row_another_process_just_created(monkeypatch):
    SearchLogEntry.add("bauhof", TODAY, 2, 4)
    # The other process inserts between this process's update (no row yet) and its insert.
    real_update = type(SearchLogEntry.objects.all()).update
    calls = []

    def update_missing_the_row_once(queryset, **kwargs):
        calls.append(kwargs)
        return 0 if len(calls) == 1 else real_update(queryset, **kwargs)

    monkeypatch.setattr(type(SearchLogEntry.objects.all()), "update", update_missing_the_row_once)
    SearchLogEntry.add("bauhof", TODAY, 3, 5)
    assert logged() == [("bauhof", TODAY, 5, 5)]


def test_the_log_holds_nothing_about_the_person(client, counted_at_once):
    response = client.get(
        "/suche/", {"q": "Zweckverband"}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox"
    )
    assert {f.name for f in SearchLogEntry._meta.get_fields()} == {
        "id",
        "query",
        "day",
        "results",
        "searches",
    }
    row = SearchLogEntry.objects.values().get()
    assert "203.0.113.9" not in str(row) and "Firefox" not in str(row)
    assert not response.cookies  # the search sets no cookie


def test_editors_and_empty_queries_are_not_logged(client, editor_client, counted_at_once):
    editor_client.get("/suche/", {"q": "Bauhof"})
    client.get("/suche/", {"q": "   "})
    client.head("/suche/", {"q": "Bauhof"})
    assert not SearchLogEntry.objects.exists()


def make_entry(query, days_ago, results=0, searches=1):
    return SearchLogEntry.objects.create(
        query=query, day=TODAY - timedelta(days=days_ago), results=results, searches=searches
    )


def test_purge_deletes_entries_older_than_the_setting(settings):
    settings.SEARCH_LOG_DAYS = 180
    make_entry("alt", 181)
    make_entry("grenze", 180)
    make_entry("neu", 0)
    call_command("purge_search_log", "--dry-run")
    assert SearchLogEntry.objects.count() == 3
    call_command("purge_search_log")
    assert set(SearchLogEntry.objects.values_list("query", flat=True)) == {"grenze", "neu"}
    call_command("purge_search_log", "--days", "0")
    assert set(SearchLogEntry.objects.values_list("query", flat=True)) == {"neu"}
    with pytest.raises(CommandError):
        call_command("purge_search_log", "--days", "-1")


def test_the_dashboard_shows_searches_without_results_and_the_most_frequent(admin_client):
    make_entry("breitband", 1, results=0, searches=4)
    make_entry("breitband", 2, results=0, searches=1)
    make_entry("bauhof", 0, results=3, searches=9)
    make_entry("uralt", 40, results=0, searches=50)
    html = admin_client.get("/admin/").content.decode()
    without = html[html.index("Suchen ohne Treffer") : html.index("Häufigste Suchen")]
    assert 'href="/suche/?q=breitband">breitband</a> – 5 Suchen' in without
    assert "bauhof" not in without and "uralt" not in without
    frequent = html[html.index("Häufigste Suchen") :]
    assert frequent.index("bauhof") < frequent.index("breitband")
    assert "uralt" not in frequent
