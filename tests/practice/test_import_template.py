"""An editor downloads the XLSX template, fills in new examples and imports them; a re-imported
old working file never unpublishes an example without the editor asking for it."""

import io
import re

import openpyxl
import pytest

from catalog.models import PublicationState
from practice.models import PracticeExample
from tests.catalog.test_import_export import (
    XLSX_FORMAT,
    admin_export,
    admin_import,
    admin_preview,
    csv_rows,
    user_client,
    write_csv,
)
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
)

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/practice/practiceexample/"
EDITOR = ["view_practiceexample", "add_practiceexample", "change_practiceexample"]


@pytest.fixture
def keys():
    vogtland = make_district(name="Vogtlandkreis", key="14523")
    make_municipality(name="Bad Elster", ags="14523010", district=vogtland)
    make_municipality(name="Adorf/Vogtl.", ags="14523020", district=vogtland)
    field = make_field(number=3, slug="verwaltung")
    make_measure(field_of_action=field, number=2, slug="e-akte", title="E-Akte einführen")
    make_cooperation_form(slug="zweckvereinbarung", name="Zweckvereinbarung")


@pytest.fixture
def chief(django_user_model):
    return user_client(django_user_model, "chefin", [*EDITOR, "publish_practiceexample"])


@pytest.fixture
def editor(django_user_model):
    return user_client(django_user_model, "redakteur", EDITOR)


def download_template(browser):
    response = browser.get(f"{ADMIN_URL}import/vorlage/")
    assert response.status_code == 200
    assert "Importvorlage-Praxisbeispiele.xlsx" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def sheet_text(sheet) -> str:
    return "\n".join(
        " | ".join("" if cell is None else str(cell) for cell in row)
        for row in sheet.iter_rows(values_only=True)
    )


def test_the_template_has_german_headers_an_example_and_the_valid_values(editor, keys):
    book = download_template(editor)

    data, values = book["Daten"], book["Gültige Werte"]
    header = [cell.value for cell in data[1]]
    assert header[:3] == ["Kurzname", "Titel", "Kurzbeschreibung"]
    assert {"Gemeinden (AGS)", "Kooperationsform", "Maßnahmen", "Stand", "Digitalbezug"} <= set(
        header
    )
    example = dict(zip(header, (cell.value for cell in data[2]), strict=True))
    assert example["Kurzname"] == "beispiel-praxisbeispiel"
    assert example["Gemeinden (AGS)"] == "14523020"  # real keys, so the row would import
    assert example["Stand"] == "laufend"
    listed = sheet_text(values)
    assert "e-akte | E-Akte einführen | 3.2" in listed
    assert "zweckvereinbarung | Zweckvereinbarung" in listed
    assert "14523010 | Bad Elster | Vogtlandkreis" in listed
    assert "14523 | Vogtlandkreis" in listed
    assert "Sachsen | SN" in listed
    assert "Digitalisierung als Werkzeug | tool" in listed
    assert "Veröffentlicht | published" in listed


def test_a_fresh_template_with_two_new_examples_imports(editor, keys):
    book = download_template(editor)
    data = book["Daten"]
    header = [cell.value for cell in data[1]]
    data.delete_rows(2)
    for slug, title, municipalities in (
        ("bauhof-adorf", "Gemeinsamer Bauhof Adorf und Bad Elster", "14523020, 14523010"),
        ("e-akte-vogtland", "E-Akte im „Vogtland“", "14523010"),
    ):
        row = dict.fromkeys(header, None)
        row.update(
            {
                "Kurzname": slug,
                "Titel": title,
                "Kurzbeschreibung": "Zwei Gemeinden teilen sich eine Aufgabe.\nZweite Zeile.",
                "Gemeinden (AGS)": municipalities,
                "Kooperationsform": "Zweckvereinbarung".lower(),
                "Maßnahmen": "e-akte",
                "Beginn (Jahr)": 2021,
                "Stand": "laufend",
                "Digitalbezug": "Digitalisierung als Werkzeug",
                "Weblinks": "Bericht | https://www.example.org/bericht",
                "Zuletzt geprüft": "1.12.26",
            }
        )
        data.append([row[column] for column in header])
    out = io.BytesIO()
    book.save(out)

    admin_import(editor, ADMIN_URL, out.getvalue(), XLSX_FORMAT, "vorlage.xlsx")

    created = PracticeExample.objects.order_by("slug")
    assert [e.slug for e in created] == ["bauhof-adorf", "e-akte-vogtland"]
    first = created[0]
    assert first.publication_state == PublicationState.DRAFT
    assert sorted(first.municipalities.values_list("ags", flat=True)) == ["14523010", "14523020"]
    assert (first.status, first.digital_relation, first.start_year) == ("ongoing", "tool", 2021)
    assert first.summary == "Zwei Gemeinden teilen sich eine Aufgabe.\nZweite Zeile."
    assert list(first.links.values_list("title", "url")) == [
        ("Bericht", "https://www.example.org/bericht")
    ]
    assert created[1].title == "E-Akte im „Vogtland“"


def test_the_template_needs_the_import_permission(django_user_model, keys):
    reader = user_client(django_user_model, "leser", ["view_practiceexample"])
    assert reader.get(f"{ADMIN_URL}import/vorlage/").status_code == 403


def test_the_import_page_links_the_template_and_the_lists_show_slugs(
    editor, keys, django_user_model
):
    page = editor.get(f"{ADMIN_URL}import/").content.decode()
    assert f'href="{ADMIN_URL}import/vorlage/"' in page
    reader = user_client(
        django_user_model,
        "listen",
        ["view_measure", "view_fieldofaction", "view_cooperationform"],
    )
    lists = {
        "/admin/catalog/measure/": ">e-akte<",
        "/admin/catalog/fieldofaction/": ">verwaltung<",
        "/admin/practice/cooperationform/": ">zweckvereinbarung<",
    }
    for url, slug in lists.items():
        assert slug in reader.get(url).content.decode(), url


# ---- the unpublish trap -------------------------------------------------------------------------


@pytest.fixture
def working_file(chief):
    """An editor's file from before the example was published."""
    example = make_example(slug="bauhof", title="Bauhof", publication_state="draft")
    rows = csv_rows(admin_export(chief, ADMIN_URL, type(_resource())))
    example.publication_state = PublicationState.PUBLISHED
    example.save()
    rows[0]["summary"] = "Neu formuliert."
    return rows


def _resource():
    from practice.import_export import PracticeExampleResource

    return PracticeExampleResource()


def test_an_old_working_file_cannot_silently_unpublish(chief, working_file):
    response = admin_preview(chief, ADMIN_URL, write_csv(working_file))

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert "process_import" not in response.content.decode()
    assert "„Bauhof“ ist veröffentlicht; diese Zeile würde den Status auf „Entwurf“ setzen." in page
    assert "Status veröffentlichter Einträge ändern" in page
    assert PracticeExample.objects.get(slug="bauhof").is_published


def test_the_state_of_a_published_example_changes_only_when_ticked(chief, working_file):
    upload = io.BytesIO(write_csv(working_file))
    upload.name = "alt.csv"
    preview = chief.post(
        f"{ADMIN_URL}import/",
        {"format": "0", "resource": "0", "import_file": upload, "allow_state_changes": "on"},
    )
    html = preview.content.decode()
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Zeile 2: Bauhof – Status ändert sich: „Veröffentlicht“ → „Entwurf“" in page
    assert "Neu formuliert." in page  # the changed column, highlighted
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert hidden["allow_state_changes"] == "True"

    response = chief.post(f"{ADMIN_URL}process_import/", hidden)

    assert response.status_code == 302
    example = PracticeExample.objects.get(slug="bauhof")
    assert (example.publication_state, example.summary) == ("draft", "Neu formuliert.")


def test_editors_cannot_unpublish_even_when_ticked(editor, working_file):
    upload = io.BytesIO(write_csv(working_file))
    upload.name = "alt.csv"
    page = editor.post(
        f"{ADMIN_URL}import/",
        {"format": "0", "resource": "0", "import_file": upload, "allow_state_changes": "on"},
    ).content.decode()

    assert "process_import" not in page
    assert "Nur die Chefredaktion darf" in page
    assert PracticeExample.objects.get(slug="bauhof").is_published


def test_a_blank_state_keeps_a_published_example_published(chief, working_file):
    rows = working_file
    rows[0]["publication_state"] = ""

    admin_import(chief, ADMIN_URL, write_csv(rows))

    example = PracticeExample.objects.get(slug="bauhof")
    assert (example.publication_state, example.summary) == ("published", "Neu formuliert.")
