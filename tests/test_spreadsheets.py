"""No text becomes a spreadsheet formula: public CSVs, the admin's CSV/XLSX export (and its
round trip), one rule in ``ikz.spreadsheets``."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from catalog.import_formats import FORMATS
from ikz.spreadsheets import FormulaSafeFormat, escape_formula, unescape_formula, write_csv
from planning.models import Plan
from practice.import_export import PracticeExampleResource
from practice.models import PracticeExample
from tests.api.test_exports import read_csv
from tests.catalog.test_import_export import (
    CSV_FORMAT,
    XLSX_FORMAT,
    admin_export,
    admin_import,
    csv_rows,
    user_client,
)
from tests.conftest import make_district, make_example, make_measure, make_municipality

FORMULA = '=HYPERLINK("http://example.invalid","x")'
ADMIN_URL = "/admin/practice/practiceexample/"


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        (FORMULA, "'" + FORMULA),
        ("+49 351 123", "'+49 351 123"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("'=1", "''=1"),
        ("Bürgerportal", "Bürgerportal"),
        ("", ""),
        (2021, 2021),
        (None, None),
    ],
)
def test_the_rule(value, escaped):
    assert escape_formula(value) == escaped
    assert unescape_formula(escaped) == value


@given(st.text())
def test_unescape_gives_back_what_was_escaped(text):
    assert unescape_formula(escape_formula(text)) == text
    assert not escape_formula(text).startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def test_every_admin_format_is_formula_safe(settings):
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
    assert all(issubclass(file_format, FormulaSafeFormat) for file_format in FORMATS)


@pytest.fixture
def taken_over(db, django_user_model):
    """A submitted title with a formula, taken over as a draft, and an editor who exports."""
    example = make_example(
        title=FORMULA,
        slug="formel",
        summary="@Zusammenfassung",
        publication_state="draft",
        start_year=2021,
    )
    browser = user_client(
        django_user_model,
        "redakteurin",
        ["view_practiceexample", "add_practiceexample", "change_practiceexample"],
    )
    return example, browser


def test_the_admin_csv_export_escapes_formulas(taken_over):
    _example, browser = taken_over

    content = admin_export(browser, ADMIN_URL, PracticeExampleResource, CSV_FORMAT)

    cells = [value for row in csv_rows(content) for value in row.values()]
    assert "'" + FORMULA in cells
    assert "'@Zusammenfassung" in cells
    assert not any(cell.startswith(("=", "@")) for cell in cells)


def test_the_admin_xlsx_export_has_text_not_formulas(taken_over):
    _example, browser = taken_over

    content = admin_export(browser, ADMIN_URL, PracticeExampleResource, XLSX_FORMAT)

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'" + FORMULA in [cell.value for cell in cells]
    assert "None" not in [cell.value for cell in cells]  # empty cells stay empty


@pytest.mark.parametrize(("file_format", "name"), [(CSV_FORMAT, "a.csv"), (XLSX_FORMAT, "a.xlsx")])
def test_an_escaped_export_imports_back_unchanged(taken_over, file_format, name):
    example, browser = taken_over
    content = admin_export(browser, ADMIN_URL, PracticeExampleResource, file_format)

    admin_import(browser, ADMIN_URL, content, file_format, name)

    example = PracticeExample.objects.get(pk=example.pk)
    assert (example.title, example.summary) == (FORMULA, "@Zusammenfassung")


@pytest.mark.django_db
def test_every_column_of_the_public_csv_is_escaped(client):
    district = make_district(name="=Kreis()")
    town = make_municipality(district=district, name="@Gemeinde", ags="14999001")
    measure = make_measure(title="-Maßnahme")
    make_example(
        measures=[measure],
        municipalities=[town],
        slug="formeln",
        title="+Titel",
        other_partners="=Partner",
    )

    (row,) = read_csv(client.get("/praxisbeispiele/export.csv"))

    assert row["titel"] == "'+Titel"
    assert row["gemeinden"] == "'@Gemeinde"
    assert row["landkreise"] == "'=Kreis()"
    assert row["weitere_beteiligte"] == "'=Partner"
    assert not [name for name, value in row.items() if value.startswith(("=", "+", "-", "@"))]


@pytest.mark.django_db
def test_every_visitor_column_of_the_plan_csv_is_escaped(client):
    measure = make_measure(title="Gemeinsamer ISB")
    client.post(reverse("planning:plan-add"), {"massnahme": [measure.slug]})
    plan = Plan.objects.get()
    item = plan.items.get()
    item.reason = "+Begründung"
    item.responsible = FORMULA
    item.notes = "\n=Notiz"
    item.save()
    item.partners.set([make_municipality(name="@Partnergemeinde", ags="14999002")])

    response = client.get(reverse("planning:plan-csv", kwargs={"token": plan.view_token}))

    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    _header, row = csv.reader(io.StringIO(body[1:]), delimiter=";")
    assert "'+Begründung" in row
    assert "'" + FORMULA in row
    assert "'\n=Notiz" in row
    assert "'@Partnergemeinde" in row


def test_the_writer_uses_the_documented_dialect():
    buffer = io.StringIO()

    write_csv(buffer, [["titel", "notiz"], ["Bürgerportal; Vogtland", 'Ein "Zitat"\nZeile 2']])

    assert buffer.getvalue() == (
        '\ufefftitel;notiz\r\n"Bürgerportal; Vogtland";"Ein ""Zitat""\nZeile 2"\r\n'
    )


def test_every_csv_the_site_writes_comes_from_the_one_writer():
    """Guard: a new CSV download cannot forget the formula rule by using ``csv.writer``."""
    root = Path(__file__).resolve().parent.parent
    writers = {
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if not path.is_relative_to(root / "tests")
        and ".venv" not in path.parts
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    }
    assert writers == {"ikz/spreadsheets.py"}
