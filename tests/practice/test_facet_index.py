"""The in-memory facet index gives the list exactly what the SQL filters give, and stays current."""

import random
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import FieldOfAction, PublicationState
from planning.models import Plan
from practice.facet_index import Bitset, current_index
from practice.filters import PracticeExampleFilter
from practice.listing import ExampleListing, map_counts_of_all, with_example_counts
from practice.models import ContentRevision, ExampleStatus, FederalState, PracticeExample
from practice.rules import Sort
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
)

URL = "/praxisbeispiele/"
WORDS = ["Bauhof", "Schule", "Archiv", "gemeinsam"]
YEARS = list(range(2012, 2024))

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """40 examples spread unevenly over every facet, with drafts, gaps and shared dates."""
    chance = random.Random(7)
    fields = [make_field() for _ in range(3)]
    measures = [make_measure(fields[i % 3]) for i in range(6)]
    districts = [make_district() for _ in range(3)]
    municipalities = [
        make_municipality(districts[i % 3], population=None if i == 5 else 900 * (i + 1) ** 2)
        for i in range(8)
    ]
    forms = [make_cooperation_form() for _ in range(3)]
    now = timezone.now()
    for i in range(40):
        example = make_example(
            title=f"{chance.choice(WORDS)} {chance.choice(['Ärzte', 'Zählung', 'Bau'])} {i}",
            summary=" ".join(chance.sample(WORDS, 2)),
            measures=chance.sample(measures, chance.randint(0, 3)),
            municipalities=chance.sample(municipalities, chance.randint(0, 3)),
            cooperation_form=chance.choice([None, *forms]),
            federal_state=chance.choice([FederalState.SN, FederalState.SN, FederalState.BY]),
            status=chance.choice(ExampleStatus.values),
            start_year=chance.choice([None, *YEARS]),
            publication_state=PublicationState.DRAFT if i % 9 == 0 else PublicationState.PUBLISHED,
        )
        example.tags.add(*chance.sample(["wasser", "schule", "it", "archiv"], chance.randint(0, 2)))
        # several examples share a publication date: the tie is broken by pk, as in SQL
        PracticeExample.objects.filter(pk=example.pk).update(
            published_at=now - timedelta(days=i // 3)
        )
    return {
        "handlungsfeld": [f.slug for f in fields],
        "massnahme": [m.slug for m in measures],
        "herkunft": ["sachsen", "andere"],
        "landkreis": [d.slug for d in districts],
        "gemeinde": [m.slug for m in municipalities],
        "form": [f.slug for f in forms],
        "status": ExampleStatus.values,
        "groesse": ["xs", "s", "m", "l", "xl", "xxl"],
        "schlagwort": ["wasser", "schule", "it", "archiv"],
    }


def _filters(values):
    """Random filter states: subsets of each facet's values (sometimes an unknown one), text,
    years and sort order."""
    facets = {
        name: st.lists(st.sampled_from([*options, "gibt-es-nicht"]), max_size=2, unique=True)
        for name, options in values.items()
    }
    return st.fixed_dictionaries(
        {
            **facets,
            "q": st.sampled_from(["", "", *WORDS, "Bauhof Schule"]),
            "von": st.sampled_from(["", "", *map(str, YEARS)]),
            "bis": st.sampled_from(["", "", *map(str, YEARS)]),
            "sortierung": st.sampled_from(["", *Sort.values]),
        }
    )


def _query(data) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            query.setlist(name, value)
        elif value:
            query[name] = value
    return query


def _filterset(query) -> PracticeExampleFilter:
    return PracticeExampleFilter(query, queryset=PracticeExample.objects.published())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_results_and_facet_counts_equal_the_sql_filters(catalogue, data):
    query = _query(data.draw(_filters(catalogue)))
    filterset = _filterset(query)

    in_sql = list(dict.fromkeys(filterset.qs.values_list("pk", flat=True)))
    listing = ExampleListing(filterset)
    results = listing.results()
    assert results.count() == len(in_sql)
    assert [example.pk for example in results[0 : len(in_sql)]] == in_sql  # same order
    assert [example.pk for example in results[3:7]] == in_sql[3:7]

    for facet in listing.facets():
        shown = {option.value: option.count for option in facet.options}
        for value in catalogue[facet.name]:
            if facet.name in ExampleListing.NARROWED and value not in shown:
                continue  # narrowed to the chosen districts / fields of action (tests below)
            # an option's count is the result of choosing it instead of the facet's own selection
            alone = query.copy()
            alone.setlist(facet.name, [value])
            expected = _filterset(alone).qs.distinct().count()
            assert shown.get(value, 0) == expected, (facet.name, value)


def test_map_counts_are_the_district_facet(catalogue):
    filterset = _filterset(
        QueryDict(
            f"status=ongoing&handlungsfeld={catalogue['handlungsfeld'][0]}"
            "&herkunft=sachsen&groesse=s&groesse=l"
        )
    )
    listing = ExampleListing(filterset)
    districts, municipalities = listing.map_counts()
    facet = next(facet for facet in listing.facets() if facet.name == "landkreis")
    assert {district.slug: count for district, count in districts} == facet.counts
    for municipality, count in municipalities:
        query = QueryDict(mutable=True)
        query.update(filterset.data)
        query.setlist("gemeinde", [municipality.slug])
        query.pop("landkreis", None)
        assert _filterset(query).qs.count() == count


def test_the_start_pages_counts_from_the_database_are_the_index_counts(catalogue):
    """The start page counts fields, districts and municipalities in SQL (no index after a
    change); both engines apply the same rules."""
    unfiltered = ExampleListing(_filterset(QueryDict()))
    assert map_counts_of_all() == unfiltered.map_counts()
    fields = with_example_counts(FieldOfAction.objects.published())
    facet = next(facet for facet in unfiltered.facets() if facet.name == "handlungsfeld")
    assert {field.slug: field.example_count for field in fields} == facet.counts


def test_a_published_change_is_on_the_list_at_the_next_request(client, catalogue):
    before = client.get(URL).context["result_count"]
    example = make_example(title="Neu veröffentlicht", publication_state=PublicationState.DRAFT)
    assert client.get(URL).context["result_count"] == before

    example.publication_state = PublicationState.PUBLISHED
    example.save()
    response = client.get(URL)
    assert response.context["result_count"] == before + 1
    assert "Neu veröffentlicht" in response.content.decode()

    example.tags.add("ganz-neu")
    response = client.get(URL, {"schlagwort": "ganz-neu"})
    assert response.context["result_count"] == 1

    example.delete()
    assert client.get(URL).context["result_count"] == before


def test_every_content_change_gives_a_new_revision_but_a_plan_does_not(catalogue):
    seen = {ContentRevision.current()}
    example = make_example()
    seen.add(ContentRevision.current())
    example.tags.add("neu")
    seen.add(ContentRevision.current())
    example.measures.add(make_measure())  # the measure's save and the link each bump it
    seen.add(ContentRevision.current())
    assert len(seen) == 4

    Plan.objects.create()
    assert ContentRevision.current() in seen


def test_the_index_is_rebuilt_only_when_the_revision_changes(catalogue, django_assert_num_queries):
    first = current_index()
    with django_assert_num_queries(1):
        assert current_index() is first
    make_example()
    assert current_index() is not first


@pytest.mark.parametrize("size", [7, 4095, 4096, 4097, 10_000])
def test_bitset_pages_match_a_plain_walk(size):
    chance = random.Random(size)
    positions = sorted(chance.sample(range(size), min(size, 300)))
    bits = Bitset.of(positions, size)
    assert bits.bit_count() == len(positions)
    for offset in (0, 1, len(positions) // 2, len(positions) - 1, len(positions) + 5):
        assert Bitset.positions(bits, size, offset, 20) == positions[offset : offset + 20]


def test_municipalities_narrow_to_the_chosen_district(client):
    leipzig, dresden = make_district(name="Landkreis Leipzig"), make_district(name="Dresden")
    borna, wurzen = make_municipality(leipzig, name="Borna"), make_municipality(leipzig)
    elsewhere = make_municipality(dresden, name="Pirna")
    make_example(municipalities=[borna, elsewhere])
    make_example(municipalities=[wurzen])

    response = client.get(URL, {"landkreis": leipzig.slug})
    facet = next(facet for facet in response.context["facets"] if facet.name == "gemeinde")
    assert [option.value for option in facet.options] == [borna.slug, wurzen.slug]
    assert "Gemeinden im gewählten Kreis." in response.content.decode()

    # a chosen municipality elsewhere stays, so it can be unticked
    response = client.get(URL, {"landkreis": leipzig.slug, "gemeinde": elsewhere.slug})
    facet = next(facet for facet in response.context["facets"] if facet.name == "gemeinde")
    assert elsewhere.slug in [option.value for option in facet.options]


def facet_values(response, name) -> list[str]:
    facet = next(facet for facet in response.context["facets"] if facet.name == name)
    return [option.value for option in facet.options]


def test_measures_narrow_to_the_chosen_field_of_action(client):
    strategy, staff = make_field(number=1), make_field(number=5)
    strategy_measures = [make_measure(strategy, number=n) for n in (1, 2)]
    staff_measure = make_measure(staff, number=1)
    make_example(measures=[*strategy_measures, staff_measure])

    response = client.get(URL, {"handlungsfeld": strategy.slug})
    assert facet_values(response, "massnahme") == [m.slug for m in strategy_measures]
    assert "Maßnahmen im gewählten Handlungsfeld." in response.content.decode()
    # without a field of action all three are listed, without a note (fewer than twelve)
    response = client.get(URL)
    assert len(facet_values(response, "massnahme")) == 3
    assert "mit den meisten Beispielen" not in response.content.decode()


def test_without_a_field_of_action_the_twelve_busiest_measures_are_listed(client):
    field = make_field()
    measures = [make_measure(field, number=n) for n in range(1, 16)]
    for rank, measure in enumerate(measures):
        for _ in range(rank + 1):
            make_example(measures=[measure])
    chosen = measures[0]  # the quietest

    response = client.get(URL, {"massnahme": chosen.slug})
    listed = facet_values(response, "massnahme")
    assert set(listed) == {m.slug for m in measures[3:]} | {chosen.slug}
    assert "Die 12 Maßnahmen mit den meisten Beispielen" in response.content.decode()


def test_a_district_with_many_municipalities_lists_its_25_busiest(client):
    district = make_district()
    places = [make_municipality(district) for _ in range(32)]
    for place in places:
        make_example(municipalities=[place])
    busy = places[5]
    make_example(municipalities=[busy])

    response = client.get(URL, {"landkreis": district.slug})
    listed = facet_values(response, "gemeinde")
    assert len(listed) == 25 and busy.slug in listed
    assert "Die 25 Gemeinden im gewählten Kreis mit den meisten Beispielen." in (
        response.content.decode()
    )


def test_without_a_district_the_busiest_municipalities_are_listed(client):
    district = make_district()
    places = [make_municipality(district) for _ in range(15)]
    for rank, place in enumerate(places):
        for _ in range(rank % 5 + 1):
            make_example(municipalities=[place])
    chosen = places[0]  # one of the quietest

    response = client.get(URL, {"gemeinde": chosen.slug})
    facet = next(facet for facet in response.context["facets"] if facet.name == "gemeinde")
    listed = [option.value for option in facet.options]
    busiest = sorted(places, key=lambda place: -(places.index(place) % 5))[:12]
    assert set(listed) == {place.slug for place in busiest} | {chosen.slug}
    assert "Die 12 Gemeinden mit den meisten Beispielen" in response.content.decode()


def test_a_fetch_update_sends_the_municipalities_anew(client):
    district = make_district()
    make_example(municipalities=[make_municipality(district)])
    partial = client.get(URL, {"landkreis": district.slug}, headers={"X-Requested-With": "fetch"})
    assert '<template data-facet-fresh="gemeinde">' in partial.content.decode()
    page = client.get(URL, {"landkreis": district.slug})
    assert "data-facet-fresh" not in page.content.decode()


def test_similar_examples_share_the_most_measures_then_are_newest():
    first, second, third = make_measure(), make_measure(), make_measure()
    example = make_example(measures=[first, second, third])
    one_old = make_example(measures=[first])
    two = make_example(measures=[first, second])
    one_new = make_example(measures=[third])
    make_example(measures=[first, second, third], publication_state=PublicationState.DRAFT)
    make_example(measures=[make_measure()])
    now = timezone.now()
    for age, item in enumerate([one_new, two, one_old]):
        PracticeExample.objects.filter(pk=item.pk).update(published_at=now - timedelta(days=age))
    ContentRevision.bump()  # update() sends no signal

    slugs = [first.slug, second.slug, third.slug]
    assert current_index().similar(example.pk, slugs, 3) == [two.pk, one_new.pk, one_old.pk]
    assert current_index().similar(example.pk, slugs, 1) == [two.pk]
    assert current_index().similar(example.pk, [], 3) == []
