"""The measure list: filters in guide order, facets, bad parameters, query counts."""

import re

import pytest

from catalog.models import Effort, Horizon, PublicationState
from tests.conftest import make_actor, make_field, make_measure

pytestmark = pytest.mark.django_db

URL = "/massnahmen/"


def codes(response):
    return [measure.code for measure in response.context["measures"]]


@pytest.fixture
def measures():
    first = make_field(number=1, title="Strategie", slug="strategie")
    second = make_field(number=2, title="Verwaltungsprozesse", slug="verwaltungsprozesse")
    mayor = make_actor(name="Bürgermeister/in", slug="buergermeister")
    it = make_actor(name="IT-Dienstleister", slug="it")
    items = {
        "2.2": make_measure(
            second, number=2, title="E-Akte einführen", effort=Effort.HIGH, horizon=Horizon.LONG
        ),
        "1.1": make_measure(
            first, number=1, title="Ziele vereinbaren", effort=Effort.LOW, horizon=Horizon.SHORT
        ),
        "2.1": make_measure(
            second, number=1, title="Prozesse erfassen", effort=Effort.LOW, horizon=Horizon.MEDIUM
        ),
    }
    items["1.1"].actors.add(mayor)
    items["2.2"].actors.add(mayor, it)
    items["2.2"].tags.add("E-Akte")
    make_measure(second, number=3, title="Entwurf", publication_state=PublicationState.DRAFT)
    hidden_field = make_field(number=3, publication_state=PublicationState.DRAFT)
    make_measure(hidden_field, number=1, title="Im unveröffentlichten Feld")
    return items


def test_it_lists_published_measures_in_guide_order(client, measures):
    response = client.get(URL)
    assert response.status_code == 200
    assert codes(response) == ["1.1", "2.1", "2.2"]
    html = response.content.decode()
    assert "Entwurf" not in html and "Im unveröffentlichten Feld" not in html
    assert html.count("<h1") == 1
    assert "1. Strategie" in html and "2. Verwaltungsprozesse" in html
    assert "Aufwand: niedrig" in html and "Kurzfristig" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"handlungsfeld": "verwaltungsprozesse"}, ["2.1", "2.2"]),
        ({"aufwand": "low"}, ["1.1", "2.1"]),
        ({"aufwand": ["low", "high"]}, ["1.1", "2.1", "2.2"]),
        ({"horizont": "long"}, ["2.2"]),
        ({"akteur": "buergermeister"}, ["1.1", "2.2"]),
        ({"akteur": "it", "aufwand": "high"}, ["2.2"]),
        ({"schlagwort": "e-akte"}, ["2.2"]),
        ({"q": "Prozesse"}, ["2.1"]),
    ],
)
def test_filters(client, measures, query, expected):
    assert codes(client.get(URL, query)) == expected


def test_facet_counts_match_the_results(client, measures):
    response = client.get(URL, {"aufwand": "low"})
    for facet in response.context["facets"]:
        for option in facet.options:
            if facet.name == "aufwand":
                query = {"aufwand": option.value}
            else:
                query = {"aufwand": "low", facet.name: option.value}
            clicked = client.get(URL, query)
            assert clicked.context["result_count"] == option.count, (facet.name, option.value)


def test_chips_remove_one_filter(client, measures):
    html = client.get(URL, {"aufwand": "low", "akteur": "buergermeister"}).content.decode()
    assert "Aufwand: niedrig" in html
    assert 'href="?akteur=buergermeister"' in html
    assert 'href="?aufwand=low"' in html


@pytest.mark.parametrize(
    "query", [{"aufwand": "riesig"}, {"akteur": "gibtsnicht"}, {"handlungsfeld": "x"}]
)
def test_bad_parameters_give_a_message_not_an_error(client, measures, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "konnten nicht berücksichtigt werden" in response.content.decode()
    assert len(codes(response)) == 3


def test_a_page_number_out_of_range_shows_the_last_page(client):
    field = make_field()
    for number in range(1, 56):  # 2 pages of 50
        make_measure(field, number=number)
    response = client.get(URL, {"seite": "999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert [measure.number for measure in response.context["measures"]] == list(range(51, 56))


def test_fetch_gets_the_partial(client, measures):
    response = client.get(URL, {"aufwand": "low"}, headers={"X-Requested-With": "fetch"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="ergebnisse"')
    assert 'data-announcement="2 Maßnahmen gefunden"' in html


# count, page + 5 facets + the content revision (for the cached measure items)
@pytest.mark.parametrize("count", [10, 200])
def test_query_count_does_not_grow(client, django_assert_num_queries, count):
    fields = [make_field() for _ in range(4)]
    actor = make_actor()
    for i in range(count):
        measure = make_measure(fields[i % 4], effort=Effort.LOW if i % 2 else Effort.HIGH)
        measure.actors.add(actor)
        measure.tags.add(f"tag-{i % 3}")
    with django_assert_num_queries(8):
        assert client.get(URL).status_code == 200
    # + validating the actor slug, + the search synonyms (read once per content version)
    with django_assert_num_queries(10):
        response = client.get(URL, {"akteur": actor.slug, "aufwand": "low", "q": "Maßnahme"})
    assert response.context["result_count"] == count // 2


def test_editors_see_the_same_public_list(editor_client, measures):
    response = editor_client.get(URL)
    assert response.status_code == 200
    assert codes(response) == ["1.1", "2.1", "2.2"]


def test_each_plan_button_of_the_list_names_its_measure(client, measures):
    html = client.get(URL).content.decode()
    names = re.findall(
        r'<button type="submit" class="button button--quiet">'
        r'<span class="visually-hidden">(Maßnahme [^<]+) </span>'
        r'<span class="add-to-plan__label">zum Plan hinzufügen</span></button>',
        html,
    )
    assert len(names) == html.count('class="add-to-plan add-to-plan--quiet no-print"') > 1
    assert len(set(names)) == len(names)  # no two alike
