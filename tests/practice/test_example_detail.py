"""The practice example page: participants, cooperation form, contact only with consent, sources,
measures and similar examples – for visitors and editors."""

import pytest

from catalog.models import PublicationState
from practice.models import ExampleAttachment, ExampleLink, ExampleStatus
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def full_example(**kwargs):
    leipzig = make_district(name="Landkreis Leipzig")
    measure = make_measure(make_field(), number=2, title="Gemeinsame E-Akte")
    values = {
        "title": "Gemeinsames Bürgerbüro",
        "summary": "Drei Gemeinden teilen sich ein Bürgerbüro.",
        "description": "Die Gemeinden **bündeln** ihre Dienste.",
        "results": "Kürzere Wartezeiten.",
        "lessons_learned": "Früh den Personalrat beteiligen.",
        "start_year": 2019,
        "end_year": 2023,
        "status": ExampleStatus.COMPLETED,
        "other_partners": "Landratsamt Leipzig",
        "sources": "https://www.example.org/quelle",
        "contact_organisation": "Gemeindeverwaltung Großpösna",
        "measures": [measure],
        "municipalities": [
            make_municipality(leipzig, name="Großpösna", population=5412),
            make_municipality(leipzig, name="Belgershain", population=3209),
        ],
    }
    values.update(kwargs)
    if "cooperation_form" not in kwargs:
        values["cooperation_form"] = make_cooperation_form(
            name="Zweckvereinbarung", explanation="Eine Gemeinde übernimmt die Aufgabe."
        )
    example = make_example(**values)
    example.tags.add("Bürgerservice")
    ExampleLink.objects.create(example=example, title="Projektseite", url="https://example.org/p")
    ExampleAttachment.objects.create(
        example=example, title="Vereinbarung", file="a/v.pdf", is_public=True
    )
    return example


def test_example_page_shows_every_part(client, editor_client):
    example = full_example()
    for browser in (client, editor_client):
        response = browser.get(example.get_absolute_url())
        content = text(response)
        assert response.status_code == 200
        for expected in [
            "Gemeinsames Bürgerbüro",
            "Großpösna",
            "Belgershain",
            "Landkreis Leipzig",
            "5.412",
            "8.621",  # together
            "Zweckvereinbarung",
            "Eine Gemeinde übernimmt die Aufgabe.",
            "2019–2023",
            "Abgeschlossen",
            "<strong>bündeln</strong>",
            "Kürzere Wartezeiten.",
            "Früh den Personalrat beteiligen.",
            "Landratsamt Leipzig",
            "Gemeindeverwaltung Großpösna",
            'href="https://example.org/p">Projektseite</a>',
            "Vereinbarung",
            "https://www.example.org/quelle",
            "Gemeinsame E-Akte",
            example.measures.first().code,
            "Bürgerservice",
        ]:
            assert expected in content, expected


def test_personal_contact_appears_only_with_consent(client):
    without = full_example(contact_organisation="Stadtverwaltung")
    assert "Stadtverwaltung" in text(client.get(without.get_absolute_url()))
    with_consent = full_example(
        slug="mit-einwilligung",
        cooperation_form=None,
        contact_consent=True,
        contact_person="Erika Mustermann",
        contact_email="erika@example.org",
    )
    content = text(client.get(with_consent.get_absolute_url()))
    assert "Erika Mustermann" in content
    assert 'href="mailto:erika@example.org"' in content


def test_similar_examples_share_measures_and_exclude_drafts(client):
    example = full_example()
    shared = example.measures.first()
    make_example(title="Auch mit E-Akte", measures=[shared])
    make_example(title="Entwurf mit E-Akte", measures=[shared], publication_state="draft")
    make_example(title="Ganz anderes Thema", measures=[make_measure()])
    content = text(client.get(example.get_absolute_url()))
    assert "Ähnliche Praxisbeispiele" in content
    assert "Auch mit E-Akte" in content
    assert "Entwurf mit E-Akte" not in content
    assert "Ganz anderes Thema" not in content


def test_draft_measures_are_not_listed_to_visitors(client, editor_client):
    example = full_example()
    example.measures.add(make_measure(title="Unfertige Maßnahme", publication_state="draft"))
    assert "Unfertige Maßnahme" not in text(client.get(example.get_absolute_url()))
    assert "Unfertige Maßnahme" in text(editor_client.get(example.get_absolute_url()))


def test_draft_example_is_a_preview_for_editors_and_404_for_visitors(client, editor_client):
    example = full_example(publication_state=PublicationState.REVIEW)
    assert client.get(example.get_absolute_url()).status_code == 404
    response = editor_client.get(example.get_absolute_url())
    assert response.status_code == 200
    assert "Vorschau – nicht veröffentlicht" in text(response)
    assert "In Prüfung" in text(response)
    assert "no-store" in response["Cache-Control"]


def test_example_has_breadcrumbs_back_to_the_list(client):
    example = full_example()
    content = text(client.get(example.get_absolute_url()))
    assert '<a href="/praxisbeispiele/">Praxisbeispiele</a>' in content


def test_outdated_example_slug_redirects(client):
    example = full_example(slug="buergerbuero-alt")
    example.slug = "buergerbuero"
    example.save()
    response = client.get("/praxisbeispiele/buergerbuero-alt/")
    assert response.status_code == 301
    assert response["Location"] == "/praxisbeispiele/buergerbuero/"


@pytest.mark.parametrize("similar", [10, 200])
def test_example_page_query_count_does_not_grow(
    client, django_assert_num_queries, settings, similar
):
    settings.FRAGMENT_CACHE_SECONDS = 0  # the rendering path (tests/test_fragments.py: the other)
    example = full_example()
    places = [make_municipality() for _ in range(4)]
    for _ in range(similar):
        make_example(measures=list(example.measures.all()), municipalities=places)
    # the example, the example with its form, municipalities+districts, measures+fields, tags,
    # links, attachments, the content revision of the in-memory index (it finds the similar
    # examples; built once by the first request), the similar examples, their municipalities,
    # their districts
    client.get(example.get_absolute_url())
    with django_assert_num_queries(11):
        response = client.get(example.get_absolute_url())
    assert text(response).count('class="card card--example"') == 3
