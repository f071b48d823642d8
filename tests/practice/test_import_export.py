"""Editors export and import practice examples as CSV/XLSX in the admin."""

import pytest

from catalog.models import PublicationState
from practice.import_export import PracticeExampleResource
from practice.models import PracticeExample
from tests.catalog.test_import_export import (
    CSV_FORMAT,
    XLSX_FORMAT,
    admin_export,
    admin_import,
    admin_preview,
    csv_rows,
    user_client,
    write_csv,
)
from tests.conftest import make_cooperation_form, make_example, make_measure, make_municipality

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/practice/practiceexample/"
EDITOR_PERMISSIONS = ["view_practiceexample", "add_practiceexample", "change_practiceexample"]


def snapshot(example: PracticeExample) -> dict:
    example = PracticeExample.objects.get(pk=example.pk)
    values = {
        field.attname: getattr(example, field.attname)
        for field in PracticeExample._meta.concrete_fields
    }
    values["municipalities"] = sorted(example.municipalities.values_list("ags", flat=True))
    values["measures"] = sorted(example.measures.values_list("slug", flat=True))
    values["tags"] = sorted(example.tags.values_list("name", flat=True))
    values["links"] = list(example.links.values_list("pk", "title", "url", "order"))
    values["history"] = example.history.count()
    return values


@pytest.fixture
def examples():
    bad_elster = make_municipality(name="Bad Elster", ags="14523010")
    adorf = make_municipality(name="Adorf", ags="14523020")
    portal, e_file = make_measure(slug="buergerportal"), make_measure(slug="e-akte")
    agreement = make_cooperation_form(slug="zweckvereinbarung")
    first = make_example(
        measures=[portal, e_file],
        municipalities=[bad_elster, adorf],
        title="Bürgerportal Vogtland",
        slug="buergerportal-vogtland",
        description="Absatz eins.\n\n- Punkt; mit Semikolon\n- „Zitat“",
        cooperation_form=agreement,
        start_year=2020,
        end_year=2023,
        status="completed",
        contact_organisation="Stadt Bad Elster",
        contact_person="Erika Muster",
        contact_email="erika@example.org",
        contact_consent=True,
        sources="https://www.bad-elster.de/portal",
        last_reviewed="2025-06-30",
    )
    first.tags.set(["Portal", "OZG"])
    first.links.create(title="Projektseite", url="https://www.bad-elster.de/projekt", order=0)
    first.links.create(title="Bericht | Presse", url="https://presse.example.org/a", order=1)
    second = make_example(title="Gemeinsamer Bauhof", slug="bauhof", publication_state="draft")
    return first, second


@pytest.fixture
def chief_client(django_user_model):
    return user_client(
        django_user_model, "chefin", [*EDITOR_PERMISSIONS, "publish_practiceexample"]
    )


@pytest.fixture
def example_editor_client(django_user_model):
    return user_client(django_user_model, "redakteur", EDITOR_PERMISSIONS)


def test_the_export_writes_ags_slugs_tags_and_links(example_editor_client, examples):
    content = admin_export(example_editor_client, ADMIN_URL, PracticeExampleResource)
    row = next(r for r in csv_rows(content) if r["slug"] == "buergerportal-vogtland")

    assert row["municipalities"] == "14523010, 14523020"
    assert row["measures"] == "buergerportal, e-akte"
    assert row["cooperation_form"] == "zweckvereinbarung"
    assert row["tags"] == "OZG, Portal"
    assert row["links"] == (
        "Projektseite | https://www.bad-elster.de/projekt\n"
        "Bericht | Presse | https://presse.example.org/a"
    )
    assert (row["contact_consent"], row["is_demo"]) == ("ja", "nein")
    assert (row["start_year"], row["status"]) == ("2020", "abgeschlossen")


@pytest.mark.parametrize(("file_format", "name"), [(CSV_FORMAT, "b.csv"), (XLSX_FORMAT, "b.xlsx")])
def test_a_round_trip_changes_nothing(chief_client, examples, file_format, name):
    before = [snapshot(example) for example in examples]
    content = admin_export(chief_client, ADMIN_URL, PracticeExampleResource, file_format)

    admin_import(chief_client, ADMIN_URL, content, file_format, name)

    assert [snapshot(example) for example in examples] == before
    assert PracticeExample.objects.count() == 2


def test_an_edited_spreadsheet_updates_municipalities_measures_tags_and_links(
    chief_client, examples
):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, PracticeExampleResource))
    row = next(r for r in rows if r["slug"] == "buergerportal-vogtland")
    row.update(
        municipalities="14523020",
        measures="e-akte",
        tags="OZG, Bürgerservice",
        links="https://www.adorf.de/portal\nPresse | https://presse.example.org/b",
        end_year="",
        status="laufend",
    )

    admin_import(chief_client, ADMIN_URL, write_csv(rows))

    example = PracticeExample.objects.get(slug="buergerportal-vogtland")
    assert list(example.municipalities.values_list("ags", flat=True)) == ["14523020"]
    assert list(example.measures.values_list("slug", flat=True)) == ["e-akte"]
    assert sorted(example.tags.names()) == ["Bürgerservice", "OZG"]
    assert list(example.links.values_list("title", "url")) == [
        ("https://www.adorf.de/portal", "https://www.adorf.de/portal"),
        ("Presse", "https://presse.example.org/b"),
    ]
    assert (example.end_year, example.status) == (None, "ongoing")


def _assert_refused(browser, content, *messages):
    before = {e.slug: snapshot(e) for e in PracticeExample.objects.all()}
    response = admin_preview(browser, ADMIN_URL, content)
    html = response.content.decode()
    assert "process_import" not in html
    for message in messages:
        assert message in html, message
    assert {e.slug: snapshot(e) for e in PracticeExample.objects.all()} == before


def test_unknown_keys_and_invalid_links_refuse_the_whole_file(chief_client, examples):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, PracticeExampleResource))
    rows[0]["measures"] = "buergerportal, gibt-es-nicht"
    rows[0]["title"] = "Gültige Änderung, die nicht allein ankommen darf"
    rows[1]["municipalities"] = "99999999"
    rows[1]["links"] = "Projekt | keine-adresse"
    rows[1]["cooperation_form"] = "fantasieform"

    _assert_refused(
        chief_client,
        write_csv(rows),
        "„gibt-es-nicht“ gibt es nicht in „Maßnahmen“.",
        "„99999999“ gibt es nicht in „Gemeinden (AGS)“.",
        "Weblinks, Zeile 1: „keine-adresse“ ist keine gültige Internetadresse.",
        "Die Kooperationsform „fantasieform“ gibt es nicht.",
    )


def test_model_rules_apply_to_imported_rows(chief_client, examples):
    rows = csv_rows(admin_export(chief_client, ADMIN_URL, PracticeExampleResource))
    rows[0]["contact_consent"] = "nein"  # a named person without consent
    rows[1]["start_year"], rows[1]["end_year"] = "2024", "2020"

    _assert_refused(
        chief_client,
        write_csv(rows),
        "Persönliche Kontaktdaten dürfen nur mit Einwilligung gespeichert werden.",
        "Das Ende liegt vor dem Beginn.",
    )


def test_publishing_through_an_import_needs_the_publish_permission(example_editor_client, examples):
    rows = csv_rows(admin_export(example_editor_client, ADMIN_URL, PracticeExampleResource))
    new = dict.fromkeys(rows[0], "")
    new.update(slug="neu", title="Neues Beispiel", summary="Kurz.", publication_state="published")

    _assert_refused(
        example_editor_client,
        write_csv([*rows, new]),
        "Nur die Chefredaktion darf veröffentlichen, archivieren oder Veröffentlichtes",
    )
    assert not PracticeExample.objects.filter(slug="neu").exists()


def test_new_rows_of_editors_start_as_drafts(example_editor_client, examples):
    rows = csv_rows(admin_export(example_editor_client, ADMIN_URL, PracticeExampleResource))
    new = dict.fromkeys(rows[0], "")
    new.update(slug="neu", title="Neues Beispiel", summary="Kurz.", municipalities="14523010")

    admin_import(example_editor_client, ADMIN_URL, write_csv([*rows, new]))

    created = PracticeExample.objects.get(slug="neu")
    assert created.publication_state == PublicationState.DRAFT
    assert created.federal_state == "SN"
    assert list(created.municipalities.values_list("ags", flat=True)) == ["14523010"]
