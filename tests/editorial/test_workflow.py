"""Publication workflow: editors submit, chief editors publish; the server refuses the rest."""

import pytest
from django.urls import reverse

from catalog.models import FieldOfAction, Measure, PublicationState
from editorial import workflow
from editorial.models import PendingChange
from tests.conftest import make_example, make_field, make_measure, make_page, make_resource
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED, ARCHIVED = (
    PublicationState.DRAFT,
    PublicationState.REVIEW,
    PublicationState.PUBLISHED,
    PublicationState.ARCHIVED,
)


def admin_url(obj_or_model, view, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def change_url(obj):
    return admin_url(obj, "change", obj.pk)


@pytest.mark.parametrize(
    ("old", "new"),
    [(DRAFT, ARCHIVED), (REVIEW, ARCHIVED), (None, ARCHIVED)],
)
def test_transitions_the_workflow_does_not_know_are_refused_even_for_chief_editors(
    chefin, old, new
):
    reason = workflow.refusal(chefin, Measure, old, new)
    assert "kann nicht von" in reason


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (DRAFT, PUBLISHED),
        (REVIEW, PUBLISHED),
        (PUBLISHED, ARCHIVED),
        (PUBLISHED, DRAFT),
        (ARCHIVED, DRAFT),
        (None, PUBLISHED),
    ],
)
def test_editors_may_not_publish_archive_or_withdraw(redakteurin, chefin, old, new):
    assert "Nur die Chefredaktion" in workflow.refusal(redakteurin, Measure, old, new)
    assert workflow.refusal(chefin, Measure, old, new) is None


@pytest.mark.parametrize(("old", "new"), [(DRAFT, REVIEW), (REVIEW, DRAFT), (None, REVIEW)])
def test_editors_move_between_draft_and_review(redakteurin, old, new):
    assert workflow.refusal(redakteurin, Measure, old, new) is None


def test_editor_submits_a_draft_for_review_in_the_change_form(redaktion_client):
    measure = make_measure(publication_state=DRAFT)
    page = redaktion_client.get(change_url(measure))
    offered = [
        value
        for value, _label in page.context["adminform"].form.fields["publication_state"].choices
    ]
    assert offered == [DRAFT, REVIEW]

    response = redaktion_client.post(change_url(measure), form_data(page, publication_state=REVIEW))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.publication_state == REVIEW
    assert measure.published_at is None


def test_a_forged_publish_by_an_editor_is_refused_with_a_german_message(redaktion_client):
    measure = make_measure(publication_state=REVIEW)
    page = redaktion_client.get(change_url(measure))
    response = redaktion_client.post(
        change_url(measure), form_data(page, publication_state=PUBLISHED)
    )
    assert response.status_code == 200
    assert "Nur die Chefredaktion darf veröffentlichen" in response.content.decode()
    measure.refresh_from_db()
    assert measure.publication_state == REVIEW


def test_an_editor_cannot_add_an_item_as_published(redaktion_client):
    field = make_field()
    page = redaktion_client.get(admin_url(Measure, "add"))
    data = form_data(
        page,
        field_of_action=str(field.pk),
        number="1",
        title="Neue Maßnahme",
        slug="neue-massnahme",
        summary="Kurz",
        publication_state=PUBLISHED,
    )
    response = redaktion_client.post(admin_url(Measure, "add"), data)
    assert response.status_code == 200
    assert "Nur die Chefredaktion" in response.content.decode()
    assert not Measure.objects.filter(slug="neue-massnahme").exists()


def test_chief_editor_publishes_and_the_date_is_recorded(chef_client, client):
    measure = make_measure(publication_state=REVIEW)
    assert client.get(measure.get_absolute_url()).status_code == 404
    page = chef_client.get(change_url(measure))
    response = chef_client.post(change_url(measure), form_data(page, publication_state=PUBLISHED))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.publication_state == PUBLISHED
    assert measure.published_at is not None
    assert client.get(measure.get_absolute_url()).status_code == 200


def test_archiving_a_draft_is_refused_in_the_form(chef_client):
    measure = make_measure(publication_state=DRAFT)
    page = chef_client.get(change_url(measure))
    response = chef_client.post(change_url(measure), form_data(page, publication_state=ARCHIVED))
    assert response.status_code == 200
    assert "Der Status kann nicht von „Entwurf“ zu „Archiviert“ wechseln." in (
        response.content.decode()
    )


def test_an_editors_edit_of_a_published_item_waits_for_approval(redaktion_client):
    measure = make_measure(publication_state=PUBLISHED, title="Alter Titel")
    page = redaktion_client.get(change_url(measure))
    response = redaktion_client.post(change_url(measure), form_data(page, title="Neuer Titel"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.title, measure.publication_state) == ("Alter Titel", PUBLISHED)
    assert PendingChange.objects.get().data["title"] == "Neuer Titel"


def test_editors_cannot_publish_measures_through_the_field_of_action_inline(redaktion_client):
    # A draft field: on a published one the inline is read-only for editors
    # (tests/editorial/test_pending_inlines.py).
    field = make_field(publication_state=DRAFT)
    measure = make_measure(field, publication_state=DRAFT)
    page = redaktion_client.get(change_url(field))
    data = form_data(page)
    data["measures-0-publication_state"] = PUBLISHED
    response = redaktion_client.post(change_url(field), data)
    assert response.status_code == 200
    assert "Nur die Chefredaktion" in response.content.decode()
    measure.refresh_from_db()
    assert measure.publication_state == DRAFT


def bulk(client, model, action, objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [str(obj.pk) for obj in objects]},
        follow=True,
    )


def test_chief_editor_publishes_many_items_at_once_and_hears_about_refusals(chef_client):
    ready = [make_measure(publication_state=REVIEW), make_measure(publication_state=DRAFT)]
    already = make_measure(publication_state=PUBLISHED)
    response = bulk(chef_client, Measure, "publish_selected", [*ready, already])
    for measure in ready:
        measure.refresh_from_db()
        assert measure.publication_state == PUBLISHED
        assert measure.published_at is not None
    text = " ".join(str(m) for m in response.context["messages"])
    assert "„Veröffentlicht“ gesetzt für 2 Einträge" in text
    assert f"Bereits „Veröffentlicht“: {already.title}" in text


def test_bulk_archive_lists_the_items_it_refused(chef_client):
    published = make_measure(publication_state=PUBLISHED)
    draft = make_measure(publication_state=DRAFT, title="Noch ein Entwurf")
    response = bulk(chef_client, Measure, "archive_selected", [published, draft])
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.publication_state == ARCHIVED
    assert draft.publication_state == DRAFT
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Nicht geändert: Noch ein Entwurf." in text
    assert "„Entwurf“ zu „Archiviert“" in text


def test_editors_do_not_get_the_publish_actions_and_a_forged_one_changes_nothing(
    redaktion_client,
):
    measure = make_measure(publication_state=REVIEW)
    changelist = redaktion_client.get(admin_url(Measure, "changelist"))
    actions = [choice[0] for choice in changelist.context["action_form"].fields["action"].choices]
    assert "submit_for_review" in actions
    assert "publish_selected" not in actions
    assert "archive_selected" not in actions
    bulk(redaktion_client, Measure, "publish_selected", [measure])
    measure.refresh_from_db()
    assert measure.publication_state == REVIEW


def test_editors_submit_many_items_and_published_ones_are_refused(redaktion_client):
    drafts = [make_measure(publication_state=DRAFT) for _ in range(3)]
    published = make_measure(publication_state=PUBLISHED, title="Schon öffentlich")
    response = bulk(redaktion_client, Measure, "submit_for_review", [*drafts, published])
    assert Measure.objects.filter(publication_state=REVIEW).count() == 3
    published.refresh_from_db()
    assert published.publication_state == PUBLISHED
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Nicht geändert: Schon öffentlich." in text
    assert "nicht von „Veröffentlicht“ zu „In Prüfung“" in text


@pytest.mark.parametrize(
    "make",
    [make_field, make_measure, make_example, make_resource, make_page],
    ids=["field", "measure", "example", "resource", "page"],
)
def test_every_publishable_model_has_the_workflow(chef_client, make):
    obj = make(publication_state=REVIEW)
    bulk(chef_client, type(obj), "publish_selected", [obj])
    obj.refresh_from_db()
    assert obj.publication_state == PUBLISHED
    assert obj.published_at is not None


def test_publishing_a_page_needs_the_page_publish_permission(redaktion_client, chef_client):
    page = make_page(publication_state=REVIEW)
    bulk(redaktion_client, type(page), "publish_selected", [page])
    page.refresh_from_db()
    assert page.publication_state == REVIEW
    bulk(chef_client, type(page), "publish_selected", [page])
    page.refresh_from_db()
    assert page.publication_state == PUBLISHED


def test_state_changes_by_action_are_in_the_history_with_the_user(chef_client, chefin):
    field = make_field(publication_state=REVIEW)
    bulk(chef_client, FieldOfAction, "publish_selected", [field])
    latest = field.history.first()
    assert latest.publication_state == PUBLISHED
    assert latest.history_user == chefin
    assert latest.history_change_reason == "Status: Veröffentlicht"


def test_a_live_measure_in_a_draft_field_cannot_be_changed_by_editors_through_the_inline(
    redaktion_client,
):
    field = make_field(publication_state=DRAFT)
    live = make_measure(field, title="Live-Maßnahme", publication_state=PUBLISHED)
    data = form_data(redaktion_client.get(change_url(field)))
    data["measures-0-title"] = "Heimlich geändert"
    data["measures-0-publication_state"] = DRAFT
    redaktion_client.post(change_url(field), data)
    live.refresh_from_db()
    assert (live.title, live.publication_state) == ("Live-Maßnahme", PUBLISHED)
    data["measures-0-DELETE"] = "on"
    redaktion_client.post(change_url(field), data)
    assert Measure.objects.filter(pk=live.pk).exists()
