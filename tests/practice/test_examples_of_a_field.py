"""Regression: an example belongs to a field of action only through a *published* measure, on
every page that counts or lists a field's examples (a card said 3, a click showed 4)."""

import pytest
from django.urls import reverse

from catalog.models import PublicationState
from tests.conftest import make_example, make_field, make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def field():
    field = make_field(title="Digitale Verwaltung", slug="digitale-verwaltung")
    published = make_measure(field, title="E-Akte")
    draft = make_measure(field, publication_state=PublicationState.DRAFT)
    archived = make_measure(field, publication_state=PublicationState.ARCHIVED)
    make_example(title="Über die E-Akte", measures=[published])
    make_example(title="Über beide", measures=[published, draft])
    make_example(title="Nur über einen Entwurf", measures=[draft])
    make_example(title="Nur über Archiviertes", measures=[archived])
    return field


def test_every_page_counts_the_examples_of_published_measures_only(client, field):
    card = "2 Praxisbeispiele"
    assert card in client.get(reverse("catalog:home")).content.decode()
    assert card in client.get(reverse("catalog:field-list")).content.decode()

    detail = client.get(field.get_absolute_url()).content.decode()
    assert "Über beide" in detail and "Über die E-Akte" in detail
    assert "Nur über einen Entwurf" not in detail and "Nur über Archiviertes" not in detail

    listed = client.get(reverse("practice:example-list"), {"handlungsfeld": field.slug})
    assert listed.context["result_count"] == 2
    assert "Nur über einen Entwurf" not in listed.content.decode()
    unfiltered = client.get(reverse("practice:example-list"))
    [facet] = [facet for facet in unfiltered.context["facets"] if facet.name == "handlungsfeld"]
    assert facet.counts == {field.slug: 2}

    api = client.get("/api/v1/praxisbeispiele/", {"handlungsfeld": field.slug}).json()
    assert sorted(item["titel"] for item in api["results"]) == ["Über beide", "Über die E-Akte"]


def test_the_field_feed_holds_the_same_examples(client, field):
    feed = client.get(f"/handlungsfelder/{field.slug}/feed.rss")
    assert feed.status_code == 200
    body = feed.content.decode()
    assert "Über die E-Akte" in body and "Über beide" in body
    assert "Nur über einen Entwurf" not in body and "Nur über Archiviertes" not in body
