"""The practice example list: facets, chips, sorting, pagination, bad parameters, query counts."""

import re

import pytest
from django.http import QueryDict

from catalog.models import PublicationState
from practice.filters import PracticeExampleFilter
from practice.models import ExampleStatus, PracticeExample
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
)

pytestmark = pytest.mark.django_db

URL = "/praxisbeispiele/"


def titles(response):
    return [example.title for example in response.context["examples"]]


def facet(response, name):
    return {
        option.value: option
        for f in response.context["facets"]
        if f.name == name
        for option in f.options
    }


@pytest.fixture
def catalogue():
    """Two districts, two fields of action, examples spread over them."""
    leipzig = make_district(name="Landkreis Leipzig", slug="landkreis-leipzig")
    goerlitz = make_district(name="Landkreis Görlitz", slug="landkreis-goerlitz")
    grimma = make_municipality(district=leipzig, name="Grimma", slug="grimma", population=28000)
    naunhof = make_municipality(district=leipzig, name="Naunhof", slug="naunhof", population=8800)
    zittau = make_municipality(district=goerlitz, name="Zittau", slug="zittau", population=1500)
    processes = make_field(title="Verwaltungsprozesse", slug="verwaltungsprozesse")
    infrastructure = make_field(title="Infrastruktur", slug="infrastruktur")
    e_file = make_measure(processes, title="E-Akte", slug="e-akte")
    network = make_measure(infrastructure, title="Netz", slug="netz")
    association = make_cooperation_form(name="Zweckverband", slug="zweckverband")
    agreement = make_cooperation_form(name="Zweckvereinbarung", slug="zweckvereinbarung")
    examples = {
        "akte": make_example(
            title="Gemeinsame E-Akte",
            slug="gemeinsame-e-akte",
            measures=[e_file],
            municipalities=[grimma, naunhof],
            cooperation_form=agreement,
            start_year=2019,
            status=ExampleStatus.ONGOING,
        ),
        "bauhof": make_example(
            title="Bauhof-Software",
            slug="bauhof-software",
            measures=[e_file, network],
            municipalities=[naunhof],
            cooperation_form=association,
            start_year=2021,
            status=ExampleStatus.COMPLETED,
        ),
        "glasfaser": make_example(
            title="Glasfaser Oberlausitz",
            slug="glasfaser-oberlausitz",
            measures=[network],
            municipalities=[zittau],
            cooperation_form=association,
            start_year=2016,
            status=ExampleStatus.ONGOING,
        ),
    }
    examples["akte"].tags.add("E-Akte")
    examples["bauhof"].tags.add("Bauhof")
    make_example(
        title="Entwurf im Landkreis Leipzig",
        measures=[e_file],
        municipalities=[grimma],
        publication_state=PublicationState.DRAFT,
    )
    return examples


def test_it_lists_published_examples_only(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(titles(response)) == [
        "Bauhof-Software",
        "Gemeinsame E-Akte",
        "Glasfaser Oberlausitz",
    ]
    assert "Entwurf" not in response.content.decode()
    assert response.context["result_count"] == 3


def test_drafts_stay_hidden_from_editors_in_the_public_list(editor_client, catalogue):
    response = editor_client.get(URL, {"landkreis": "landkreis-leipzig"})
    assert "Entwurf im Landkreis Leipzig" not in titles(response)


def test_the_page_has_one_h1_fieldsets_with_legends_and_labels(client, catalogue):
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert html.count("<fieldset") == html.count("<legend>")
    # every checkbox sits inside its label (no ids: they cost bytes on a long list)
    assert '<label><input type="checkbox" name="landkreis" value="landkreis-leipzig">' in html
    assert html.count('type="checkbox"') == html.count('<label><input type="checkbox"')
    assert '<label for="id_q">Suchbegriff</label>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"landkreis": "landkreis-leipzig"}, {"Gemeinsame E-Akte", "Bauhof-Software"}),
        ({"landkreis": ["landkreis-leipzig", "landkreis-goerlitz"]}, None),
        ({"gemeinde": "zittau"}, {"Glasfaser Oberlausitz"}),
        ({"handlungsfeld": "verwaltungsprozesse"}, {"Gemeinsame E-Akte", "Bauhof-Software"}),
        ({"massnahme": "netz"}, {"Bauhof-Software", "Glasfaser Oberlausitz"}),
        ({"form": "zweckverband"}, {"Bauhof-Software", "Glasfaser Oberlausitz"}),
        ({"status": "completed"}, {"Bauhof-Software"}),
        ({"von": "2018", "bis": "2020"}, {"Gemeinsame E-Akte"}),
        ({"groesse": "xs"}, {"Glasfaser Oberlausitz"}),
        # a class matches when one participating municipality is of that size
        ({"groesse": "m"}, {"Bauhof-Software", "Gemeinsame E-Akte"}),
        ({"groesse": "xl"}, {"Gemeinsame E-Akte"}),
        ({"schlagwort": "bauhof"}, {"Bauhof-Software"}),
        ({"q": "Glasfaser"}, {"Glasfaser Oberlausitz"}),
        (
            {"landkreis": "landkreis-leipzig", "handlungsfeld": "infrastruktur"},
            {"Bauhof-Software"},
        ),
    ],
)
def test_each_filter_narrows_the_list(client, catalogue, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    if expected is None:
        expected = {"Gemeinsame E-Akte", "Bauhof-Software", "Glasfaser Oberlausitz"}
    assert set(titles(response)) == expected


@pytest.mark.parametrize(
    "active",
    [
        {},
        {"landkreis": "landkreis-leipzig"},
        {"handlungsfeld": "infrastruktur", "status": "ongoing"},
        {"form": "zweckverband", "von": "2017"},
    ],
)
def test_a_facet_count_equals_the_results_of_clicking_it(client, catalogue, active):
    """Each option counts its own results with the other facets' filters (options of one facet
    are alternatives: choosing two gives the union)."""
    response = client.get(URL, active)
    checked = 0
    for current in response.context["facets"]:
        for option in current.options:
            if option.selected:
                continue
            query = QueryDict(mutable=True)
            for key, value in active.items():
                query[key] = value
            query.setlist(current.name, [option.value])
            clicked = client.get(URL + "?" + query.urlencode())
            assert clicked.context["result_count"] == option.count, (current.name, option.value)
            checked += 1
    assert checked > 10


def test_facet_counts_ignore_the_facets_own_selection(client, catalogue):
    response = client.get(URL, {"landkreis": "landkreis-leipzig"})
    districts = facet(response, "landkreis")
    assert districts["landkreis-leipzig"].count == 2
    assert districts["landkreis-leipzig"].selected
    assert districts["landkreis-goerlitz"].count == 1  # would add the Görlitz example
    assert facet(response, "status")["ongoing"].count == 1  # counted within Leipzig


def test_active_filters_appear_as_chips_whose_links_remove_them(client, catalogue):
    response = client.get(
        URL, {"landkreis": "landkreis-leipzig", "status": "ongoing", "seite": "1"}
    )
    chips = {chip.label: chip for chip in response.context["chips"]}
    assert set(chips) == {"Landkreis / kreisfreie Stadt: Landkreis Leipzig", "Stand: laufend"}
    html = response.content.decode()
    assert (
        'href="?status=ongoing"' in html
    )  # removing the district keeps the status, drops the page
    assert 'href="?landkreis=landkreis-leipzig"' in html
    removed = client.get(URL + "?status=ongoing")
    assert set(titles(removed)) == {"Gemeinsame E-Akte", "Glasfaser Oberlausitz"}


def test_sorting(client, catalogue):
    by_title = client.get(URL, {"sortierung": "titel"})
    assert titles(by_title) == ["Bauhof-Software", "Gemeinsame E-Akte", "Glasfaser Oberlausitz"]
    by_start = client.get(URL, {"sortierung": "beginn"})
    assert titles(by_start) == ["Bauhof-Software", "Gemeinsame E-Akte", "Glasfaser Oberlausitz"]
    newest = client.get(URL)
    assert titles(newest)[0] == "Glasfaser Oberlausitz"  # published last


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"von": "abc"}, "von"),
        ({"landkreis": "gibtsnicht"}, "landkreis"),
        ({"sortierung": "x"}, "sortierung"),
        ({"groesse": "riesig"}, "groesse"),
        ({"status": "<script>"}, "status"),
    ],
)
def test_bad_parameters_are_reported_not_fatal(client, catalogue, query, field):
    response = client.get(URL, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "konnten nicht berücksichtigt werden" in html
    assert field in response.context["form"].errors
    assert len(titles(response)) == 3  # the bad value is ignored, the list still shows
    assert "<script>" not in html


def test_a_reversed_year_range_is_reported(client, catalogue):
    response = client.get(URL, {"von": "2020", "bis": "2018"})
    assert response.status_code == 400
    assert "Das Jahr „bis“ liegt vor dem Jahr „von“." in response.content.decode()
    assert set(titles(response)) == {"Bauhof-Software"}  # only "von" applies


def test_what_the_visitor_typed_stays_in_the_form(client, catalogue):
    html = client.get(URL, {"von": "abc", "q": "Bauhof"}).content.decode()
    assert 'value="abc"' in html
    assert 'value="Bauhof"' in html


def test_a_page_number_out_of_range_shows_the_last_page(client):
    examples = [make_example(title=f"Beispiel {n:02d}") for n in range(45)]  # 3 pages of 20
    response = client.get(URL, {"seite": "999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    oldest = [example.title for example in reversed(examples[:5])]  # newest first
    assert [example.title for example in response.context["examples"]] == oldest
    not_a_number = client.get(URL, {"seite": "abc"})
    assert not_a_number.status_code == 200
    assert not_a_number.context["page_obj"].number == 1


def test_pagination_keeps_the_filters(client):
    district = make_district(slug="lk")
    municipality = make_municipality(district=district)
    for _ in range(45):
        make_example(municipalities=[municipality], status=ExampleStatus.ONGOING)
    make_example(status=ExampleStatus.ONGOING)  # not in the district
    response = client.get(URL, {"landkreis": "lk", "status": "ongoing"})
    assert response.context["result_count"] == 45
    assert len(titles(response)) == 20
    html = response.content.decode()
    assert 'href="?landkreis=lk&amp;status=ongoing&amp;seite=2"' in html
    last = client.get(URL, {"landkreis": "lk", "status": "ongoing", "seite": "3"})
    assert len(titles(last)) == 5
    assert "Seite 3 von 3" in last.content.decode()


def test_fetch_requests_get_only_the_results_partial(client, catalogue):
    response = client.get(URL, {"status": "completed"}, headers={"X-Requested-With": "fetch"})
    html = response.content.decode()
    assert html.lstrip().startswith("{#") is False
    assert '<section id="ergebnisse"' in html
    assert "<h1" not in html and "<form" not in html
    assert 'data-announcement="1 Praxisbeispiel gefunden"' in html
    assert "X-Requested-With" in response["Vary"]
    counts = re.search(r'<script id="facetten-zahlen" type="application/json">(.*?)</script>', html)
    assert '"completed": 1' in counts.group(1)


def test_the_full_page_includes_the_same_partial(client, catalogue):
    html = client.get(URL).content.decode()
    assert '<section id="ergebnisse"' in html
    assert 'role="status"' in html
    assert "js/filters.js" in html


def test_a_result_card_shows_the_key_facts(client, catalogue):
    html = client.get(URL, {"gemeinde": "naunhof", "sortierung": "titel"}).content.decode()
    card = html[html.index("Bauhof-Software") :]
    card = card[: card.index("</article>")]
    assert "Naunhof" in card and "(Landkreis Leipzig)" in card
    assert "Zweckverband" in card
    assert "seit 2021" in card
    assert "abgeschlossen" in card
    assert "Verwaltungsprozesse" in card and "Infrastruktur" in card


def test_the_filterset_needs_the_callers_queryset():
    with pytest.raises(TypeError):
        PracticeExampleFilter(QueryDict())
    filterset = PracticeExampleFilter(
        QueryDict("landkreis=x"), queryset=PracticeExample.objects.published()
    )
    assert list(filterset.qs) == []
    assert "landkreis" in filterset.errors


def _many_examples(count):
    fields = [make_field() for _ in range(3)]
    measures = [make_measure(fields[i % 3]) for i in range(6)]
    districts = [make_district() for _ in range(3)]
    municipalities = [make_municipality(districts[i % 3], population=3000) for i in range(6)]
    forms = [make_cooperation_form() for _ in range(2)]
    for i in range(count):
        example = make_example(
            measures=[measures[i % 6], measures[(i + 1) % 6]],
            municipalities=[municipalities[i % 6], municipalities[(i + 2) % 6]],
            cooperation_form=forms[i % 2],
            start_year=2010 + i % 10,
        )
        example.tags.add(f"tag-{i % 4}")
    return districts[0].slug


# The facets, the count and the map come from the in-memory index (practice.facet_index):
# 1 (content revision) + 3 (one page of rows, their municipalities and measures), plus one
# validation query per model filter in use and one for the text search.
QUERY_COUNTS = [
    ({}, 4),
    ({"status": "ongoing", "von": "2012", "sortierung": "titel", "groesse": "s"}, 4),
    ({"herkunft": "sachsen", "sortierung": "sachsen"}, 4),
    ({"landkreis": "DISTRICT", "q": "Praxisbeispiel", "sortierung": "relevanz"}, 6),
]


@pytest.mark.parametrize("count", [10, 200])
def test_query_count_does_not_grow_with_the_number_of_examples(
    client, django_assert_num_queries, settings, count
):
    settings.FRAGMENT_CACHE_SECONDS = 0  # the rendering path; the cached one is tested below
    district = _many_examples(count)
    for query, queries in QUERY_COUNTS:
        query = {key: district if value == "DISTRICT" else value for key, value in query.items()}
        client.get(URL, query)  # builds the index (and a sort order) once per content revision
        with django_assert_num_queries(queries):
            response = client.get(URL, query)
        assert response.status_code == 200
        assert response.context["result_count"] > 0, query


def test_a_list_seen_before_is_taken_from_the_fragment_cache(client, django_assert_num_queries):
    district = _many_examples(10)
    query = {"landkreis": district, "status": "ongoing"}
    client.get(URL, query)
    # the district named in the query (validation), the content revision (once per request, for
    # the index and the blocks); no rows, no facets
    with django_assert_num_queries(2):
        response = client.get(URL, query)
    assert response.status_code == 200
    assert response.content == client.get(URL, query).content
    # an unknown parameter changes nothing, so it is the same block
    with django_assert_num_queries(2):
        assert client.get(URL, {**query, "utm_source": "newsletter"}).status_code == 200
