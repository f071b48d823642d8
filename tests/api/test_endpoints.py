"""Every API endpoint: published content only, links by URL and slug, no query per row."""

import pytest

from catalog.models import PublicationState
from tests.conftest import (
    make_actor,
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_measure,
    make_municipality,
    make_resource,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
ARCHIVED = PublicationState.ARCHIVED


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response):
    return [item["slug"] for item in results(response)]


@pytest.fixture
def catalogue():
    """One published item of each kind, wired together, plus drafts next to them."""
    district = make_district(name="Landkreis Bautzen", slug="bautzen")
    town = make_municipality(
        district=district,
        name="Kamenz",
        slug="kamenz",
        ags="14625240",
        latitude=51.27,
        longitude=14.09,
    )
    field = make_field(title="Digitale Verwaltung", slug="digitale-verwaltung")
    draft_field = make_field(slug="entwurfsfeld", publication_state=DRAFT)
    measure = make_measure(field_of_action=field, slug="e-akte", title="E-Akte einführen")
    hidden_measure = make_measure(field_of_action=draft_field, slug="versteckt")
    draft_measure = make_measure(
        field_of_action=field, slug="entwurfsmassnahme", publication_state=DRAFT
    )
    resource = make_resource(slug="checkliste-ikz")
    draft_resource = make_resource(slug="entwurfswerkzeug", publication_state=DRAFT)
    measure.resources.set([resource, draft_resource])
    measure.related.set([hidden_measure, draft_measure])
    measure.actors.add(make_actor(name="Hauptamt", slug="hauptamt"))
    form = make_cooperation_form(name="Zweckvereinbarung", slug="zweckvereinbarung")
    example = make_example(
        measures=[measure, hidden_measure],
        municipalities=[town],
        slug="gemeinsame-e-akte",
        cooperation_form=form,
    )
    example.tags.add("E-Akte")
    draft_example = make_example(
        measures=[measure], municipalities=[town], slug="entwurfsbeispiel", publication_state=DRAFT
    )
    draft_example.tags.add("Geheim")
    make_example(slug="archiviertes-beispiel", publication_state=ARCHIVED)
    return {
        "district": district,
        "town": town,
        "field": field,
        "measure": measure,
        "resource": resource,
        "form": form,
        "example": example,
    }


def test_the_root_lists_every_endpoint(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert set(response.json()) == {
        "handlungsfelder",
        "massnahmen",
        "praxisbeispiele",
        "werkzeuge",
        "gemeinden",
        "landkreise",
        "kooperationsformen",
        "schlagwoerter",
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("handlungsfelder", ["digitale-verwaltung"]),
        ("massnahmen", ["e-akte"]),
        ("praxisbeispiele", ["gemeinsame-e-akte"]),
        ("werkzeuge", ["checkliste-ikz"]),
        ("landkreise", ["bautzen"]),
        ("kooperationsformen", ["zweckvereinbarung"]),
        ("schlagwoerter", ["e-akte"]),
    ],
)
def test_lists_show_only_published_content(client, catalogue, path, expected):
    assert slugs(client.get(f"/api/v1/{path}/")) == expected


def test_municipalities_are_listed_and_found_by_ags(client, catalogue):
    listed = results(client.get("/api/v1/gemeinden/"))
    assert [m["ags"] for m in listed] == ["14625240"]
    detail = client.get("/api/v1/gemeinden/14625240/").json()
    assert detail["name"] == "Kamenz"
    assert detail["landkreis"]["slug"] == "bautzen"
    assert detail["breitengrad"] == 51.27
    assert [e["slug"] for e in detail["praxisbeispiele"]] == ["gemeinsame-e-akte"]


def test_municipalities_filter_by_district(client, catalogue):
    make_municipality(slug="anderswo")
    response = client.get("/api/v1/gemeinden/?landkreis=bautzen")
    assert [m["slug"] for m in results(response)] == ["kamenz"]


@pytest.mark.parametrize(
    "path",
    [
        "handlungsfelder/digitale-verwaltung",
        "massnahmen/e-akte",
        "praxisbeispiele/gemeinsame-e-akte",
        "werkzeuge/checkliste-ikz",
        "landkreise/bautzen",
        "kooperationsformen/zweckvereinbarung",
        "schlagwoerter/e-akte",
        "gemeinden/14625240",
    ],
)
def test_details_are_found_by_slug_or_ags(client, catalogue, path):
    response = client.get(f"/api/v1/{path}/")
    assert response.status_code == 200
    assert response.json()["url"] == f"http://testserver/api/v1/{path}/"


@pytest.mark.parametrize(
    "path",
    [
        "handlungsfelder/entwurfsfeld",
        "massnahmen/versteckt",
        "massnahmen/entwurfsmassnahme",
        "praxisbeispiele/entwurfsbeispiel",
        "praxisbeispiele/archiviertes-beispiel",
        "werkzeuge/entwurfswerkzeug",
        "schlagwoerter/geheim",
        "gemeinden/00000000",
    ],
)
def test_unpublished_details_are_not_found(client, editor_client, catalogue, path):
    for browser in (client, editor_client):
        response = browser.get(f"/api/v1/{path}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Nicht gefunden."}


def test_related_objects_are_linked_by_url_and_slug_and_only_when_published(client, catalogue):
    example = client.get("/api/v1/praxisbeispiele/gemeinsame-e-akte/").json()
    assert example["massnahmen"] == [
        {
            "slug": "e-akte",
            "kennung": f"{catalogue['field'].number}.{catalogue['measure'].number}",
            "titel": "E-Akte einführen",
            "url": "http://testserver/api/v1/massnahmen/e-akte/",
        }
    ]
    assert [f["slug"] for f in example["handlungsfelder"]] == ["digitale-verwaltung"]
    assert example["gemeinden"][0]["url"] == "http://testserver/api/v1/gemeinden/14625240/"
    assert example["landkreise"][0]["slug"] == "bautzen"
    assert example["kooperationsform"]["url"].endswith(
        "/api/v1/kooperationsformen/zweckvereinbarung/"
    )
    assert example["webseite"] == "http://testserver/praxisbeispiele/gemeinsame-e-akte/"
    assert example["schlagwoerter"] == [{"slug": "e-akte", "name": "E-Akte"}]

    measure = client.get("/api/v1/massnahmen/e-akte/").json()
    assert [r["slug"] for r in measure["werkzeuge"]] == ["checkliste-ikz"]
    assert measure["verwandte_massnahmen"] == []
    assert [e["slug"] for e in measure["praxisbeispiele"]] == ["gemeinsame-e-akte"]
    assert measure["akteure"] == [{"slug": "hauptamt", "name": "Hauptamt"}]
    assert measure["handlungsfeld"]["slug"] == "digitale-verwaltung"

    field = client.get("/api/v1/handlungsfelder/digitale-verwaltung/").json()
    assert [m["slug"] for m in field["massnahmen"]] == ["e-akte"]
    assert field["praxisbeispiele"].endswith(
        "/api/v1/praxisbeispiele/?handlungsfeld=digitale-verwaltung"
    )

    tag = client.get("/api/v1/schlagwoerter/e-akte/").json()
    assert (tag["anzahl_praxisbeispiele"], tag["anzahl_massnahmen"]) == (1, 0)


def test_personal_contact_data_is_not_part_of_the_api(client):
    make_example(
        slug="mit-kontakt",
        contact_organisation="Stadtverwaltung Kamenz",
        contact_person="Erika Muster",
        contact_email="erika@example.org",
        contact_consent=True,
    )
    body = client.get("/api/v1/praxisbeispiele/mit-kontakt/").content.decode()
    assert "Stadtverwaltung Kamenz" in body
    assert "Erika" not in body
    assert "erika@example.org" not in body


def test_lists_state_the_licence_and_are_paginated_like_the_html_lists(client, settings):
    settings.IKZ_CONTENT_LICENSE = "CC BY-SA 4.0"
    for n in range(23):
        make_example(slug=f"beispiel-{n:02d}")
    first = client.get("/api/v1/praxisbeispiele/")
    body = first.json()
    assert body["count"] == 23
    assert len(body["results"]) == 20
    assert body["next"] == "http://testserver/api/v1/praxisbeispiele/?seite=2"
    assert body["lizenz"]["inhalte"]["lizenz"] == "CC BY-SA 4.0"
    assert "Destatis" in body["lizenz"]["gemeindedaten"]["quelle"]
    assert "BKG" in body["lizenz"]["geodaten"]["quelle"]
    assert 'rel="license"' in first["Link"]
    assert len(results(client.get("/api/v1/praxisbeispiele/?seite=2"))) == 3
    assert len(results(client.get("/api/v1/praxisbeispiele/?pro_seite=5"))) == 5


def test_a_page_beyond_the_end_is_a_german_404(client):
    response = client.get("/api/v1/praxisbeispiele/?seite=99")
    assert response.status_code == 404
    assert response.json()["detail"] == "Ungültige Seite."


def test_an_unknown_version_is_not_found(client):
    assert client.get("/api/v2/praxisbeispiele/").status_code == 404


def test_invalid_filter_values_get_a_german_400(client):
    response = client.get("/api/v1/praxisbeispiele/?handlungsfeld=gibt-es-nicht&von=abc")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"handlungsfeld", "von"}
    assert "gibt-es-nicht" in errors["handlungsfeld"][0]
    assert errors["von"] == ["Bitte eine Zahl eingeben."]


def _build_examples(count):
    district = make_district()
    field = make_field()
    form = make_cooperation_form()
    for _ in range(count):
        measures = [make_measure(field_of_action=field) for _ in range(2)]
        towns = [make_municipality(district=district) for _ in range(2)]
        example = make_example(measures=measures, municipalities=towns, cooperation_form=form)
        example.tags.add("E-Akte", "Digital")
        example.links.create(title="Website", url="https://example.org")
        for measure in measures:
            measure.tags.add("Digital")
            measure.actors.add(make_actor())
            measure.resources.add(make_resource())
            measure.related.add(make_measure(field_of_action=field))


LIST_QUERIES = {
    # count + page + municipalities + districts + measures + tags + links + attachments
    "praxisbeispiele": 8,
    # count + page + actors + tags + resources + related + practice examples
    "massnahmen": 7,
    # count + page + measures
    "handlungsfelder": 3,
    # count + page + measures
    "werkzeuge": 3,
    # count + page + practice examples
    "gemeinden": 3,
    "landkreise": 2,
    "kooperationsformen": 2,
    "schlagwoerter": 2,
}


@pytest.mark.parametrize("count", [2, 8])
def test_lists_need_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    _build_examples(count)
    for path, queries in LIST_QUERIES.items():
        with django_assert_num_queries(queries + 1):  # and the content revision
            response = client.get(f"/api/v1/{path}/")
        assert response.status_code == 200
        assert response.json()["results"], path
        # the page is serialized and rendered once per content revision
        with django_assert_num_queries(1):
            again = client.get(f"/api/v1/{path}/")
        assert again.content == response.content
        assert again["Content-Type"] == response["Content-Type"] == "application/json"


def test_unknown_addresses_under_the_api_get_a_json_404(client):
    response = client.get("/api/v1/handlungsfelder/ein.punkt/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}
    # a control character is refused before routing (ikz.middleware), also as JSON
    response = client.get("/api/v1/handlungsfelder/zeilen.%0Aumbruch/")
    assert response.status_code == 400
    assert "Steuerzeichen" in response.json()["detail"]
    assert client.get("/api/v1/praxisbeispiele").status_code == 301


def test_other_portals_may_fetch_the_api_from_the_browser(client):
    assert client.get("/api/v1/handlungsfelder/")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/praxisbeispiele/export.json")["Access-Control-Allow-Origin"] == "*"
