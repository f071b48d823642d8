"""CSV and JSON downloads of filtered lists."""

import csv
import io

import pytest

from catalog.models import Effort, PublicationState
from tests.conftest import (
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
)

pytestmark = pytest.mark.django_db


def read_csv(response):
    """Read a download exactly as /daten/ tells people to."""
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture
def examples():
    bautzen = make_district(name="Landkreis Bautzen", slug="bautzen")
    goerlitz = make_district(name="Landkreis Görlitz", slug="goerlitz")
    kamenz = make_municipality(
        district=bautzen, name="Kamenz, Stadt", slug="kamenz", ags="14625240", population=14000
    )
    zittau = make_municipality(district=goerlitz, name="Zittau", slug="zittau", population=25000)
    field = make_field(title="Digitale Verwaltung", slug="digitale-verwaltung")
    measure = make_measure(field_of_action=field, title="E-Akte", slug="e-akte")
    tricky = make_example(
        title='Das "Sächsische" Modell; Teil 2',
        summary="=SUMME(A1:A9)\nzweite Zeile",
        slug="tricky",
        measures=[measure],
        municipalities=[kamenz, zittau],
        start_year=2021,
    )
    tricky.tags.add("Ä-Ö-Ü", "Zweckverband")
    make_example(slug="nur-bautzen", municipalities=[kamenz])
    make_example(slug="entwurf", municipalities=[kamenz], publication_state=PublicationState.DRAFT)
    return {"measure": measure}


def test_the_csv_opens_in_german_excel(client, examples):
    response = client.get("/praxisbeispiele/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="praxisbeispiele-')
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    header = response.content.decode("utf-8-sig").split("\r\n")[0]
    assert header.startswith("slug;titel;kurzbeschreibung;gemeinden;")
    assert header.endswith(";lizenz")
    assert 'rel="license"' in response["Link"]


def test_the_csv_round_trips_through_pythons_csv_module(client, examples):
    rows = {row["slug"]: row for row in read_csv(client.get("/praxisbeispiele/export.csv"))}
    assert set(rows) == {"tricky", "nur-bautzen"}
    row = rows["tricky"]
    assert row["titel"] == 'Das "Sächsische" Modell; Teil 2'
    assert row["kurzbeschreibung"] == "'=SUMME(A1:A9)\nzweite Zeile"  # no formula in Excel
    assert row["gemeinden"].split(" | ") == ["Kamenz, Stadt", "Zittau"]
    assert row["gemeindeschluessel"].split(" | ")[0] == "14625240"
    assert row["landkreise"] == "Landkreis Bautzen | Landkreis Görlitz"
    assert row["einwohner_gesamt"] == "39000"
    assert row["massnahmen"] == f"{examples['measure'].code} E-Akte"
    assert set(row["schlagwoerter"].split(" | ")) == {"Ä-Ö-Ü", "Zweckverband"}
    assert row["beginn"] == "2021"
    assert row["stand"] == "laufend"
    assert row["webseite"] == "http://testserver/praxisbeispiele/tricky/"
    assert row["lizenz"].startswith("CC BY 4.0 Servicestelle Interkommunale Zusammenarbeit")
    assert "Destatis" in row["lizenz"]


def test_the_csv_uses_the_documented_dialect(client, examples):
    text = client.get("/praxisbeispiele/export.csv").content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.split("\r\n")[0])
    assert dialect.delimiter == ";"
    assert "\r\n" in text
    assert text.count("\n") == text.count("\r\n") + 1  # the one bare \n is inside a quoted cell


def test_downloads_carry_the_filters_of_the_list(client, examples):
    rows = read_csv(client.get("/praxisbeispiele/export.csv?landkreis=goerlitz"))
    assert [row["slug"] for row in rows] == ["tricky"]
    data = client.get("/praxisbeispiele/export.json?landkreis=goerlitz").json()
    assert [item["slug"] for item in data["daten"]] == ["tricky"]
    assert data["meta"]["filter"] == {"landkreis": ["goerlitz"]}
    assert data["meta"]["anzahl"] == 1
    assert data["meta"]["quelle"] == "http://testserver/praxisbeispiele/?landkreis=goerlitz"


def test_the_json_download_states_the_licence_and_ignored_filters(client, examples, settings):
    settings.IKZ_CONTENT_ATTRIBUTION = "Redaktion Beispiel"
    response = client.get("/praxisbeispiele/export.json?landkreis=gibt-es-nicht")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.json"')
    meta = response.json()["meta"]
    assert meta["lizenz"]["inhalte"]["namensnennung"] == "Redaktion Beispiel"
    assert meta["lizenz"]["geodaten"]["quelle"].startswith("© GeoBasis-DE / BKG")
    assert list(meta["ignorierte_filter"]) == ["landkreis"]
    assert meta["anzahl"] == 2  # like the HTML list, the invalid value is ignored


def test_unpublished_examples_never_appear_in_downloads(client, examples):
    assert "entwurf" not in client.get("/praxisbeispiele/export.csv").content.decode()
    assert "entwurf" not in client.get("/praxisbeispiele/export.json").content.decode()


def test_measures_download_as_csv_and_json(client):
    field = make_field(slug="feld")
    make_measure(field_of_action=field, slug="leicht", effort=Effort.LOW)
    make_measure(field_of_action=field, slug="schwer", effort=Effort.HIGH)
    make_measure(field_of_action=field, slug="entwurf", publication_state=PublicationState.DRAFT)
    rows = read_csv(client.get("/massnahmen/export.csv"))
    assert [row["slug"] for row in rows] == ["leicht", "schwer"]
    assert rows[0]["aufwand"] == "niedrig"
    assert rows[0]["handlungsfeld"] == str(field)
    rows = read_csv(client.get("/massnahmen/export.csv?aufwand=high"))
    assert [row["slug"] for row in rows] == ["schwer"]
    data = client.get("/massnahmen/export.json?aufwand=low").json()
    assert [item["slug"] for item in data["daten"]] == ["leicht"]
    assert data["meta"]["titel"] == "Maßnahmen"


@pytest.mark.parametrize("count", [3, 12])
def test_downloads_need_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    district = make_district()
    field = make_field()
    for _ in range(count):
        example = make_example(
            measures=[make_measure(field_of_action=field)],
            municipalities=[make_municipality(district=district)],
        )
        example.tags.add("Digital")
    # examples + municipalities + districts + measures + tags + links + attachments
    with django_assert_num_queries(7):
        assert client.get("/praxisbeispiele/export.csv").status_code == 200
    # examples + actors + tags + resources + related + practice examples
    with django_assert_num_queries(6):
        assert client.get("/massnahmen/export.csv").status_code == 200


def test_editors_download_only_published_content_too(editor_client, examples):
    """Open data is the public state; previews of drafts stay in the HTML pages."""
    for path in ("/praxisbeispiele/export.csv", "/praxisbeispiele/export.json"):
        assert "entwurf" not in editor_client.get(path).content.decode()
    assert b"entwurf" not in editor_client.get("/praxisbeispiele/feed.rss").content
    assert b"entwurf" not in editor_client.get("/sitemap.xml").content


def test_tags_cannot_smuggle_a_formula_into_the_spreadsheet(client):
    example = make_example(slug="mit-formel")
    example.tags.add("@SUMME(1)")
    rows = read_csv(client.get("/praxisbeispiele/export.csv"))
    assert rows[0]["schlagwoerter"] == "'@SUMME(1)"
