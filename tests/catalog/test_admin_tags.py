"""Editors pick existing tags by autocomplete or type new ones."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.conftest import make_measure

pytestmark = pytest.mark.django_db


def test_tag_autocomplete_suggests_existing_tags(editor_client):
    make_measure().tags.set(["E-Akte", "Förderung"])
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "measure", "field_name": "tags", "term": "förd"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Förderung"]


def test_change_form_offers_the_autocomplete_widget(editor_client):
    measure = make_measure()
    response = editor_client.get(reverse("admin:catalog_measure_change", args=[measure.pk]))
    content = response.content.decode()
    assert 'data-field-name="tags"' in content
    assert 'data-tags="true"' in content


def test_saving_keeps_existing_and_creates_new_tags(editor_client):
    measure = make_measure()
    measure.tags.set(["E-Akte"])
    existing = Tag.objects.get(name="E-Akte")
    url = reverse("admin:catalog_measure_change", args=[measure.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(
        {
            "field_of_action": measure.field_of_action_id,
            "tags": [str(existing.pk), "Standesamt"],
            "publication_state": measure.publication_state,
            "_save": "Sichern",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(measure.tags.names()) == ["E-Akte", "Standesamt"]


def test_a_new_tag_typed_before_a_validation_error_is_still_there(editor_client):
    measure = make_measure()
    measure.tags.set(["E-Akte"])
    existing = Tag.objects.get(name="E-Akte")
    url = reverse("admin:catalog_measure_change", args=[measure.pk])
    response = editor_client.post(
        url,
        {
            "field_of_action": measure.field_of_action_id,
            "title": "",  # required: the form comes back with an error
            "tags": [str(existing.pk), "Standesamt"],
            "publication_state": measure.publication_state,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<option value="{existing.pk}" selected>E-Akte</option>' in content
    assert '<option value="Standesamt" selected>Standesamt</option>' in content
