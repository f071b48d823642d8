"""Edits of published items by Redaktion wait for Chefredaktion (editorial.pending)."""

from functools import partial

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from catalog.models import Measure, PublicationState
from editorial.models import PendingChange, PendingStatus
from ikz import caching
from practice.models import ContentRevision, ExampleLink
from tests.conftest import (
    make_download,
    make_example,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_resource,
)
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caching._Breaker.reset()


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def review_url(change):
    return reverse("admin:editorial_pendingchange_change", args=[change.pk])


def edit(client, obj, **changes):
    page = client.get(change_url(obj))
    return client.post(change_url(obj), form_data(page, **changes))


@pytest.fixture
def example():
    example = make_example(
        title="Gemeinsamer Bauhof",
        summary="Die alte Zusammenfassung.",
        measures=[make_measure(title="Bauhof teilen")],
        municipalities=[make_municipality(name="Adorf")],
    )
    example.tags.set(["Bauhof"])
    ExampleLink.objects.create(example=example, title="Satzung", url="https://example.org/s")
    return example


def test_an_editors_edit_of_a_live_example_waits_and_visitors_keep_the_live_page(
    redaktion_client, redakteurin, example
):
    other_place = make_municipality(name="Bad Elster")
    visitor = Client()
    url = example.get_absolute_url()
    visitor.get(url)
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    revision = ContentRevision.current()

    response = edit(
        redaktion_client,
        example,
        summary="Die neue Zusammenfassung.",
        tags=["Bauhof", "Winterdienst"],
        municipalities=[str(other_place.pk)],
        **{"links-0-title": "Neue Satzung"},
    )

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("wartet auf die Freigabe durch die Chefredaktion" in m for m in messages)
    example.refresh_from_db()
    assert example.summary == "Die alte Zusammenfassung."
    assert list(example.municipalities.values_list("name", flat=True)) == ["Adorf"]
    assert list(example.links.values_list("title", flat=True)) == ["Satzung"]
    page = visitor.get(url)
    assert page["X-Page-Cache"] == "hit"
    assert "Die alte Zusammenfassung." in page.content.decode()
    assert ContentRevision.current() == revision

    change = PendingChange.objects.get()
    assert change.author == redakteurin and change.status == PendingStatus.PENDING
    assert change.data["summary"] == "Die neue Zusammenfassung."
    assert change.data["tags"] == ["Bauhof", "Winterdienst"]
    assert change.data["municipalities"] == [other_place.pk]
    assert change.data["links"] == [["Neue Satzung", "https://example.org/s"]]


def test_save_and_add_another_leads_to_an_empty_form_after_a_pending_save(
    redaktion_client, example
):
    page = redaktion_client.get(change_url(example))
    data = form_data(page, summary="Vorschlag.", _addanother="Sichern und neu hinzufügen")

    response = redaktion_client.post(change_url(example), data)

    assert response.url == reverse("admin:practice_practiceexample_add")
    assert PendingChange.objects.get().data["summary"] == "Vorschlag."


def test_further_edits_update_the_same_pending_change_and_the_form_shows_them(
    redaktion_client, example
):
    edit(redaktion_client, example, summary="Erster Entwurf der Änderung.")
    page = redaktion_client.get(change_url(example))
    assert page.context["adminform"].form.initial["summary"] == "Erster Entwurf der Änderung."
    assert "Ihre Änderung wartet auf Freigabe" in page.content.decode()

    redaktion_client.post(change_url(example), form_data(page, title="Bauhof im Vogtland"))

    change = PendingChange.objects.get()
    assert change.data["summary"] == "Erster Entwurf der Änderung."
    assert change.data["title"] == "Bauhof im Vogtland"


def test_new_tags_of_a_pending_change_are_shown_when_the_author_reopens_it(
    redaktion_client, example
):
    bauhof = Tag.objects.get(name="Bauhof")
    edit(redaktion_client, example, tags=[str(bauhof.pk), "Winterdienst"])
    assert not Tag.objects.filter(name="Winterdienst").exists()  # not live yet

    page = redaktion_client.get(change_url(example))

    content = page.content.decode()
    assert f'<option value="{bauhof.pk}" selected>Bauhof</option>' in content
    assert '<option value="Winterdienst" selected>Winterdienst</option>' in content
    redaktion_client.post(change_url(example), form_data(page, summary="Noch eine Änderung."))
    assert PendingChange.objects.get().data["tags"] == ["Bauhof", "Winterdienst"]


def test_chief_editors_see_the_diff_and_a_preview_then_approve(
    redaktion_client, chef_client, chefin, example
):
    edit(redaktion_client, example, summary="Die neue Zusammenfassung.", tags=["Winterdienst"])
    change = PendingChange.objects.get()
    visitor = Client()
    visitor.get(example.get_absolute_url())

    dashboard = chef_client.get(reverse("admin:index")).content.decode()
    assert "warten auf Freigabe" in dashboard or "auf Freigabe warten" in dashboard
    assert review_url(change) in dashboard
    assert (
        "Wartende Änderungen an diesem Eintrag"
        in chef_client.get(change_url(example)).content.decode()
    )

    review = chef_client.get(review_url(change))
    rows = {row["label"]: row for row in review.context["rows"]}
    assert rows["Kurzbeschreibung"]["live"] == "Die alte Zusammenfassung."
    assert rows["Kurzbeschreibung"]["proposed"] == "Die neue Zusammenfassung."
    assert rows["Schlagwörter"]["proposed"] == "Winterdienst"
    assert "Titel" not in rows  # unchanged fields are not listed

    preview = chef_client.get(reverse("admin:editorial_pendingchange_preview", args=[change.pk]))
    assert preview.status_code == 200
    assert "Die neue Zusammenfassung." in preview.content.decode()
    assert "Vorschau einer wartenden Änderung" in preview.content.decode()
    assert f'<a href="{review_url(change)}">Zurück zur Änderung</a>' in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    example.refresh_from_db()
    assert example.summary == "Die alte Zusammenfassung."  # the preview rolled back
    assert visitor.get(example.get_absolute_url())["X-Page-Cache"] == "hit"

    response = chef_client.post(review_url(change), {"approve": "1"})

    assert response.status_code == 302
    example.refresh_from_db()
    assert example.summary == "Die neue Zusammenfassung."
    assert list(example.tags.names()) == ["Winterdienst"]
    assert example.publication_state == PublicationState.PUBLISHED
    page = visitor.get(example.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Die neue Zusammenfassung." in page.content.decode()
    record = example.history.first()
    assert record.history_user == chefin
    assert "redakteurin" in record.history_change_reason
    assert "chefin" in record.history_change_reason
    change.refresh_from_db()
    assert (change.status, change.reviewer) == (PendingStatus.APPROVED, chefin)
    decided = chef_client.get(review_url(change))
    rows = {row["label"]: row for row in decided.context["rows"]}
    assert rows["Kurzbeschreibung"]["live"] == "Die alte Zusammenfassung."  # not the new live
    assert '<th scope="col">Vorher</th>' in decided.content.decode()


def test_a_rejection_needs_a_comment_that_the_author_sees(redaktion_client, chef_client, example):
    edit(redaktion_client, example, summary="Eine verworfene Fassung.")
    change = PendingChange.objects.get()

    missing = chef_client.post(review_url(change), {"reject": "1", "comment": " "})
    assert missing.status_code == 400
    assert "Bitte begründen Sie die Ablehnung" in missing.content.decode()

    chef_client.post(review_url(change), {"reject": "1", "comment": "Quelle fehlt."})

    change.refresh_from_db()
    assert change.status == PendingStatus.REJECTED
    example.refresh_from_db()
    assert example.summary == "Die alte Zusammenfassung."
    own_page = redaktion_client.get(change_url(example)).content.decode()
    assert "Ihre Änderung wurde am" in own_page and "von chefin abgelehnt" in own_page
    assert "„Quelle fehlt.“ Das Formular zeigt die veröffentlichte Fassung" in own_page
    assert f'<a href="{review_url(change)}">Abgelehnte Änderung ansehen</a>' in own_page
    rejected = redaktion_client.get(review_url(change)).content.decode()
    assert "Eine verworfene Fassung." in rejected  # the author can copy their text


def test_a_conflicting_live_change_is_shown_and_never_silently_overwritten(
    redaktion_client, chef_client, example
):
    edit(redaktion_client, example, summary="Fassung der Redaktion.", title="Bauhof Vogtland")
    change = PendingChange.objects.get()
    edit(chef_client, example, summary="Fassung der Chefredaktion.")  # live, directly

    review = chef_client.get(review_url(change))
    assert "Konflikt" in review.content.decode()
    assert [row["name"] for row in review.context["rows"] if row["conflict"]] == ["summary"]
    assert "Beim Bearbeiten durch redakteurin stand hier:<br>Die alte Zusammenfassung." in (
        review.content.decode()
    )

    response = chef_client.post(review_url(change), {"approve": "1"}, follow=True)

    example.refresh_from_db()
    assert example.summary == "Fassung der Chefredaktion."  # kept: the box was not ticked
    assert example.title == "Bauhof Vogtland"  # no conflict: applied
    assert PendingChange.objects.get().status == PendingStatus.APPROVED
    messages = [str(m) for m in response.context["messages"]]
    assert "Wegen des Konflikts gilt weiter die veröffentlichte Fassung für: Kurzbeschreibung." in (
        messages
    )


def test_a_conflict_is_overwritten_when_the_reviewer_ticks_the_box(
    redaktion_client, chef_client, example
):
    edit(redaktion_client, example, summary="Fassung der Redaktion.", title="Bauhof Vogtland")
    change = PendingChange.objects.get()
    edit(chef_client, example, summary="Fassung der Chefredaktion.")

    chef_client.post(review_url(change), {"approve": "1", "overwrite": "1"})

    example.refresh_from_db()
    assert (example.summary, example.title) == ("Fassung der Redaktion.", "Bauhof Vogtland")


def test_fields_only_the_live_item_changed_stay_as_they_are(redaktion_client, chef_client, example):
    edit(redaktion_client, example, summary="Fassung der Redaktion.")
    change = PendingChange.objects.get()
    edit(chef_client, example, title="Neuer Titel der Chefredaktion")

    chef_client.post(review_url(change), {"approve": "1"})

    example.refresh_from_db()
    assert (example.title, example.summary) == (
        "Neuer Titel der Chefredaktion",
        "Fassung der Redaktion.",
    )


def test_chief_editors_and_unpublished_items_save_directly(redaktion_client, chef_client, example):
    edit(chef_client, example, summary="Direkt veröffentlicht.")
    draft = make_measure(publication_state=PublicationState.DRAFT, title="Entwurf")
    edit(redaktion_client, draft, title="Entwurf, überarbeitet")

    example.refresh_from_db()
    draft.refresh_from_db()
    assert example.summary == "Direkt veröffentlicht."
    assert draft.title == "Entwurf, überarbeitet"
    assert not PendingChange.objects.exists()


def test_editors_cannot_approve_and_see_only_their_own_changes(
    redaktion_client, chef_client, django_user_model, example
):
    edit(chef_client, example, summary="x")  # direct, no pending change
    edit(redaktion_client, example, summary="Vorschlag.")
    change = PendingChange.objects.get()

    refused = redaktion_client.post(review_url(change), {"approve": "1"})

    assert refused.status_code == 403
    example.refresh_from_db()
    assert example.summary == "x"


def test_restoring_an_old_version_of_a_live_item_by_an_editor_waits_too(
    redaktion_client, chef_client
):
    measure = make_measure(title="Richtiger Titel")
    good_version = measure.history.first()
    edit(chef_client, measure, title="Neuer Titel")
    opts = Measure._meta
    version_url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[measure.pk, good_version.history_id],
    )

    page = redaktion_client.get(version_url)
    response = redaktion_client.post(version_url, form_data(page))

    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Neuer Titel"
    assert PendingChange.objects.get().data["title"] == "Richtiger Titel"


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (partial(make_resource, url="https://example.org/w"), "title"),
        (make_glossary_term, "term"),
        (make_download, "title"),
    ],
)
def test_items_listed_on_another_page_are_previewed_there(
    redaktion_client, chef_client, make, field
):
    item = make()
    edit(redaktion_client, item, **{field: "Neu benannt"})
    change = PendingChange.objects.get()

    preview = chef_client.get(reverse("admin:editorial_pendingchange_preview", args=[change.pk]))

    assert preview.status_code == 200
    assert "Neu benannt" in preview.content.decode()


def test_line_endings_the_browser_sends_are_no_change(redaktion_client, chef_client, example):
    example.description = "Erster Absatz.\n\nZweiter Absatz."
    example.save()
    edit(
        redaktion_client,
        example,
        summary="Die neue Zusammenfassung.",
        description="Erster Absatz.\r\n\r\nZweiter Absatz.",  # what a textarea posts
    )

    review = chef_client.get(review_url(PendingChange.objects.get()))

    assert [row["name"] for row in review.context["rows"]] == ["summary"]


def test_the_author_gets_a_preview_link_and_other_editors_are_told_without_one(
    redaktion_client, django_user_model, example
):
    from django.contrib.auth.models import Group

    from editorial.roles import EDITORS
    from tests.editorial.conftest import browser

    edit(redaktion_client, example, summary="Vorschlag.")
    change = PendingChange.objects.get()
    preview_url = reverse("admin:editorial_pendingchange_preview", args=[change.pk])

    own = redaktion_client.get(change_url(example)).content.decode()
    assert f'<a href="{preview_url}">Vorschau Ihrer Änderung</a>' in own
    assert "Auch redakteurin" not in own

    colleague = django_user_model.objects.create_user("kollege", is_staff=True)
    colleague.groups.add(Group.objects.get(name=EDITORS))
    other = browser(colleague).get(change_url(example)).content.decode()
    assert "Auch redakteurin hat eine Änderung an diesem Eintrag eingereicht" in other
    assert review_url(change) not in other  # they could not open it


def test_the_list_of_changes_filters_only_by_types_that_have_changes(chef_client, example):
    edit(chef_client, example, summary="x")
    response = chef_client.get(reverse("admin:editorial_pendingchange_changelist"))
    assert "Sessions" not in response.content.decode()
    assert "Eingereichte Änderungen" in response.content.decode()
