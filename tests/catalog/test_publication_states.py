"""Publication states on every detail page: drafts (404 for visitors, a never-cached preview for
editors), archived items (410), outdated slugs (301) and unknown slugs (404)."""

import pytest

from catalog.models import PublicationState
from tests.conftest import (
    make_example,
    make_field,
    make_measure,
    make_page,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def detail_objects():
    return {
        "field": lambda **kw: make_field(**kw),
        "measure": lambda **kw: make_measure(**kw),
        "example": lambda **kw: make_example(**kw),
        "page": lambda **kw: make_page(**kw),
    }


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_drafts_are_404_for_visitors_and_a_private_preview_for_editors(client, editor_client, kind):
    obj = detail_objects()[kind](publication_state=PublicationState.DRAFT)
    assert client.get(obj.get_absolute_url()).status_code == 404
    response = editor_client.get(obj.get_absolute_url())
    assert response.status_code == 200
    assert "Vorschau – nicht veröffentlicht" in text(response)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert '<meta name="robots" content="noindex">' in text(response)


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_published_pages_have_no_preview_banner_even_for_editors(editor_client, kind):
    obj = detail_objects()[kind]()
    response = editor_client.get(obj.get_absolute_url())
    assert "Vorschau" not in text(response)
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_archived_items_answer_410_with_a_visible_notice(client, kind):
    obj = detail_objects()[kind](publication_state=PublicationState.ARCHIVED, title="Alte Sache")
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 410
    content = text(response)
    assert "archiviert" in content
    assert "Alte Sache" in content
    assert content.count("<h1") == 1


def test_measure_of_an_archived_field_is_gone(client):
    measure = make_measure(make_field(publication_state=PublicationState.ARCHIVED))
    assert client.get(measure.get_absolute_url()).status_code == 410


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_outdated_slugs_redirect_permanently_to_the_canonical_url(client, kind):
    obj = detail_objects()[kind](slug="alter-name")
    old_url = obj.get_absolute_url()
    obj.slug = "neuer-name"
    obj.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_an_outdated_slug_of_a_draft_is_not_revealed_to_visitors(client, editor_client):
    measure = make_measure(slug="alter-name", publication_state=PublicationState.DRAFT)
    measure.slug = "neuer-name"
    measure.save()
    assert client.get("/massnahmen/alter-name/").status_code == 404
    assert editor_client.get("/massnahmen/alter-name/").status_code == 301


@pytest.mark.parametrize(
    "url", ["/handlungsfelder/gibt-es-nicht/", "/massnahmen/gibt-es-nicht/", "/gibt-es-nicht/"]
)
def test_unknown_slugs_get_the_helpful_german_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    content = text(response)
    assert "Diese Seite gibt es nicht (mehr)" in content
    assert 'name="q"' in content
    assert content.count("<h1") == 1
