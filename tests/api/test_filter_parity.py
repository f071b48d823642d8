"""The same query string gives the same items in the HTML lists, the API and the downloads."""

import csv
import io

import pytest

from catalog.models import Effort, Horizon
from practice.models import ExampleStatus, FederalState
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples():
    bautzen = make_district(slug="bautzen")
    goerlitz = make_district(slug="goerlitz")
    kamenz = make_municipality(district=bautzen, slug="kamenz", population=14000)
    zittau = make_municipality(district=goerlitz, slug="zittau", population=25000)
    verwaltung = make_field(slug="verwaltung")
    schule = make_field(slug="schule")
    e_akte = make_measure(field_of_action=verwaltung, slug="e-akte")
    tablets = make_measure(field_of_action=schule, slug="tablets")
    form = make_cooperation_form(slug="zweckverband")
    for n in range(26):
        example = make_example(
            slug=f"beispiel-{n:02d}",
            title=f"Beispiel {n % 7}",
            measures=[e_akte if n % 2 else tablets],
            municipalities=[kamenz if n % 3 else zittau],
            status=ExampleStatus.COMPLETED if n % 4 == 0 else ExampleStatus.ONGOING,
            start_year=2015 + n % 8,
            cooperation_form=form if n % 5 == 0 else None,
            federal_state=FederalState.BY if n % 7 == 3 else FederalState.SN,
        )
        if n % 6 == 0:
            example.tags.add("Glasfaser")


def html_slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [example.slug for example in response.context["examples"]]


def api_slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


EXAMPLE_QUERIES = [
    "",
    "landkreis=bautzen&handlungsfeld=verwaltung",
    "landkreis=goerlitz&handlungsfeld=schule&status=completed",
    "handlungsfeld=verwaltung&handlungsfeld=schule&sortierung=titel",
    "massnahme=e-akte&von=2018&bis=2020",
    "gemeinde=zittau&form=zweckverband",
    "groesse=l&sortierung=beginn",
    "herkunft=andere",
    "herkunft=sachsen&groesse=xl&sortierung=neueste",
    "herkunft=Sachsen&landkreis=Bautzen",
    "groesse=l&groesse=xl&seite=2",
    "schlagwort=glasfaser",
    "q=Beispiel 3",
    "sortierung=titel&seite=2",
]


def test_practice_examples_in_html_and_api_match(client, examples):
    """One data set, many query strings (building the data is the slow part)."""
    for query in EXAMPLE_QUERIES:
        html = html_slugs(client, f"/praxisbeispiele/?{query}")
        assert html, query
        assert html == api_slugs(client, f"/api/v1/praxisbeispiele/?{query}"), query


@pytest.mark.parametrize(
    "query", ["landkreis=bautzen", "status=ongoing&sortierung=titel", "herkunft=andere&groesse=l"]
)
def test_the_download_holds_every_item_of_the_filtered_list(client, examples, query):
    all_pages = []
    page = 1
    while True:
        response = client.get(f"/api/v1/praxisbeispiele/?{query}&seite={page}").json()
        all_pages += [item["slug"] for item in response["results"]]
        if not response["next"]:
            break
        page += 1
    text = client.get(f"/praxisbeispiele/export.csv?{query}").content.decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    assert [row["slug"] for row in rows] == all_pages
    json_download = client.get(f"/praxisbeispiele/export.json?{query}").json()
    assert [item["slug"] for item in json_download["daten"]] == all_pages


@pytest.fixture
def measures():
    verwaltung = make_field(slug="verwaltung")
    schule = make_field(slug="schule")
    for n in range(52):
        measure = make_measure(
            field_of_action=verwaltung if n % 2 else schule,
            slug=f"massnahme-{n:02d}",
            effort=[Effort.LOW, Effort.MEDIUM, Effort.HIGH][n % 3],
            horizon=Horizon.SHORT if n % 4 == 0 else Horizon.LONG,
        )
        if n % 5 == 0:
            measure.tags.add("Glasfaser")


MEASURE_QUERIES = [
    "",
    "seite=2",
    "handlungsfeld=verwaltung",
    "aufwand=low&aufwand=high",
    "horizont=short",
    "schlagwort=glasfaser",
    "q=Maßnahme",
]


def test_measures_in_html_and_api_match(client, measures):
    for query in MEASURE_QUERIES:
        response = client.get(f"/massnahmen/?{query}")
        assert response.status_code == 200
        html = [measure.slug for measure in response.context["measures"]]
        assert html, query
        assert html == api_slugs(client, f"/api/v1/massnahmen/?{query}"), query
