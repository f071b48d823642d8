"""The tools and resources of the guide's annex, filterable by kind."""

import pytest
from django.urls import reverse

from catalog.models import PublicationState, ResourceKind
from tests.conftest import (
    make_measure,
    make_resource,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_resources_can_be_filtered_by_kind(client, editor_client):
    make_resource(title="Checkliste Kooperation", kind=ResourceKind.CHECKLIST)
    make_resource(title="Förderprogramm Digital", kind=ResourceKind.FUNDING)
    make_resource(title="Entwurfswerkzeug", publication_state=PublicationState.DRAFT)
    for browser in (client, editor_client):
        everything = text(browser.get(reverse("catalog:resource-list")))
        assert "Checkliste Kooperation" in everything and "Förderprogramm Digital" in everything
        assert "Entwurfswerkzeug" not in everything
        funding = text(browser.get(reverse("catalog:resource-list"), {"art": "funding"}))
        assert "Förderprogramm Digital" in funding
        assert "Checkliste Kooperation" not in funding
        assert '<option value="funding" selected>' in funding


def test_an_unknown_resource_kind_is_reported_not_a_500(client):
    make_resource(title="Checkliste Kooperation")
    response = client.get(reverse("catalog:resource-list"), {"art": "<script>"})
    assert response.status_code == 200
    content = text(response)
    assert "Checkliste Kooperation" in content
    assert "Bitte eine gültige Auswahl treffen" in content
    assert "<script>" not in content


def test_resources_name_the_measures_they_help_with(client):
    resource = make_resource(title="Mustervereinbarung")
    make_measure(title="Gemeinsamer Bauhof").resources.add(resource)
    make_measure(title="Geheim", publication_state="draft").resources.add(resource)
    content = text(client.get(reverse("catalog:resource-list")))
    assert "Gemeinsamer Bauhof" in content
    assert "Geheim" not in content


@pytest.mark.parametrize("resources", [10, 200])
def test_resource_list_query_count_does_not_grow(client, django_assert_num_queries, resources):
    measure = make_measure()
    for _ in range(resources):
        measure.resources.add(make_resource())
    # count for the paginator, the page of resources, their measures
    with django_assert_num_queries(3):
        client.get(reverse("catalog:resource-list"))
