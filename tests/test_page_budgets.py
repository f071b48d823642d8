"""A budget per public page type, with the bundled content: queries on a cold render (empty
fragment cache), queries when its blocks come from the fragment cache, and the HTML size.

A budget is today's figure: a change that needs more must raise it here, in review. The figures
with 10,000 and 100,000 examples are measured by ``make bench`` (docs/PERFORMANCE.md); the query
counts do not grow with the data (``tests/test_query_budgets.py``).
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_query_budgets import pick_objects, urls_to_check

pytestmark = pytest.mark.django_db

# route → (queries cold, queries from the fragment cache, KiB of HTML); measured 2026-12-02.
BUDGETS = {
    "catalog:home": (10, 1, 26),  # counts in SQL: no list index needed after a change
    "catalog:measure-list": (8, 2, 64),
    "catalog:measure-detail": (13, 2, 23),
    "catalog:field-detail": (11, 2, 21),  # a sample per measure from SQL: no list index
    "practice:example-list": (4, 1, 56),
    "practice:example-list (3 Filter)": (6, 3, 37),
    "practice:example-detail": (11, 2, 30),
    "catalog:search": (7, 1, 11),  # PostgreSQL adds highlighted snippets: 10.2 KiB (SQLite 8.9)
    "planning:selfcheck": (3, 3, 22),  # 20.7 KiB alone, 21.1 after the whole suite on PostgreSQL
    "planning:gaps": (2, 1, 10),
    "api:example-list": (9, 1, 81),
}


def queries(client, url) -> tuple[int, int, float]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured), len(response.content) / 1024


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_content", stdout=StringIO())
        call_command("load_selfcheck", stdout=StringIO())
        urls = urls_to_check(pick_objects())
        urls["catalog:search"] = reverse("catalog:search") + "?q=Bauhof"
        client = Client()
        figures = {}
        for route, url in urls.items():
            client.get(url)  # per-process caches (content types, the list index) as in production
            cache.clear()
            status, cold, kib = queries(client, url)
            _status, warm, _kib = queries(client, url)
            figures[route] = (status, cold, warm, kib)
        transaction.set_rollback(True)
    return urls, figures


@pytest.mark.parametrize("route", BUDGETS)
def test_each_page_type_keeps_its_budget(measured, route):
    urls, figures = measured
    status, cold, warm, kib = figures[route]
    cold_budget, warm_budget, kib_budget = BUDGETS[route]
    assert status == 200, urls[route]
    assert cold <= cold_budget, f"{urls[route]}: {cold} Abfragen beim ersten Aufruf"
    assert warm <= warm_budget, f"{urls[route]}: {warm} Abfragen aus dem Fragment-Cache"
    assert kib <= kib_budget, f"{urls[route]}: {kib:.1f} KiB HTML"


def test_no_page_costs_more_queries_from_the_fragment_cache(measured):
    urls, figures = measured
    worse = {
        route: (cold, warm)
        for route, (status, cold, warm, _kib) in figures.items()
        if status == 200 and warm > cold
    }
    assert worse == {}


#: Issue 15: the HTML of /praxisbeispiele/ stays at or under 60 KB at any data size.
LIST_CEILING_BYTES = 60 * 1024


#: A district lists its municipalities in the facet; a field of action its measures.
FILTERED = (
    "?landkreis=bautzen",
    "?landkreis=erzgebirgskreis&handlungsfeld=personal-kompetenzen-wissensaustausch&status=ongoing",
)


@pytest.fixture(scope="module")
def list_sizes(django_db_setup, django_db_blocker):
    """Bytes of the list page with the bundled content plus 200, then 1,000 demo examples:
    whatever grows with the data (municipalities, tags, points on the map) must be bounded."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_content", stdout=StringIO())
        client = Client()
        sizes = {}
        for total, added in ((200, 200), (1000, 800)):
            call_command("generate_demo_data", str(added), "--force", stdout=StringIO())
            cache.clear()
            for query in ("", "?seite=2", "?sortierung=titel", *FILTERED):
                response = client.get(reverse("practice:example-list") + query)
                assert response.status_code == 200
                sizes[(total, query)] = len(response.content)
        transaction.set_rollback(True)
    return sizes


def test_the_example_list_stays_under_60_kb_with_many_examples(list_sizes):
    too_big = {key: size for key, size in list_sizes.items() if size > LIST_CEILING_BYTES}
    assert too_big == {}, f"mehr als 60 KB HTML (Beispiele, Abfrage): {too_big}"
    # and it barely grows from 200 to 1,000 examples
    assert list_sizes[(1000, "")] - list_sizes[(200, "")] < 2 * 1024
