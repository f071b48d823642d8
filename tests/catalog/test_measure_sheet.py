"""The measure sheet: every part, editorial proposals, breadcrumbs, drafts, the invitation to
report an example."""

import pytest
from django.core.cache import cache

from catalog.models import Basis, Effort, Horizon, PublicationState, ResourceKind
from practice import facet_index
from practice.models import FederalState
from tests.conftest import (
    make_actor,
    make_example,
    make_field,
    make_measure,
    make_municipality,
    make_resource,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def full_measure():
    field = make_field(number=4, title="Personal und Wissen")
    measure = make_measure(
        field,
        number=2,
        title="Gemeinsame Spezialistenstellen",
        slug="spezialistenstellen",
        steps="1. Bedarf klären\n2. Vereinbarung schließen",
        prerequisites="Ein **Beschluss** der Räte.",
        benefits="Fachwissen für alle.",
        risks="Unklare Kostenteilung.",
        effort=Effort.MEDIUM,
        horizon=Horizon.SHORT,
        basis=Basis.DOCUMENTED,
        sources="https://ea-rlp.de/vier-rathaeuser-ein-experte",
    )
    measure.actors.add(make_actor(name="Hauptamt"), make_actor(name="Bürgermeister/in"))
    measure.tags.add("Personal")
    measure.resources.add(make_resource(title="Mustervereinbarung", kind=ResourceKind.TEMPLATE))
    measure.resources.add(make_resource(title="Geheime Vorlage", publication_state="draft"))
    previous = make_measure(field, number=1, title="Vorherige Maßnahme")
    following = make_measure(field, number=3, title="Nächste Maßnahme")
    related = make_measure(make_field(), title="Verwandte Maßnahme")
    measure.related.add(related)
    make_example(title="ZUCK Prozessdesigner", measures=[measure])
    return measure, previous, following


def test_measure_sheet_shows_every_part(client):
    measure, previous, following = full_measure()
    response = client.get(measure.get_absolute_url())
    content = text(response)
    assert response.status_code == 200
    for expected in [
        "Gemeinsame Spezialistenstellen",
        "Maßnahme 4.2",
        "Bedarf klären",
        "Aufwand: mittel",
        "Kurzfristig",
        "Hauptamt",
        "Bürgermeister/in",
        "<strong>Beschluss</strong>",
        "Fachwissen für alle",
        "Unklare Kostenteilung",
        "Mustervereinbarung",
        "Verwandte Maßnahme",
        "ZUCK Prozessdesigner",
        "https://ea-rlp.de/vier-rathaeuser-ein-experte",
        "belegt",
        "Personal",
    ]:
        assert expected in content, expected
    assert "Geheime Vorlage" not in content
    assert f'href="{previous.get_absolute_url()}" rel="prev"' in content
    assert f'href="{following.get_absolute_url()}" rel="next"' in content


def test_measure_sheet_marks_editorial_proposals(client):
    measure = make_measure(basis=Basis.PROPOSAL)
    assert "Vorschlag der Redaktion" in text(client.get(measure.get_absolute_url()))


def test_measure_sheet_has_breadcrumbs_to_its_field(client):
    measure = make_measure(make_field(title="Strategie"))
    content = text(client.get(measure.get_absolute_url()))
    assert 'aria-label="Brotkrumennavigation"' in content
    assert f'<a href="{measure.field_of_action.get_absolute_url()}">' in content
    assert '<span aria-current="page">' in content


@pytest.mark.parametrize("examples", [10, 200])
def test_measure_sheet_query_count_does_not_grow(client, django_assert_num_queries, examples):
    measure, _, _ = full_measure()
    places = [make_municipality() for _ in range(3)]
    for _ in range(examples):
        make_example(measures=[measure], municipalities=places)
    client.get(measure.get_absolute_url())
    cache.clear()
    # measure+field (what is shown outside the block), content revision; for the block the whole
    # measure, actors, tags, resources, related, six examples (with their number) and their
    # municipalities and districts, previous, next; "Wir planen das auch": municipalities,
    # approved signals
    with django_assert_num_queries(13):
        response = client.get(measure.get_absolute_url())
    assert text(response).count('class="card card--example"') == 6
    # full_measure() brings one example of its own
    assert f"Alle {examples + 1} Praxisbeispiele zu dieser Maßnahme anzeigen" in text(response)


def test_the_sheet_shows_the_first_six_of_its_filtered_list(client):
    measure = make_measure()
    other_land = FederalState.BY
    for n in range(9):
        state = other_land if n % 3 == 0 else FederalState.SN
        make_example(measures=[measure], title=f"Beispiel {n}", federal_state=state)
    make_example(title="Ohne diese Maßnahme")
    sheet = client.get(measure.get_absolute_url())
    listed = client.get("/praxisbeispiele/", {"massnahme": measure.slug})
    first_six = [example.title for example in listed.context["examples"][:6]]
    assert [example.title for example in sheet.context["examples"].examples] == first_six
    assert sheet.context["examples"].total == listed.context["result_count"] == 9
    assert "Beispiel 0" not in first_six  # Saxony first: the Bavarian ones come last


def test_the_sheet_answers_without_building_the_list_index(client):
    """A sheet is often the first page after an editor's change; its six cards come from the
    database, the index (about half a second at 10,000 examples) is left to the list."""
    measure = make_measure()
    make_example(measures=[measure], title="Bauhof-Verbund")
    facet_index.reset()
    assert "Bauhof-Verbund" in text(client.get(measure.get_absolute_url()))
    assert facet_index._current is None


def test_measure_of_a_draft_field_is_hidden_from_visitors(client, editor_client):
    field = make_field(publication_state=PublicationState.DRAFT)
    measure = make_measure(field)
    assert client.get(measure.get_absolute_url()).status_code == 404
    assert editor_client.get(measure.get_absolute_url()).status_code == 200


def test_a_measure_without_examples_invites_a_report_through_the_form(client):
    measure = make_measure(title="Gemeinsamer Datenschutzbeauftragter")
    content = client.get(measure.get_absolute_url()).content.decode()
    assert f'href="/praxisbeispiel-melden/?massnahme={measure.slug}"' in content
    form = client.get(f"/praxisbeispiel-melden/?massnahme={measure.slug}").content.decode()
    assert f'value="{measure.pk}" id="id_measures_{measure.pk}" checked' in form
