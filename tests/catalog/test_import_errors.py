"""What an editor sees when a spreadsheet has mistakes, and files as German Excel writes them."""

import io
import re

import openpyxl
import pytest

from catalog.models import Measure
from practice.import_export import PracticeExampleResource
from practice.models import PracticeExample
from tests.catalog.test_import_export import (
    ADMIN_URL as MEASURE_URL,
)
from tests.catalog.test_import_export import (
    CSV_FORMAT,
    XLSX_FORMAT,
    admin_export,
    admin_import,
    admin_preview,
    user_client,
)
from tests.conftest import make_cooperation_form, make_example, make_measure, make_municipality

pytestmark = pytest.mark.django_db

EXAMPLE_URL = "/admin/practice/practiceexample/"
CHIEF = [
    "view_practiceexample",
    "add_practiceexample",
    "change_practiceexample",
    "publish_practiceexample",
    "view_measure",
    "change_measure",
    "publish_measure",
]


@pytest.fixture
def chief(django_user_model):
    return user_client(django_user_model, "chefin", CHIEF)


@pytest.fixture
def keys():
    make_municipality(name="Bad Elster", ags="14523010")
    make_measure(slug="buergerportal")
    make_cooperation_form(slug="zweckvereinbarung", name="Zweckvereinbarung")
    make_cooperation_form(slug="zweckverband", name="Zweckverband")


def csv_file(header: list[str], *rows: list[str], encoding="utf-8-sig", delimiter=";") -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return "\r\n".join(lines).encode(encoding)


def text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


HEADER = [
    "Kurzname",
    "Titel",
    "Kurzbeschreibung",
    "Beginn (Jahr)",
    "Stand",
    "Kooperationsform",
    "Zuletzt geprüft",
    "Gemeinden (AGS)",
    "Weitere Beteiligte",
]


def test_every_error_is_shown_at_once_with_its_row_and_column(chief, keys):
    content = csv_file(
        HEADER,
        [
            "erstes",
            "Erstes",
            "Kurz.",
            "ab 2007",
            "läuft",
            "zweckvereinbarnug",
            "1.12.26",
            "14523010",
            "",
        ],
        ["zweites", "Zweites", "", "2020", "laufend", "", "32.13.2026", "", ""],
    )

    response = admin_preview(chief, EXAMPLE_URL, content)

    page = text(response.content)
    assert response.status_code == 200
    assert "process_import" not in response.content.decode()
    assert "Die Datei wurde nicht importiert: 4 Fehler" in page
    assert "2 D „Beginn (Jahr)“ ab 2007 „ab 2007“ ist keine ganze Zahl." in page
    assert "2 E „Stand“ läuft „läuft“ ist kein zulässiger Wert. Meinten Sie: „laufend“?" in page
    assert "Erlaubt sind: geplant, laufend, abgeschlossen, beendet, Stand nicht bestätigt." in page
    assert (
        "2 F „Kooperationsform“ zweckvereinbarnug Die Kooperationsform „zweckvereinbarnug“ "
        "gibt es nicht. Meinten Sie: „zweckvereinbarung“"
    ) in page
    assert "3 C „Kurzbeschreibung“" not in page  # a draft may leave it empty
    assert "3 G „Zuletzt geprüft“ 32.13.2026 „32.13.2026“ ist kein Datum." in page
    for leak in ("None", "<class", "Traceback", "ConversionSyntax", " du ", "Line number"):
        assert leak not in page
    assert not PracticeExample.objects.exists()


def test_a_short_german_date_is_read(chief, keys):
    content = csv_file(
        HEADER,
        ["erstes", "Erstes", "Kurz.", "2007", "laufend", "zweckverband", "1.12.26", "14523010", ""],
    )

    admin_import(chief, EXAMPLE_URL, content)

    example = PracticeExample.objects.get(slug="erstes")
    assert str(example.last_reviewed) == "2026-12-01"
    assert example.cooperation_form.slug == "zweckverband"


def test_unknown_and_missing_columns_are_named(chief, keys):
    content = csv_file(["Titel", "Kurzbeschreibng"], ["Erstes", "Kurz."])

    page = text(admin_preview(chief, EXAMPLE_URL, content).content)

    assert "Die Spalte B „Kurzbeschreibng“ ist unbekannt. Meinten Sie: „Kurzbeschreibung“" in page
    assert "Die Spalte „Kurzname“ fehlt" in page
    assert "FieldError" not in page and "import_id_fields" not in page


def test_a_windows_1252_csv_from_german_excel_is_read(chief, keys):
    content = csv_file(
        HEADER,
        [
            "grossroehrsdorf",
            "Gemeinsamer Bauhof Großröhrsdorf",
            "Kurz „zitiert“.",
            "2019",
            "abgeschlossen",
            "",
            "",
            "",
            "Verwaltungsverband Müglitztal",
        ],
        encoding="cp1252",
    )
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    admin_import(chief, EXAMPLE_URL, content)

    example = PracticeExample.objects.get(slug="grossroehrsdorf")
    assert example.title == "Gemeinsamer Bauhof Großröhrsdorf"
    assert example.summary == "Kurz „zitiert“."
    assert example.other_partners == "Verwaltungsverband Müglitztal"


def test_a_comma_separated_windows_1252_csv_is_read_too(chief, keys):
    content = csv_file(
        ["Kurzname", "Titel", "Kurzbeschreibung"],
        ["bauhof", "Bauhof Öhringen", "Kurz."],
        encoding="cp1252",
        delimiter=",",
    )

    admin_import(chief, EXAMPLE_URL, content)

    assert PracticeExample.objects.get(slug="bauhof").title == "Bauhof Öhringen"


def test_a_file_in_another_encoding_is_refused_with_the_way_to_save_it(chief, keys):
    content = b"Kurzname;Titel\r\nx;\x81\x8d\x8f\x90\r\n"  # undefined in Windows-1252

    page = text(admin_preview(chief, EXAMPLE_URL, content).content)

    assert "„CSV UTF-8 (durch Trennzeichen getrennt)“" in page
    assert "UnicodeDecodeError" not in page


def test_empty_lines_at_the_end_of_a_sheet_are_ignored(chief, keys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kurzname", "Titel", "Kurzbeschreibung"])
    sheet.append(["neu", "Neu", "Kurz."])
    sheet.append([None, None, None])
    sheet.append(["", " ", None])
    out = io.BytesIO()
    book.save(out)

    admin_import(chief, EXAMPLE_URL, out.getvalue(), XLSX_FORMAT, "neu.xlsx")

    assert list(PracticeExample.objects.values_list("slug", flat=True)) == ["neu"]


# ---- round trip --------------------------------------------------------------------------------


def change_form_data(browser, url) -> dict:
    """The admin change form's current values, as the browser would post them back."""
    form = browser.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def test_an_admin_edit_then_export_then_import_changes_nothing(chief):
    measure = make_measure(slug="e-akte", description="Alt.")
    url = f"{MEASURE_URL}{measure.pk}/change/"
    data = change_form_data(chief, url)
    data["description"] = "  Absatz eins.\r\n\r\n- Punkt „eins“\r\n- Punkt zwei  \r\n"
    data["summary"] = "Kurz\r\nund knapp"

    response = chief.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    measure.refresh_from_db()
    assert measure.description == "Absatz eins.\n\n- Punkt „eins“\n- Punkt zwei"
    history = measure.history.count()
    for file_format, name in ((CSV_FORMAT, "m.csv"), (XLSX_FORMAT, "m.xlsx")):
        content = admin_export(chief, MEASURE_URL, type(_resource()), file_format)
        preview = admin_import(chief, MEASURE_URL, content, file_format, name)
        assert "0 neu, 0 geändert, 1 unverändert." in text(preview.content)
    assert measure.history.count() == history


def _resource():
    from catalog.import_export import MeasureResource

    return MeasureResource()


def test_text_stored_with_windows_line_endings_still_counts_as_unchanged(chief):
    measure = make_measure(slug="e-akte")
    Measure.objects.filter(pk=measure.pk).update(description="Eins.\r\nZwei.")  # older rows
    content = admin_export(chief, MEASURE_URL, type(_resource()))

    preview = admin_import(chief, MEASURE_URL, content)

    assert "0 neu, 0 geändert, 1 unverändert." in text(preview.content)


def test_the_export_file_is_named_in_german(chief, keys):
    make_example()
    response = chief.post(
        f"{EXAMPLE_URL}export/",
        {"format": XLSX_FORMAT, "resource": "0", "practiceexampleresource_slug": "on"},
    )

    disposition = response["Content-Disposition"]
    pattern = r'attachment; filename="Praxisbeispiele-\d{4}-\d\d-\d\d\.xlsx"'
    assert re.fullmatch(pattern, disposition)


def test_the_import_and_export_pages_speak_german(chief, keys):
    pages = [chief.get(f"{EXAMPLE_URL}import/"), chief.get(f"{EXAMPLE_URL}export/")]
    for response in pages:
        page = text(response.content)
        for english in (
            "Select all",
            "Submit",
            "File to import",
            "Slug",
            "Lessons Learned",
            "Federal State",
            "Is Demo",
            "This importer",
        ):
            assert english not in page, english
    assert "Kurzname" in text(pages[1].content)
    assert PracticeExampleResource().fields["lessons_learned"].column_name == (
        "Erfahrungen und Lehren"
    )
