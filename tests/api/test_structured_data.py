"""schema.org JSON-LD, Open Graph, feed links and download links on the public pages."""

import json
import re

import pytest

from catalog.models import PublicationState
from tests.conftest import make_district, make_example, make_field, make_measure, make_municipality

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def og(html, name):
    match = re.search(rf'<meta property="og:{name}" content="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.fixture
def example(settings):
    settings.SITE_URL = "https://ikz.example.org"
    field = make_field(title="Digitale Verwaltung", slug="digitale-verwaltung")
    measure = make_measure(field_of_action=field, title="E-Akte", slug="e-akte")
    draft = make_measure(
        field_of_action=field, slug="geheim", publication_state=PublicationState.DRAFT
    )
    district = make_district(name="Landkreis Bautzen")
    kamenz = make_municipality(
        district=district,
        name="Kamenz",
        ags="14625240",
        latitude="51.269000",
        longitude="14.094000",
    )
    example = make_example(
        title="Gemeinsame E-Akte </script>",
        summary="Drei Gemeinden führen gemeinsam die E-Akte ein.",
        slug="gemeinsame-e-akte",
        measures=[measure, draft],
        municipalities=[kamenz],
    )
    example.tags.add("E-Akte")
    return example


def test_a_practice_example_describes_itself_as_an_article(client, example):
    html = client.get("/praxisbeispiele/gemeinsame-e-akte/").content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == "Gemeinsame E-Akte </script>"
    assert data["url"] == "https://ikz.example.org/praxisbeispiele/gemeinsame-e-akte/"
    assert data["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert [thing["url"] for thing in data["about"]] == [
        "https://ikz.example.org/massnahmen/e-akte/"
    ]
    place = data["spatialCoverage"][0]
    assert place["@type"] == "Place"
    assert place["name"] == "Kamenz"
    assert place["identifier"]["value"] == "14625240"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 51.269, "longitude": 14.094}
    assert place["containedInPlace"]["name"] == "Landkreis Bautzen"
    assert data["keywords"] == "E-Akte"
    assert "Gemeinsame E-Akte \\u003C/script\\u003E" in html  # cannot end the script early


def test_a_practice_example_has_open_graph_tags(client, example):
    html = client.get("/praxisbeispiele/gemeinsame-e-akte/").content.decode()
    assert og(html, "type") == "article"
    assert og(html, "title") == "Gemeinsame E-Akte &lt;/script&gt;"
    assert og(html, "url") == "https://ikz.example.org/praxisbeispiele/gemeinsame-e-akte/"
    assert og(html, "locale") == "de_DE"
    assert og(html, "image") is None


def test_measures_and_fields_describe_themselves_too(client, example):
    measure_html = client.get("/massnahmen/e-akte/").content.decode()
    data = json_ld(measure_html)
    assert data["@type"] == "CreativeWork"
    assert data["about"][0]["url"] == "https://ikz.example.org/handlungsfelder/digitale-verwaltung/"
    assert og(measure_html, "title") == "E-Akte"

    field_html = client.get("/handlungsfelder/digitale-verwaltung/").content.decode()
    assert json_ld(field_html)["name"].endswith("Digitale Verwaltung")
    assert og(field_html, "url") == "https://ikz.example.org/handlungsfelder/digitale-verwaltung/"


def test_pages_link_their_feeds(client, example):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/praxisbeispiele/feed.atom"' in home
    field_html = client.get("/handlungsfelder/digitale-verwaltung/").content.decode()
    assert 'href="/handlungsfelder/digitale-verwaltung/feed.rss"' in field_html
    assert 'href="/handlungsfelder/digitale-verwaltung/feed.atom"' in field_html


def test_list_pages_offer_downloads_with_the_current_filters(client, example):
    html = client.get(
        "/praxisbeispiele/?handlungsfeld=digitale-verwaltung&seite=1"
    ).content.decode()
    assert 'href="/praxisbeispiele/export.csv?handlungsfeld=digitale-verwaltung"' in html
    assert 'href="/praxisbeispiele/export.json?handlungsfeld=digitale-verwaltung"' in html
    assert ">Als CSV</a>" in html and ">Als JSON</a>" in html
    html = client.get("/massnahmen/?aufwand=low&aufwand=high").content.decode()
    assert 'href="/massnahmen/export.csv?aufwand=low&amp;aufwand=high"' in html


def test_the_footer_links_the_open_data_page(client, example):
    assert '<a href="/daten/">Offene Daten</a>' in client.get("/").content.decode()
