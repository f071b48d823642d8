"""Every public page and API list runs the same number of queries at 10 and at 1,000 examples.

The data come from ``generate_demo_data`` (bulk-created, realistic relations), the URLs from
the URL resolver (``tests/public_urls.py``), so new pages are covered automatically. The counts
are taken once per size in a module-wide transaction that is rolled back at the end.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from catalog.models import Measure, Resource
from pages.models import Page
from practice.models import (
    CooperationForm,
    District,
    ExampleStatus,
    Municipality,
    PracticeExample,
)
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)
from tests.public_urls import public_route_ids, public_routes, url_for

# The marker makes pytest-django set up the test database; the counting itself happens once,
# in the module fixture below.
pytestmark = pytest.mark.django_db


def build_structure():
    for _ in range(3):
        district = make_district()
        for population in (900, 5_000, 40_000):
            make_municipality(district=district, population=population)
    for _ in range(3):
        field = make_field()
        for _ in range(3):
            make_measure(field_of_action=field)
    for _ in range(3):
        make_cooperation_form()
        make_resource()
        make_glossary_term()
    make_page()


def busiest(queryset, relation="practice_examples"):
    """The object with the most published examples, so every prefetch has rows to follow."""
    return queryset.annotate(
        n=Count(relation, filter=Q(**{f"{relation}__publication_state": "published"}))
    ).order_by("-n", "pk")[0]


def pick_objects() -> dict:
    measure = busiest(Measure.objects.published())
    example = (
        PracticeExample.objects.published()
        .annotate(n=Count("municipalities"))
        .order_by("-n", "pk")
        .first()
    )
    return {
        "measure": measure,
        "field": measure.field_of_action,
        "example": example,
        "page": Page.objects.published().first(),
        "resource": Resource.objects.published().first(),
        "district": busiest(District.objects.all(), "municipalities__practice_examples"),
        "municipality": busiest(Municipality.objects.all()),
        "cooperation_form": example.cooperation_form or CooperationForm.objects.first(),
        "tag": Tag.objects.annotate(n=Count("taggit_taggeditem_items")).first()
        or Tag.objects.first(),
    }


def urls_to_check(objects: dict) -> dict[str, str]:
    urls = {}
    for key, namespace, name in public_routes():
        url = url_for(key, namespace, name, objects)
        if url is not None:
            urls[key] = url
    filters = (
        f"?handlungsfeld={objects['field'].slug}&landkreis={objects['district'].slug}"
        f"&status={ExampleStatus.ONGOING}"
    )
    if "practice:example-list" in urls:
        urls["practice:example-list (3 Filter)"] = urls["practice:example-list"] + filters
    if "api:example-list" in urls:
        urls["api:example-list (3 Filter)"] = urls["api:example-list"] + filters
    if "catalog:search" in urls:
        urls["catalog:search"] += "?q=Demonstrationsdaten"
    return urls


def count_queries(urls: dict[str, str]) -> dict[str, tuple[int, int]]:
    client = Client()
    counts = {}
    for key, url in urls.items():
        cache.clear()  # API throttling history and any cached fragments
        client.get(url)  # warm per-process caches (content types …) the same way at both sizes
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[key] = (response.status_code, len(queries))
    return counts


def demo(count: int):
    call_command("generate_demo_data", str(count), "--force", stdout=StringIO())


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_structure()
        demo(10)
        objects = pick_objects()
        urls = urls_to_check(objects)
        small = count_queries(urls)
        demo(990)
        large = count_queries(urls)
        transaction.set_rollback(True)
    return urls, small, large


EXTRA_IDS = [
    "practice:example-list (3 Filter)",
    "api:example-list (3 Filter)",
]


@pytest.mark.parametrize("route", public_route_ids() + EXTRA_IDS)
def test_query_count_does_not_grow_with_the_number_of_examples(measured, route):
    urls, small, large = measured
    if route not in urls:
        pytest.skip(f"{route}: kein passendes Objekt oder Route noch nicht vorhanden")
    small_status, small_count = small[route]
    large_status, large_count = large[route]

    assert small_status < 500 and large_status < 500, (route, small_status, large_status)
    assert small_count == large_count, (
        f"{urls[route]}: {small_count} Abfragen bei 10, {large_count} bei 1.000 Beispielen"
    )


def test_every_public_list_is_covered(measured):
    urls, small, _large = measured
    for key in ("catalog:home", "practice:example-list", "catalog:measure-list"):
        assert key in urls
        assert small[key][0] == 200
