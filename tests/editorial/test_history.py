"""History and undo: readable diffs, restoring an earlier version, recovering deleted items."""

import pytest
from django.urls import reverse

from catalog.models import Measure, PublicationState
from practice.models import PracticeExample
from tests.conftest import (
    make_actor,
    make_example,
    make_measure,
    make_municipality,
    make_resource,
)
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def edit(client, obj, **changes):
    page = client.get(admin_url(type(obj), "change", obj.pk))
    response = client.post(admin_url(type(obj), "change", obj.pk), form_data(page, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


def test_every_change_records_who_made_it(redaktion_client, redakteurin):
    measure = make_measure(title="Vorher", publication_state=PublicationState.DRAFT)
    edit(redaktion_client, measure, title="Nachher")
    latest = measure.history.first()
    assert latest.title == "Nachher"
    assert latest.history_user == redakteurin
    assert latest.history_type == "~"


def test_history_shows_a_readable_german_diff(redaktion_client):
    measure = make_measure(title="Alter Titel", publication_state=PublicationState.DRAFT)
    edit(redaktion_client, measure, title="Neuer Titel", publication_state="review")
    response = redaktion_client.get(admin_url(Measure, "history", measure.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<strong>Titel:</strong>" in content
    assert "Alter Titel" in content
    assert "Neuer Titel" in content
    assert "<strong>Veröffentlichungsstatus:</strong>" in content
    assert "Entwurf" in content
    assert "In Prüfung" in content
    assert "redakteurin" in content


def test_restoring_an_earlier_version_brings_back_fields_and_tracked_relations(
    chef_client, redaktion_client, chefin
):
    first, second, third = make_actor(), make_actor(), make_actor()
    checklist = make_resource()
    # A draft: edits of published items by Redaktion wait (test_pending_changes.py).
    measure = make_measure(
        title="Richtiger Titel", steps="1. Planen", publication_state=PublicationState.DRAFT
    )
    measure.actors.set([first, second])
    measure.resources.set([checklist])
    good_version = measure.history.first()

    edit(
        redaktion_client,
        measure,
        title="Versehentlich geändert",
        steps="",
        actors=[str(third.pk)],
        resources=[],
    )
    assert set(measure.actors.all()) == {third}

    # Click 1: open the good version from the history; click 2: restore it.
    version_url = admin_url(Measure, "simple_history", measure.pk, good_version.history_id)
    page = chef_client.get(version_url)
    assert page.status_code == 200
    response = chef_client.post(version_url, form_data(page))
    assert response.status_code == 302

    measure.refresh_from_db()
    assert measure.title == "Richtiger Titel"
    assert measure.steps == "1. Planen"
    assert set(measure.actors.all()) == {first, second}
    assert set(measure.resources.all()) == {checklist}
    assert measure.history.first().history_user == chefin


def test_restoring_an_old_published_version_cannot_publish_for_an_editor(redaktion_client):
    measure = make_measure(publication_state=PublicationState.PUBLISHED)
    published_version = measure.history.first()
    Measure.objects.filter(pk=measure.pk).update(publication_state=PublicationState.REVIEW)
    measure.refresh_from_db()
    measure.save()  # a history record for the review state
    version_url = admin_url(Measure, "simple_history", measure.pk, published_version.history_id)
    page = redaktion_client.get(version_url)
    response = redaktion_client.post(version_url, form_data(page, publication_state="published"))
    assert response.status_code == 200
    assert "Nur die Chefredaktion" in response.content.decode()
    measure.refresh_from_db()
    assert measure.publication_state == PublicationState.REVIEW


def delete(client, obj):
    response = client.post(admin_url(type(obj), "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302


def test_a_deleted_practice_example_is_recovered_with_its_relations(chef_client, chefin):
    measure = make_measure()
    places = [make_municipality(), make_municipality()]
    example = make_example(measures=[measure], municipalities=places, title="Gemeinsames Bauamt")
    pk = example.pk
    delete(chef_client, example)
    assert not PracticeExample.objects.filter(pk=pk).exists()

    listing = chef_client.get(admin_url(PracticeExample, "deleted"))
    assert listing.status_code == 200
    assert "Gemeinsames Bauamt" in listing.content.decode()
    record = listing.context["records"][0]
    assert record.history_user == chefin

    response = chef_client.post(admin_url(PracticeExample, "restore", record.history_id))
    assert response.status_code == 302
    restored = PracticeExample.objects.get(pk=pk)
    assert restored.title == "Gemeinsames Bauamt"
    assert restored.publication_state == PublicationState.PUBLISHED
    assert set(restored.measures.all()) == {measure}
    assert set(restored.municipalities.all()) == set(places)
    assert chef_client.get(admin_url(PracticeExample, "deleted")).context["records"] == []


def test_an_editor_recovers_a_deleted_item_as_a_draft(chef_client, redaktion_client):
    measure = make_measure(title="Gelöscht und zurück")
    delete(chef_client, measure)
    record = Measure.history.filter(history_type="-").get()
    response = redaktion_client.post(admin_url(Measure, "restore", record.history_id))
    assert response.status_code == 302
    restored = Measure.objects.get(pk=measure.pk)
    assert restored.publication_state == PublicationState.DRAFT


def test_recovery_is_refused_when_the_address_is_taken_again(chef_client):
    measure = make_measure(slug="doppelt")
    field = measure.field_of_action
    delete(chef_client, measure)
    make_measure(field, slug="doppelt")
    record = Measure.history.filter(history_type="-").get()
    response = chef_client.post(admin_url(Measure, "restore", record.history_id), follow=True)
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "kann nicht wiederhergestellt werden" in messages
    assert "Kurzname in der Adresse" in messages
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_restoring_needs_a_post(chef_client):
    measure = make_measure()
    delete(chef_client, measure)
    record = Measure.history.filter(history_type="-").get()
    assert chef_client.get(admin_url(Measure, "restore", record.history_id)).status_code == 405
    assert Measure.objects.filter(pk=measure.pk).count() == 0


def test_anonymous_visitors_cannot_see_or_restore_deleted_items(client, chef_client):
    measure = make_measure()
    delete(chef_client, measure)
    record = Measure.history.filter(history_type="-").get()
    assert client.get(admin_url(Measure, "deleted")).status_code == 302
    response = client.post(admin_url(Measure, "restore", record.history_id))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_changelist_links_to_deleted_items(redaktion_client):
    response = redaktion_client.get(admin_url(Measure, "changelist"))
    assert admin_url(Measure, "deleted") in response.content.decode()


def test_restoring_a_practice_example_brings_back_municipalities_and_measures(
    chef_client, redaktion_client
):
    measures = [make_measure(), make_measure()]
    places = [make_municipality(), make_municipality()]
    example = make_example(measures=measures, municipalities=places, title="Richtig")
    good_version = example.history.first()
    edit(
        redaktion_client,
        example,
        title="Falsch",
        measures=[str(measures[0].pk)],
        municipalities=[str(make_municipality().pk)],
    )
    version_url = admin_url(PracticeExample, "simple_history", example.pk, good_version.history_id)
    page = chef_client.get(version_url)
    assert chef_client.post(version_url, form_data(page)).status_code == 302
    example.refresh_from_db()
    assert example.title == "Richtig"
    assert set(example.measures.all()) == set(measures)
    assert set(example.municipalities.all()) == set(places)
