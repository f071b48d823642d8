"""sitemap.xml, robots.txt and the /daten/ page."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import PublicationState
from tests.conftest import make_example, make_field, make_measure, make_page

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DRAFT = PublicationState.DRAFT


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314  (our own output)
    return {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_every_public_page_with_lastmod(client, settings):
    settings.SITE_URL = "https://ikz.example.org"
    field = make_field(slug="feld")
    make_measure(field_of_action=field, slug="massnahme")
    make_example(slug="beispiel")
    make_page(slug="impressum")
    entries = sitemap_entries(client)
    for path in (
        "/",
        "/handlungsfelder/",
        "/handlungsfelder/feld/",
        "/massnahmen/",
        "/massnahmen/massnahme/",
        "/praxisbeispiele/",
        "/praxisbeispiele/beispiel/",
        "/werkzeuge/",
        "/leitfaden/",
        "/daten/",
        "/massnahmenplan/",
        "/standortbestimmung/",
        "/fehlende-beispiele/",
        "/impressum/",
    ):
        assert f"https://ikz.example.org{path}" in entries, path
    lastmod = entries["https://ikz.example.org/praxisbeispiele/beispiel/"]
    assert lastmod is not None and lastmod.text.startswith("20")
    assert entries["https://ikz.example.org/praxisbeispiele/"].text


def test_unpublished_content_is_not_in_the_sitemap(client):
    draft_field = make_field(slug="entwurfsfeld", publication_state=DRAFT)
    make_measure(field_of_action=draft_field, slug="im-entwurfsfeld")
    make_measure(slug="entwurfsmassnahme", publication_state=DRAFT)
    make_example(slug="entwurfsbeispiel", publication_state=DRAFT)
    make_page(slug="entwurfsseite", publication_state=DRAFT)
    text = client.get("/sitemap.xml").content.decode()
    for slug in (
        "entwurfsfeld",
        "im-entwurfsfeld",
        "entwurfsmassnahme",
        "entwurfsbeispiel",
        "entwurfsseite",
    ):
        assert slug not in text


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client, settings):
    settings.SITE_URL = "https://ikz.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://ikz.example.org/sitemap.xml" in lines


def test_the_open_data_page_explains_the_offer(client, settings):
    settings.SITE_URL = "https://ikz.example.org"
    settings.IKZ_API_ANON_RATE = "120/min"
    make_field(slug="digitale-verwaltung")
    response = client.get("/daten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for text in (
        "/api/v1/schema/",
        "/api/v1/docs/",
        "/praxisbeispiele/export.csv",
        "/massnahmen/export.json",
        "/praxisbeispiele/feed.rss",
        "/praxisbeispiele/feed.atom",
        "CC BY 4.0",
        "Destatis",
        "GeoBasis-DE / BKG",
        "curl 'https://ikz.example.org/api/v1/praxisbeispiele/?landkreis=",
        "120 Anfragen pro Minute",
        "<code>gemeindeschluessel</code>",
        "<code>aufwand</code>",
    ):
        assert text in html, text


def test_the_open_data_page_names_the_configured_licence(client, settings):
    settings.IKZ_CONTENT_LICENSE = "CC0 1.0"
    settings.IKZ_CONTENT_LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.de"
    html = client.get("/daten/").content.decode()
    assert "CC0 1.0" in html
    assert "https://creativecommons.org/publicdomain/zero/1.0/deed.de" in html


def _queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/praxisbeispiele/feed.rss", "/daten/"])
def test_sitemap_feeds_and_daten_need_no_query_per_item(client, path):
    field = make_field()
    for _ in range(2):
        make_example(measures=[make_measure(field_of_action=field)])
    few = _queries_for(client, path)
    for _ in range(10):
        make_example(measures=[make_measure(field_of_action=field)])
    assert _queries_for(client, path) == few
