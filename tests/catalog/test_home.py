import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.models import PublicationState
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
    client.get(reverse("catalog:home"))  # builds the in-memory index once
    cache.clear()
    # the content revision of the cached block; fields with measure counts, newest examples,
    # their municipalities, the municipalities' districts, and twice the content revision of the
    # in-memory index that gives the examples per field and the map's counts
    with django_assert_num_queries(7):
        client.get(reverse("catalog:home"))
    with django_assert_num_queries(1):  # the block now comes from the fragment cache
        client.get(reverse("catalog:home"))


def test_drafts_are_hidden_from_visitors_but_previewable_by_editors(client, editor_client):
    draft = make_measure(publication_state=PublicationState.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert editor_client.get(draft.get_absolute_url()).status_code == 200


def test_unknown_pages_get_a_helpful_german_404(client):
    response = client.get("/massnahmen/gibt-es-nicht/")
    assert response.status_code == 404
