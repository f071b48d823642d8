"""Examples from other Länder carry a visible Land badge; Saxon programmes without member
municipalities read "landesweit" instead of an empty list (issue 13)."""

import pytest

from practice.models import FederalState
from tests.conftest import make_example, make_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples():
    return {
        "bavarian": make_example(title="Allgäuer Verbund", federal_state=FederalState.BY),
        "statewide": make_example(title="Kommunales Datennetz"),
        "local": make_example(title="Bauhof Dohna", municipalities=[make_municipality()]),
    }


def card(html, title):
    start = html.index(title)
    return html[start : html.find("</article>", start)]


@pytest.mark.parametrize("url", ["/", "/praxisbeispiele/"])
def test_cards_mark_other_laender_and_statewide_programmes(client, examples, url):
    html = client.get(url).content.decode()
    assert 'Aus einem anderen Land: <span class="badge badge--land">Bayern</span>' in card(
        html, "Allgäuer Verbund"
    )
    assert "landesweit (Sachsen)" in card(html, "Kommunales Datennetz")
    local = card(html, "Bauhof Dohna")
    assert "badge--land" not in local and "landesweit" not in local


def test_the_detail_page_shows_the_land_and_landesweit(client, examples):
    html = client.get(examples["bavarian"].get_absolute_url()).content.decode()
    assert '<span class="badge badge--land">Bayern</span>' in html
    assert "landesweit" not in html
    html = client.get(examples["statewide"].get_absolute_url()).content.decode()
    assert "<strong>landesweit</strong>" in html
    assert "badge--land" not in html
