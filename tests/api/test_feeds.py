"""RSS 2.0 and Atom 1.0 feeds of new and updated practice examples."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import PublicationState
from practice.models import PracticeExample
from tests.conftest import make_example, make_field, make_measure

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def examples():
    field = make_field(title="Digitale Verwaltung", slug="digitale-verwaltung")
    other = make_field(slug="anderes-feld")
    old = make_example(
        slug="alt", title="Altes Beispiel", measures=[make_measure(field_of_action=field)]
    )
    make_example(slug="anderswo", measures=[make_measure(field_of_action=other)])
    make_example(
        slug="entwurf",
        publication_state=PublicationState.DRAFT,
        measures=[make_measure(field_of_action=field)],
    )
    # "alt" was edited an hour after "anderswo" was created: it is the newest change.
    PracticeExample.objects.filter(pk=old.pk).update(updated_at=timezone.now() + timedelta(hours=1))
    return field


def parse(response, content_type):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ET.fromstring(response.content)  # noqa: S314  (our own output)


def test_the_rss_feed_is_valid_rss_2(client, examples):
    root = parse(client.get("/praxisbeispiele/feed.rss"), "application/rss+xml")
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required).text
    assert channel.find("language").text == "de"
    assert "CC BY 4.0" in channel.find("copyright").text
    items = channel.findall("item")
    assert [item.find("link").text.rstrip("/").rsplit("/", 1)[1] for item in items] == [
        "alt",
        "anderswo",
    ]
    first = items[0]
    assert first.find("title").text == "Altes Beispiel"
    assert first.find("description").text
    assert first.find("pubDate").text
    assert first.find("guid").text == first.find("link").text
    assert [c.text for c in first.findall("category")] == ["Digitale Verwaltung"]


def test_the_atom_feed_is_valid_atom_1(client, examples):
    root = parse(client.get("/praxisbeispiele/feed.atom"), "application/atom+xml")
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}").text
    assert root.find(f"{ATOM}author/{ATOM}name").text.startswith("Servicestelle")
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/praxisbeispiele/feed.atom")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated", "published", "summary"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")


def test_a_field_of_action_has_its_own_feeds(client, examples):
    rss = parse(client.get("/handlungsfelder/digitale-verwaltung/feed.rss"), "application/rss+xml")
    links = [item.find("link").text for item in rss.find("channel").findall("item")]
    assert len(links) == 1 and links[0].endswith("/praxisbeispiele/alt/")
    assert "Digitale Verwaltung" in rss.find("channel/title").text
    atom = parse(
        client.get("/handlungsfelder/digitale-verwaltung/feed.atom"), "application/atom+xml"
    )
    assert len(atom.findall(f"{ATOM}entry")) == 1


def test_unpublished_examples_and_fields_are_not_in_feeds(client, examples):
    for path in ("/praxisbeispiele/feed.rss", "/praxisbeispiele/feed.atom"):
        assert b"entwurf" not in client.get(path).content
    make_field(slug="entwurfsfeld", publication_state=PublicationState.DRAFT)
    assert client.get("/handlungsfelder/entwurfsfeld/feed.rss").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/praxisbeispiele/feed.rss", "/praxisbeispiele/feed.atom"])
def test_feeds_carry_the_summary_as_text_not_markup(client, url):
    make_example(summary='Bauhof & Co. <img src=x onerror="alert(1)">')

    root = ET.fromstring(client.get(url).content)  # noqa: S314 (our own feed)

    texts = [node.text for node in root.iter() if node.tag.endswith(("description", "summary"))]
    # what a reader renders as HTML after parsing the XML still has the markup escaped
    assert "Bauhof &amp; Co. &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in texts
