"""The start page: search box, fields of action with counts, newest examples, one query pin."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.models import PublicationState
from practice import facet_index
from tests.conftest import make_example, make_field, make_measure, make_municipality

pytestmark = pytest.mark.django_db


def test_start_page_lists_published_fields_with_measure_counts(client):
    field = make_field(title="Strategie und Steuerung")
    make_measure(field)
    make_measure(field)
    make_measure(field, publication_state=PublicationState.DRAFT)
    make_field(title="Geheimer Entwurf", publication_state=PublicationState.DRAFT)
    response = client.get(reverse("catalog:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Strategie und Steuerung" in content
    assert "2 Maßnahmen" in content
    assert "Geheimer Entwurf" not in content


def test_start_page_is_a_proper_german_page(client):
    content = client.get(reverse("catalog:home")).content.decode()
    assert '<html lang="de">' in content
    assert content.count("<main") == 1
    assert content.count("<h1") == 1
    assert 'href="#inhalt"' in content
    assert "Impressum" in content and "Datenschutz" in content and "Barrierefreiheit" in content
    assert "Destatis" in content and "BKG" in content


@pytest.mark.parametrize("fields", [2, 20])
def test_start_page_query_count_does_not_grow(client, django_assert_num_queries, fields):
    for _ in range(fields):
        make_example(measures=[make_measure(make_field())], municipalities=[make_municipality()])
    client.get(reverse("catalog:home"))
    cache.clear()
    facet_index.reset()
    # the content revision (read once per request), fields with measure counts, examples per
    # field, newest examples, their municipalities, the municipalities' districts; the map:
    # examples per district and per municipality, the districts, the municipalities
    with django_assert_num_queries(10):
        client.get(reverse("catalog:home"))
    # Often the first page after a change: it counts in the database and leaves the list index
    # (a quarter of a second at 10,000 examples, in every worker) to the list.
    assert facet_index._current is None
    with django_assert_num_queries(1):  # the block now comes from the fragment cache
        client.get(reverse("catalog:home"))


def text(response) -> str:
    return response.content.decode()


def test_start_page_has_a_search_box_posting_to_the_search_page(client):
    content = text(client.get(reverse("catalog:home")))
    assert 'action="/suche/"' in content
    assert 'method="get"' in content
    assert 'name="q"' in content


def test_start_page_shows_the_newest_published_examples_with_their_place(client):
    place = make_municipality(name="Großpösna")
    make_example(title="Älteres Beispiel", municipalities=[place])
    make_example(title="Neuestes Beispiel", municipalities=[place])
    make_example(title="Geheimer Entwurf", publication_state=PublicationState.DRAFT)
    content = text(client.get(reverse("catalog:home")))
    assert content.index("Neuestes Beispiel") < content.index("Älteres Beispiel")
    assert "Großpösna" in content
    assert "Geheimer Entwurf" not in content


def test_start_page_cards_show_counts_of_measures_and_examples(client):
    field = make_field(title="Verwaltungsprozesse")
    measure = make_measure(field)
    make_measure(field)
    make_example(measures=[measure])
    content = text(client.get(reverse("catalog:home")))
    assert "2 Maßnahmen · 1 Praxisbeispiel" in content
