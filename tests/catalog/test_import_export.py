"""Editors export and import measures as CSV/XLSX in the admin (export format = import format)."""

import csv
import io
import re

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.test import Client

from catalog.import_export import MeasureResource
from catalog.import_formats import SpreadsheetCSV
from catalog.models import Measure, PublicationState
from tests.conftest import make_actor, make_field, make_measure, make_resource

pytestmark = pytest.mark.django_db

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # positions in catalog.import_formats.FORMATS


# ---- helpers shared with tests/practice/test_import_export.py ----------------------------------


def admin_export(browser, model_admin_url, resource_class, file_format=CSV_FORMAT):
    """Export every row through the admin's export form with all columns selected."""
    fields = resource_class().get_export_order()
    data = {"format": file_format, "resource": "0"}
    data.update({f"{resource_class.__name__.lower()}_{name}": "on" for name in fields})
    response = browser.post(f"{model_admin_url}export/", data)
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def stored_keys() -> dict[str, str]:
    """German column header → field name, for tests that read rows by field name."""
    from practice.import_export import PracticeExampleResource

    return {
        field.column_name: name
        for resource in (MeasureResource(), PracticeExampleResource())
        for name, field in resource.fields.items()
    }


def csv_rows(content: bytes, german=False) -> list[dict]:
    """The exported rows, keyed by field name (files with those headers import, too) or,
    with ``german``, by the German headers the export writes."""
    assert content.startswith(b"\xef\xbb\xbf"), "CSV for Excel starts with a byte order mark"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    if german:
        return rows
    keys = stored_keys()
    return [{keys[header]: value for header, value in row.items()} for row in rows]


def write_csv(rows: list[dict], delimiter=";", bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def admin_preview(browser, model_admin_url, content, file_format=CSV_FORMAT, name="datei.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return browser.post(
        f"{model_admin_url}import/",
        {"format": file_format, "resource": "0", "import_file": upload},
    )


def admin_import(browser, model_admin_url, content, file_format=CSV_FORMAT, name="datei.csv"):
    """Upload, check the preview has no errors, then confirm, as an editor does."""
    preview = admin_preview(browser, model_admin_url, content, file_format, name)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "process_import" in html, re.sub(r"\s+", " ", html)[-3000:]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    confirm = {
        key: hidden[key]
        for key in ("import_file_name", "original_file_name", "format", "resource")
        if key in hidden
    }
    response = browser.post(f"{model_admin_url}process_import/", confirm)
    assert response.status_code == 302, response.content[:3000]
    return preview


def user_client(django_user_model, username, codenames):
    user = django_user_model.objects.create_user(username=username, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    browser = Client()
    browser.force_login(user)
    return browser


# ---- measures ----------------------------------------------------------------------------------

ADMIN_URL = "/admin/catalog/measure/"
EDITOR_PERMISSIONS = ["view_measure", "add_measure", "change_measure"]


def snapshot(measure: Measure) -> dict:
    measure = Measure.objects.get(pk=measure.pk)
    values = {
        field.attname: getattr(measure, field.attname)
        for field in Measure._meta.concrete_fields
        if field.attname != "updated_at"
    }
    values["updated_at"] = measure.updated_at
    values["actors"] = sorted(measure.actors.values_list("slug", flat=True))
    values["tags"] = sorted(measure.tags.values_list("name", flat=True))
    values["related"] = sorted(measure.related.values_list("slug", flat=True))
    values["resources"] = sorted(measure.resources.values_list("slug", flat=True))
    values["history"] = measure.history.count()
    return values


@pytest.fixture
def measures():
    field = make_field(slug="verwaltung")
    other_field = make_field(slug="infrastruktur")
    mayor, it = make_actor(slug="buergermeister"), make_actor(slug="it")
    checklist = make_resource(slug="checkliste-e-akte")
    first = make_measure(
        field_of_action=field,
        number=1,
        title="E-Akte gemeinsam einführen",
        slug="e-akte",
        summary="Mehrere Gemeinden führen die E-Akte gemeinsam ein; Kosten sinken.",
        description='Schritte:\n\n- Bedarf "ermitteln"\n- Anbieter wählen; Vertrag schließen',
        effort="high",
        horizon="long",
        basis="documented",
        sources="https://www.ssg-sachsen.de/a\nhttps://www.egovernment.sachsen.de/b",
        last_reviewed="2025-03-01",
    )
    first.actors.set([mayor, it])
    first.tags.set(["E-Akte", "Digitalisierung"])
    first.resources.set([checklist])
    second = make_measure(
        field_of_action=other_field,
        number=1,
        title="Rechenzentrum teilen",
        slug="rechenzentrum",
        publication_state=PublicationState.DRAFT,
    )
    first.related.set([second])
    return first, second


@pytest.fixture
def chief_client(django_user_model):
    return user_client(django_user_model, "chefin", [*EDITOR_PERMISSIONS, "publish_measure"])


@pytest.fixture
def measure_editor_client(django_user_model):
    return user_client(django_user_model, "redakteur", EDITOR_PERMISSIONS)


def test_the_export_writes_readable_keys_for_spreadsheets(measure_editor_client, measures):
    rows = {
        row["slug"]: row
        for row in csv_rows(admin_export(measure_editor_client, ADMIN_URL, MeasureResource))
    }

    row = rows["e-akte"]
    assert row["field_of_action"] == "verwaltung"
    assert row["actors"] == "buergermeister, it"
    assert row["tags"] == "Digitalisierung, E-Akte"
    assert row["related"] == "rechenzentrum"
    assert rows["rechenzentrum"]["related"] == "e-akte"
    assert row["resources"] == "checkliste-e-akte"
    assert row["sources"] == "https://www.ssg-sachsen.de/a\nhttps://www.egovernment.sachsen.de/b"
    assert (
        row["description"]
        == 'Schritte:\n\n- Bedarf "ermitteln"\n- Anbieter wählen; Vertrag schließen'
    )
    assert (row["effort"], row["publication_state"], row["last_reviewed"]) == (
        "hoch",
        "Veröffentlicht",
        "01.03.2025",
    )


def test_the_export_runs_a_fixed_number_of_queries(measures, django_assert_num_queries):
    def queries():
        resource = MeasureResource()
        with django_assert_num_queries(6) as captured:
            resource.export(resource.filter_export(Measure.objects.all()))
        return len(captured)

    few = queries()
    for _ in range(10):
        make_measure().tags.set(["Mehr"])
    assert queries() == few


@pytest.mark.parametrize(("file_format", "name"), [(CSV_FORMAT, "m.csv"), (XLSX_FORMAT, "m.xlsx")])
def test_a_round_trip_changes_nothing(chief_client, measures, file_format, name):
    before = [snapshot(measure) for measure in measures]
    content = admin_export(chief_client, ADMIN_URL, MeasureResource, file_format)

    preview = admin_import(chief_client, ADMIN_URL, content, file_format, name)

    assert "0 neu, 0 geändert, 2 unverändert." in preview.content.decode()
    assert [snapshot(measure) for measure in measures] == before
    assert Measure.objects.count() == 2


def test_an_edited_spreadsheet_updates_the_measures(chief_client, measures):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, MeasureResource))
    for row in rows:
        if row["slug"] == "e-akte":
            row["title"] = "E-Akte im Verbund einführen"
            row["tags"] = "E-Akte, Verbund"
            row["actors"] = "it"
            row["related"] = ""
            row["effort"] = "mittel"  # the German label works as well as the key

    admin_import(chief_client, ADMIN_URL, write_csv(rows))

    first = Measure.objects.get(slug="e-akte")
    assert first.title == "E-Akte im Verbund einführen"
    assert sorted(first.tags.names()) == ["E-Akte", "Verbund"]
    assert list(first.actors.values_list("slug", flat=True)) == ["it"]
    assert first.effort == "medium"
    assert first.history.first().history_user.username == "chefin"
    second = Measure.objects.get(slug="rechenzentrum")
    assert second.title == "Rechenzentrum teilen"


def test_comma_separated_files_without_byte_order_mark_import_too(chief_client, measures):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, MeasureResource))
    rows[0]["title"] = "Neuer Titel, mit Komma"

    admin_import(chief_client, ADMIN_URL, write_csv(rows, delimiter=",", bom=False))

    assert Measure.objects.get(slug=rows[0]["slug"]).title == "Neuer Titel, mit Komma"


def test_a_new_row_creates_a_measure(chief_client, measures):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, MeasureResource))
    new = dict.fromkeys(rows[0], "")
    new.update(
        slug="buergerportal",
        field_of_action="verwaltung",
        number="2",
        title="Bürgerportal",
        summary="Ein gemeinsames Portal.",
        tags="Portal",
    )

    admin_import(chief_client, ADMIN_URL, write_csv([*rows, new]))

    created = Measure.objects.get(slug="buergerportal")
    assert created.publication_state == PublicationState.DRAFT  # blank state: a draft
    assert (created.effort, created.basis) == ("medium", "proposal")  # model defaults
    assert list(created.tags.names()) == ["Portal"]


def _assert_refused(browser, content, *messages):
    before = {m.slug: snapshot(m) for m in Measure.objects.all()}
    response = admin_preview(browser, ADMIN_URL, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "process_import" not in html  # no confirm button
    for message in messages:
        assert message in html, re.sub(r"\s+", " ", html)[-4000:]
    assert {m.slug: snapshot(m) for m in Measure.objects.all()} == before
    return html


def test_an_unknown_related_measure_refuses_the_whole_file(chief_client, measures):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, MeasureResource))
    rows[0]["title"] = "Diese gültige Änderung darf nicht allein ankommen"
    rows[1]["related"] = "e-akte, gibt-es-nicht"

    _assert_refused(
        chief_client,
        write_csv(rows),
        "„gibt-es-nicht“ gibt es nicht in „verwandte Maßnahmen“.",
    )


def test_an_unknown_field_of_action_and_a_bad_source_are_row_errors(chief_client, measures):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, MeasureResource))
    rows[0]["field_of_action"] = "kein-feld"
    rows[1]["sources"] = "https://ok.example.org\nkeine-adresse"
    rows[1]["effort"] = "riesig"

    _assert_refused(
        chief_client,
        write_csv(rows),
        "Das Handlungsfeld „kein-feld“ gibt es nicht.",
        "Zeile 2 ist keine gültige Internetadresse: keine-adresse",
        "„riesig“ ist kein zulässiger Wert. Meinten Sie: „niedrig“? "
        "Erlaubt sind: niedrig, mittel, hoch.",
    )


def test_publishing_through_an_import_needs_the_publish_permission(measure_editor_client, measures):
    rows = csv_rows(admin_export(measure_editor_client, ADMIN_URL, MeasureResource))
    draft = next(row for row in rows if row["slug"] == "rechenzentrum")
    draft["publication_state"] = "published"

    _assert_refused(
        measure_editor_client,
        write_csv(rows),
        "Nur die Chefredaktion darf veröffentlichen, archivieren oder Veröffentlichtes",
    )
    assert Measure.objects.get(slug="rechenzentrum").publication_state == PublicationState.DRAFT


def test_an_editors_import_cannot_change_a_published_measure(measure_editor_client, measures):
    rows = csv_rows(admin_export(measure_editor_client, ADMIN_URL, MeasureResource))
    for row in rows:
        row["summary"] = "Überarbeitet."

    _assert_refused(
        measure_editor_client,
        write_csv(rows),
        "ist veröffentlicht; Änderungen daran gibt die Chefredaktion frei",
    )


def test_editors_update_unpublished_measures_by_import(measure_editor_client, measures):
    rows = csv_rows(admin_export(measure_editor_client, ADMIN_URL, MeasureResource))
    for row in rows:
        if row["slug"] == "rechenzentrum":
            row["summary"] = "Überarbeitet."
            row["publication_state"] = "In Prüfung"

    admin_import(measure_editor_client, ADMIN_URL, write_csv(rows))  # published rows unchanged

    first, second = (Measure.objects.get(slug=s) for s in ("e-akte", "rechenzentrum"))
    assert first.publication_state == "published" and first.summary != "Überarbeitet."
    assert (second.summary, second.publication_state) == ("Überarbeitet.", "review")


def test_chief_editors_may_publish_through_an_import(chief_client, measures):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, MeasureResource))
    for row in rows:
        row["publication_state"] = "published"

    admin_import(chief_client, ADMIN_URL, write_csv(rows))

    second = Measure.objects.get(slug="rechenzentrum")
    assert second.publication_state == PublicationState.PUBLISHED
    assert second.published_at is not None


def test_a_failing_row_rolls_back_rows_already_written(measures):
    """The library's own import (as the admin's confirm step runs it) is all or nothing."""
    dataset = MeasureResource().export()
    dataset.dict = [
        {**dataset.dict[0], "Titel": "Geändert"},
        {**dataset.dict[1], "Handlungsfeld": "kein-feld"},
    ]

    result = MeasureResource().import_data(dataset, dry_run=False, use_transactions=True)

    assert result.has_validation_errors()
    assert Measure.objects.get(slug=dataset.dict[0]["Kurzname"]).title != "Geändert"


def test_the_import_and_export_need_admin_rights(client, django_user_model, measures):
    response = client.get(f"{ADMIN_URL}import/")
    assert response.status_code == 302
    reader = user_client(django_user_model, "leser", ["view_measure"])
    assert reader.get(f"{ADMIN_URL}import/").status_code == 403
    assert reader.get(f"{ADMIN_URL}export/").status_code == 200


def test_the_csv_format_reads_what_excel_writes():
    excel = "\ufeffslug;title\r\ne-akte;E-Akte; gemeinsam\r\n".replace(
        "E-Akte; gemeinsam", '"E-Akte; gemeinsam"'
    )

    dataset = SpreadsheetCSV(encoding="utf-8-sig").create_dataset(excel.encode("utf-8"))

    assert dataset.headers == ["slug", "title"]
    assert dataset.dict == [{"slug": "e-akte", "title": "E-Akte; gemeinsam"}]


def test_the_xlsx_export_is_a_real_workbook(chief_client, measures):
    content = admin_export(chief_client, ADMIN_URL, MeasureResource, XLSX_FORMAT)

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Kurzname", "Handlungsfeld", "Nummer im Handlungsfeld"]
    assert isinstance(tablib.Dataset().load(content, format="xlsx"), tablib.Dataset)


@pytest.mark.parametrize("url", [ADMIN_URL, "/admin/practice/practiceexample/"])
def test_the_change_lists_offer_import_and_export(chief_client, url, django_user_model):
    browser = user_client(
        django_user_model,
        "beides",
        [
            *EDITOR_PERMISSIONS,
            "view_practiceexample",
            "add_practiceexample",
            "change_practiceexample",
        ],
    )

    html = browser.get(url).content.decode()

    assert f"href='{url}import/'" in html
    assert f"{url}export/" in html
    assert "Gelöschte Einträge" in html  # the workflow's own tools stay


def test_new_rows_need_the_add_permission(django_user_model, measures):
    corrector = user_client(django_user_model, "korrektor", ["view_measure", "change_measure"])
    rows = csv_rows(admin_export(corrector, ADMIN_URL, MeasureResource))
    new = dict.fromkeys(rows[0], "")
    new.update(slug="neu", field_of_action="verwaltung", number="7", title="Neu", summary="Kurz.")

    _assert_refused(
        corrector, write_csv([*rows, new]), "Sie dürfen keine neuen Einträge anlegen (neu)."
    )
    assert not Measure.objects.filter(slug="neu").exists()


def test_editors_cannot_take_back_a_published_measure_through_an_import(
    measure_editor_client, measures
):
    rows = csv_rows(admin_export(measure_editor_client, ADMIN_URL, MeasureResource))
    published = next(row for row in rows if row["slug"] == "e-akte")
    published["publication_state"] = "Entwurf"

    _assert_refused(
        measure_editor_client,
        write_csv(rows),
        "„Veröffentlicht“ → „Entwurf“",
    )


def test_an_import_cannot_skip_the_workflow(chief_client, measures):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, MeasureResource))
    draft = next(row for row in rows if row["slug"] == "rechenzentrum")
    draft["publication_state"] = "archived"

    _assert_refused(
        chief_client,
        write_csv(rows),
        "Der Status kann nicht von „Entwurf“ zu „Archiviert“ wechseln.",
    )
