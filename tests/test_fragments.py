"""Blocks rendered once per content revision (``{% revision_cache %}``, ikz/templatetags)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import PublicationState
from tests.conftest import make_example, make_field, make_measure, make_resource

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_measure_sheet_is_rendered_once_and_then_costs_fewer_queries(client):
    measure = make_measure(title="Gemeinsamer Bauhof")
    make_example(title="Bauhof Wurzener Land").measures.add(measure)
    cold = queries_for(client, measure.get_absolute_url())
    warm = queries_for(client, measure.get_absolute_url())
    assert warm < cold
    assert "Bauhof Wurzener Land" in client.get(measure.get_absolute_url()).content.decode()


def test_a_published_change_shows_on_the_next_request(client):
    measure = make_measure(title="Gemeinsamer Bauhof")
    client.get(measure.get_absolute_url())
    measure.title = "Gemeinsamer Bauhof mit Winterdienst"
    measure.save()
    make_example(title="Winterdienst im Verbund").measures.add(measure)
    html = client.get(measure.get_absolute_url()).content.decode()
    assert "Gemeinsamer Bauhof mit Winterdienst" in html
    assert "Winterdienst im Verbund" in html


def test_a_field_page_follows_its_measures(client):
    field = make_field()
    make_measure(field_of_action=field, title="Erste Maßnahme")
    client.get(field.get_absolute_url())
    make_measure(field_of_action=field, title="Neue Maßnahme")
    assert "Neue Maßnahme" in client.get(field.get_absolute_url()).content.decode()


def test_editors_never_get_the_visitors_block(client, editor_client):
    measure = make_measure()
    draft = make_resource(title="Entwurf am Blatt", publication_state=PublicationState.DRAFT)
    measure.resources.add(draft)
    assert "Entwurf am Blatt" not in client.get(measure.get_absolute_url()).content.decode()
    assert "Entwurf am Blatt" in editor_client.get(measure.get_absolute_url()).content.decode()
    assert "Entwurf am Blatt" not in client.get(measure.get_absolute_url()).content.decode()


def test_the_measure_list_items_follow_changes(client):
    measure = make_measure(title="Alte Bezeichnung")
    client.get("/massnahmen/")
    measure.title = "Neue Bezeichnung"
    measure.save()
    assert "Neue Bezeichnung" in client.get("/massnahmen/").content.decode()


def test_the_fragment_cache_can_be_switched_off(client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    measure = make_measure()
    client.get(measure.get_absolute_url())  # builds the in-memory list index once
    assert queries_for(client, measure.get_absolute_url()) == queries_for(
        client, measure.get_absolute_url()
    )


def test_an_example_page_is_rendered_once_per_revision(client):
    example = make_example(title="Bauhof Wurzener Land")
    example.measures.add(make_measure(title="Gemeinsamer Bauhof"))
    cold = queries_for(client, example.get_absolute_url())
    assert queries_for(client, example.get_absolute_url()) < cold
    example.summary = "Neue Zusammenfassung des gemeinsamen Bauhofs"
    example.save()
    assert "Neue Zusammenfassung" in client.get(example.get_absolute_url()).content.decode()


def test_invalid_list_parameters_are_never_kept(client):
    make_measure(title="Gemeinsamer Bauhof")
    url = "/massnahmen/?aufwand=riesig"
    # the page with the error message is rendered anew each time: as many queries again
    assert queries_for_status(client, url, 400) == queries_for_status(client, url, 400)
    valid = "/massnahmen/?aufwand=low"
    assert queries_for_status(client, valid, 200) > queries_for_status(client, valid, 200)


def queries_for_status(client, url, status) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == status
    return len(queries)
