"""The fields of action: the list with counts and a field's page with its measures and examples."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.models import Effort, Horizon, PublicationState
from tests.conftest import (
    make_example,
    make_field,
    make_measure,
    make_municipality,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_field_list_shows_published_fields_in_order(client, editor_client):
    make_field(number=2, title="Zweites Feld")
    make_field(number=1, title="Erstes Feld")
    make_field(title="Entwurfsfeld", publication_state=PublicationState.DRAFT)
    for browser in (client, editor_client):
        content = text(browser.get(reverse("catalog:field-list")))
        assert content.index("Erstes Feld") < content.index("Zweites Feld")
        assert "Entwurfsfeld" not in content
        assert "redaktionelle Startfassung" in content


def test_field_detail_lists_measures_in_guide_order_with_effort_horizon_and_examples(client):
    field = make_field(number=3, title="Verwaltungsprozesse", goal="Gemeinsam **schneller**.")
    second = make_measure(field, number=2, title="Zweite Maßnahme", effort=Effort.HIGH)
    make_measure(field, number=1, title="Erste Maßnahme", horizon=Horizon.LONG)
    make_measure(field, number=3, title="Entwurf", publication_state=PublicationState.DRAFT)
    make_example(title="Bürgerbüro Sachsen", measures=[second])
    make_example(title="Entwurfsbeispiel", measures=[second], publication_state="draft")
    response = client.get(field.get_absolute_url())
    content = text(response)
    assert response.status_code == 200
    assert content.index("3.1") < content.index("3.2")
    assert "Aufwand: hoch" in content and "Langfristig" in content
    assert "<strong>schneller</strong>" in content
    assert "Bürgerbüro Sachsen" in content
    assert "Entwurf" not in content.split("<main")[1].split("</main>")[0].replace("Entwurfs", "")
    assert "Entwurfsbeispiel" not in content


def test_field_detail_shows_draft_measures_to_editors_with_their_state(editor_client):
    field = make_field()
    make_measure(field, title="Noch in Arbeit", publication_state=PublicationState.DRAFT)
    content = text(editor_client.get(field.get_absolute_url()))
    assert "Noch in Arbeit" in content
    assert "Entwurf" in content


@pytest.mark.parametrize("examples", [10, 200])
def test_field_detail_query_count_does_not_grow(client, django_assert_num_queries, examples):
    field = make_field()
    measures = [make_measure(field) for _ in range(5)]
    district_places = [make_municipality() for _ in range(3)]
    for index in range(examples):
        make_example(measures=[measures[index % 5]], municipalities=district_places[:2])
    client.get(field.get_absolute_url())
    cache.clear()
    # field, content revision, measures, the named examples of each of the 5 measures; the
    # field's example cards with their municipalities and districts (no list index needed)
    with django_assert_num_queries(11):
        response = client.get(field.get_absolute_url())
    assert text(response).count('class="card card--example"') == 6
    assert f"Alle {examples} Praxisbeispiele in diesem Handlungsfeld anzeigen" in text(response)
    with django_assert_num_queries(2):  # field and content revision: the block is cached
        response = client.get(field.get_absolute_url())
    assert text(response).count('class="card card--example"') == 6


def test_a_field_shows_a_sample_of_examples_and_leads_to_all_of_them(client):
    field = make_field(slug="it")
    measure = make_measure(field, slug="beschaffung", number=1)
    titles = [f"Beispiel {n:02}" for n in range(8)]
    for title in titles:
        make_example(title=title, measures=[measure])
    page = text(client.get(field.get_absolute_url()))
    assert page.count('class="card card--example"') == 6
    assert 'href="/praxisbeispiele/?handlungsfeld=it"' in page
    # the measure names three examples, then the rest through the list filtered by it
    assert 'und <a href="/praxisbeispiele/?massnahme=beschaffung">5 weitere</a>' in page
    listed = client.get("/praxisbeispiele/?handlungsfeld=it")
    assert listed.context["paginator"].count == 8


@pytest.mark.parametrize("fields", [10, 200])
def test_field_list_query_count_does_not_grow(client, django_assert_num_queries, fields):
    for _ in range(fields):
        make_example(measures=[make_measure(make_field())])
    client.get(reverse("catalog:field-list"))
    cache.clear()
    # the content revision, fields with measure counts, examples per field (one aggregate)
    with django_assert_num_queries(3):
        client.get(reverse("catalog:field-list"))
    with django_assert_num_queries(1):  # the cards now come from the fragment cache
        client.get(reverse("catalog:field-list"))
