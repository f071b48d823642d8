"""Discovery for a small Saxon municipality (issue 13): Saxon examples first, the origin facet
(``herkunft``) and sizes by member municipality, the same on the HTML list, the API and the
downloads."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.facet_index import current_index
from practice.models import ContentRevision, FederalState, PracticeExample
from practice.rules import SizeClass, Sort
from tests.conftest import make_district, make_example, make_measure, make_municipality

pytestmark = pytest.mark.django_db

URL = "/praxisbeispiele/"
API = "/api/v1/praxisbeispiele/"


def titles(response):
    return [example.title for example in response.context["examples"]]


def age(examples):
    """Publish ``examples`` one day apart, the first one newest."""
    now = timezone.now()
    for days, example in enumerate(examples):
        PracticeExample.objects.filter(pk=example.pk).update(published_at=now - timedelta(days))
    ContentRevision.bump()  # update() sends no signal


@pytest.fixture
def mixed():
    """Newest first: a Hessian, a Saxon, a Bavarian and an older Saxon example."""
    bautzen = make_district(name="Bautzen", slug="bautzen")
    small = make_municipality(district=bautzen, name="Lohsa", slug="lohsa", population=1500)
    town = make_municipality(district=bautzen, name="Kamenz", slug="kamenz", population=14000)
    measure = make_measure(slug="bauhof")
    examples = [
        make_example(title="Hessen neu", federal_state=FederalState.HE, measures=[measure]),
        make_example(title="Sachsen neu", municipalities=[small, town], measures=[measure]),
        make_example(title="Bayern alt", federal_state=FederalState.BY, measures=[measure]),
        make_example(title="Sachsen alt", municipalities=[town], measures=[measure]),
        make_example(title="Sachsen landesweit", measures=[measure]),
    ]
    age(examples)
    return examples


def test_the_list_puts_saxon_examples_first_then_newest(client, mixed):
    response = client.get(URL)
    assert titles(response) == [
        "Sachsen neu",
        "Sachsen alt",
        "Sachsen landesweit",
        "Hessen neu",
        "Bayern alt",
    ]
    assert response.context["filterset"].sort_key == "sachsen"
    assert '<option value="sachsen" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "first"),
    [("neueste", "Hessen neu"), ("titel", "Bayern alt"), ("sachsen", "Sachsen neu")],
)
def test_visitors_can_still_choose_the_order(client, mixed, sort, first):
    assert titles(client.get(URL, {"sortierung": sort}))[0] == first
    assert client.get(API, {"sortierung": sort}).json()["results"][0]["titel"] == first


def test_the_api_and_the_downloads_put_saxon_examples_first(client, mixed):
    api = [item["titel"] for item in client.get(API).json()["results"]]
    assert api == titles(client.get(URL))
    text = client.get("/praxisbeispiele/export.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [row["titel"] for row in rows] == api


def test_the_start_page_leads_with_saxon_examples(client, mixed):
    examples = list(client.get(reverse("catalog:home")).context["newest_examples"])
    assert [example.title for example in examples[:3]] == [
        "Sachsen neu",
        "Sachsen alt",
        "Sachsen landesweit",
    ]


def test_similar_examples_are_saxon_first(client, mixed):
    hessian = mixed[0]
    assert current_index().similar(hessian.pk, ["bauhof"], 3) == [
        mixed[1].pk,
        mixed[3].pk,
        mixed[4].pk,
    ]
    content = client.get(hessian.get_absolute_url()).content.decode()
    similar = content[content.index("Ähnliche Praxisbeispiele") :]
    assert similar.index("Sachsen neu") < similar.index("Sachsen alt")
    assert "Bayern alt" not in similar


def facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def test_the_origin_facet_counts_and_filters(client, mixed):
    response = client.get(URL)
    assert facet(response, "herkunft").counts == {"sachsen": 3, "andere": 2}
    assert titles(client.get(URL, {"herkunft": "andere"})) == ["Hessen neu", "Bayern alt"]
    # the other facets count within the chosen origin
    response = client.get(URL, {"herkunft": "sachsen"})
    assert facet(response, "herkunft").counts == {"sachsen": 3, "andere": 2}
    assert facet(response, "groesse").counts["l"] == 2
    assert [
        item["titel"] for item in client.get(API, {"herkunft": "andere"}).json()["results"]
    ] == [
        "Hessen neu",
        "Bayern alt",
    ]
    export = client.get("/praxisbeispiele/export.json", {"herkunft": "sachsen"})
    rows = export.json()["daten"]
    assert {row["titel"] for row in rows} == {"Sachsen neu", "Sachsen alt", "Sachsen landesweit"}


@pytest.mark.parametrize("url", [URL, API])
def test_an_unknown_origin_is_a_400_in_german(client, mixed, url):
    response = client.get(url, {"herkunft": "mars"})
    assert response.status_code == 400
    assert "gültige Auswahl" in response.content.decode()


@pytest.mark.parametrize(
    ("population", "size"),
    [
        (None, ""),
        (0, "xs"),
        (1_999, "xs"),
        (2_000, "s"),
        (9_999, "m"),
        (49_999, "xl"),
        (50_000, "xxl"),
    ],
)
def test_a_population_falls_into_one_size_class_at_its_bounds(population, size):
    assert SizeClass.of(population) == size


def test_size_classes_count_each_participating_municipality(client, mixed):
    """Lohsa (1,500) and Kamenz (14,000) together: the example is both small and mid-sized; the
    statewide programme has no size; examples from other Länder have no members here."""
    response = client.get(URL)
    groesse = facet(response, "groesse")
    assert groesse.legend == "Größe der beteiligten Gemeinden"
    assert "Zensus 2022" in groesse.note
    assert groesse.counts == {"xs": 1, "s": 0, "m": 0, "l": 2, "xl": 0, "xxl": 0}
    assert titles(client.get(URL, {"groesse": "xs"})) == ["Sachsen neu"]
    assert titles(client.get(URL, {"groesse": "l"})) == ["Sachsen neu", "Sachsen alt"]
    api = client.get(API, {"groesse": "xs"}).json()["results"]
    assert [item["titel"] for item in api] == ["Sachsen neu"]


@pytest.mark.parametrize("value", ["Bautzen", "BAUTZEN", " bautzen", "Landkreis Bautzen"])
def test_a_district_may_be_named_in_any_case_and_by_its_official_name(client, mixed, value):
    response = client.get(URL, {"landkreis": value})
    assert response.status_code == 200
    assert titles(response) == ["Sachsen neu", "Sachsen alt"]
    assert client.get(API, {"landkreis": value}).status_code == 200


def test_an_official_name_keeps_districts_apart_and_unknown_names_are_refused(client):
    leipzig_district = make_district(name="Landkreis Leipzig", slug="landkreis-leipzig")
    leipzig_city = make_district(name="Leipzig", slug="leipzig")
    make_example(title="Im Kreis", municipalities=[make_municipality(leipzig_district)])
    make_example(title="In der Stadt", municipalities=[make_municipality(leipzig_city)])
    assert titles(client.get(URL, {"landkreis": "Landkreis Leipzig"})) == ["Im Kreis"]
    assert titles(client.get(URL, {"landkreis": "Kreisfreie Stadt Leipzig"})) == ["In der Stadt"]
    assert titles(client.get(URL, {"landkreis": "Stadt Leipzig"})) == ["In der Stadt"]
    # the chip of an officially named district removes it (the list works with the slug)
    response = client.get(URL, {"landkreis": "Stadt Leipzig", "status": "ongoing"})
    [chip] = [chip for chip in response.context["chips"] if chip.name == "landkreis"]
    assert chip.label.endswith(": Leipzig") and chip.query.getlist("landkreis") == []
    refused = client.get(URL, {"landkreis": "Landkreis Nirgendwo"})
    assert refused.status_code == 400
    assert "landkreis-nirgendwo ist keine gültige Auswahl" in refused.content.decode()


def test_choice_values_may_be_capitalised(client, mixed):
    assert titles(client.get(URL, {"herkunft": "Andere"})) == ["Hessen neu", "Bayern alt"]


def test_search_results_put_saxon_examples_first(client):
    """A search ranks Saxon examples before those from other Länder, on the search page and in
    the list's relevance order (API alike)."""
    make_example(title="Bauhof Hessen", federal_state=FederalState.HE)
    make_example(title="Bauhof Sachsen")
    make_example(title="Bauhof Thüringen", federal_state=FederalState.TH)
    make_example(title="Kooperation", summary="Ein Bauhof für zwei Orte")
    expected = ["Bauhof Sachsen", "Kooperation", "Bauhof Hessen", "Bauhof Thüringen"]
    hits = client.get(reverse("catalog:search"), {"q": "bauhof"}).context["results"]
    examples = next(group for group in hits.groups if group.key == "examples")
    assert [hit.title for hit in examples.hits] == expected
    assert titles(client.get(URL, {"q": "bauhof"})) == expected
    assert [
        item["titel"] for item in client.get(API, {"q": "bauhof"}).json()["results"]
    ] == expected


def test_the_saxony_first_index_has_the_expression_the_list_orders_by():
    """PostgreSQL uses the partial index for ``ORDER BY … LIMIT`` only when its expressions are
    the ordering's (checked with EXPLAIN on PostgreSQL 15: Index Scan using it)."""
    index = next(
        index
        for index in PracticeExample._meta.indexes
        if index.name == "example_published_saxony_first"
    )
    by_index = PracticeExample.objects.published().order_by(*index.expressions)
    by_sort = PracticeExample.objects.published().order_by(*Sort.SAXONY_FIRST.ordering)
    assert str(by_index.query) == str(by_sort.query)
    assert index.condition.children == [("publication_state", "published")]
