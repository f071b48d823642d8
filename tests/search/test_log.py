"""The anonymous search log: what it keeps, what it never keeps, purging, the dashboard."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from search.models import SearchLogEntry
from tests.conftest import make_example

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_a_search_is_counted_per_normalised_query_and_day(client):
    make_example(title="Bauhof-Verbund")
    client.get("/suche/", {"q": "  BAUHOF "}, REMOTE_ADDR="203.0.113.9")
    client.get("/suche/", {"q": "bauhof"})
    client.get("/suche/", {"q": "Raumfahrt"})
    rows = list(SearchLogEntry.objects.order_by("query").values())
    assert [(r["query"], r["day"], r["searches"], r["results"]) for r in rows] == [
        ("bauhof", TODAY, 2, 1),
        ("raumfahrt", TODAY, 1, 0),
    ]


def test_the_log_holds_nothing_about_the_person(client):
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
    assert "private" in response["Cache-Control"]  # counted every time, never a cached page


def test_editors_and_empty_queries_are_not_logged(client, editor_client):
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
