"""Issue 18, point 6: the review rule holds on every way into a published item – restoring an
older version from its history and importing a spreadsheet, not only the change form."""

import pytest
from django.urls import reverse

from catalog.models import PublicationState
from editorial.models import PendingChange
from practice.import_export import PracticeExampleResource
from practice.models import PracticeExample
from tests.catalog.test_import_export import (
    admin_export,
    admin_preview,
    csv_rows,
    user_client,
    write_csv,
)
from tests.conftest import (
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_page,
    make_resource,
)
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def version_url(obj, version):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (make_field, "title"),
        (lambda: make_measure(field_of_action=make_field()), "title"),
        (make_example, "title"),
        (lambda: make_resource(url="https://example.org/vorlage"), "title"),
        (make_glossary_term, "term"),
        (make_page, "title"),
    ],
    ids=["field", "measure", "example", "resource", "glossary-term", "page"],
)
def test_an_editors_restore_of_a_live_items_old_version_waits(
    redaktion_client, chef_client, make, field
):
    item = make()
    old_value = getattr(item, field)
    good_version = item.history.first()
    page = chef_client.get(change_url(item))
    chef_client.post(change_url(item), form_data(page, **{field: "Neuer Wert"}))
    item.refresh_from_db()
    assert getattr(item, field) == "Neuer Wert"

    url = version_url(item, good_version)
    response = redaktion_client.post(url, form_data(redaktion_client.get(url)))

    assert response.status_code == 302
    item.refresh_from_db()
    assert getattr(item, field) == "Neuer Wert"  # live until Chefredaktion approves
    assert PendingChange.objects.get().data[field] == old_value


def test_an_editors_import_cannot_change_a_published_example(django_user_model):
    live = make_example(title="Gemeinsamer Bauhof", summary="Die alte Zusammenfassung.")
    draft = make_example(title="Entwurf", slug="entwurf", publication_state="draft")
    editor = user_client(
        django_user_model,
        "redakteur",
        ["view_practiceexample", "add_practiceexample", "change_practiceexample"],
    )
    admin_url = "/admin/practice/practiceexample/"
    rows = csv_rows(admin_export(editor, admin_url, PracticeExampleResource))
    for row in rows:
        row["summary"] = "Überarbeitet."

    response = admin_preview(editor, admin_url, write_csv(rows))

    assert "process_import" not in response.content.decode()  # nothing to confirm
    assert "ist veröffentlicht; Änderungen daran gibt die Chefredaktion frei" in (
        response.content.decode()
    )
    assert PracticeExample.objects.get(pk=live.pk).summary == "Die alte Zusammenfassung."
    assert PracticeExample.objects.get(pk=draft.pk).publication_state == PublicationState.DRAFT
    assert not PendingChange.objects.exists()
