"""The chips of active filters: each links to the list without its value (both lists)."""

import pytest
from django.http import QueryDict

from tests.conftest import make_district, make_example, make_field, make_measure

pytestmark = pytest.mark.django_db


def chip_links(response) -> dict[str, QueryDict]:
    return {chip.label: chip.query for chip in response.context["chips"]}


@pytest.mark.parametrize(
    ("query", "label", "parameter"),
    [
        # regression: the chip compared the cleaned value with the raw parameter and kept it
        ("q=Bauhof%20&status=ongoing", "Suchbegriff: Bauhof", "q"),
        ("von=02018&status=ongoing", "Beginn ab Jahr: 2018", "von"),
        ("bis=2020.0&status=ongoing", "Beginn bis Jahr: 2020", "bis"),
    ],
)
def test_a_chip_removes_a_value_that_was_typed_differently(client, query, label, parameter):
    make_example(title="Bauhof gemeinsam", start_year=2019)
    response = client.get(f"/praxisbeispiele/?{query}")
    assert response.status_code == 200
    links = chip_links(response)
    without = next(link for chip, link in links.items() if chip.startswith(label))
    assert parameter not in without
    assert without.getlist("status") == ["ongoing"]
    # and following the link really drops the filter
    assert not any(
        c.name == parameter
        for c in client.get(f"/praxisbeispiele/?{without.urlencode()}").context["chips"]
    )


def test_a_chip_of_a_multiple_choice_removes_only_its_value(client):
    first, second = make_district(slug="bautzen"), make_district(slug="goerlitz")
    make_example()
    response = client.get("/praxisbeispiele/?landkreis=bautzen&landkreis=goerlitz&seite=2")
    [bautzen] = [q for label, q in chip_links(response).items() if first.name in label]
    assert bautzen.getlist("landkreis") == ["goerlitz"]
    assert "seite" not in bautzen
    assert second.name in [chip.label.split(": ")[1] for chip in response.context["chips"]]


def test_measure_chips_work_the_same_way(client):
    make_measure(make_field(slug="verwaltung"))
    response = client.get("/massnahmen/?q=%20Akte%20&handlungsfeld=verwaltung")
    links = chip_links(response)
    assert links["Suchbegriff: Akte"].getlist("handlungsfeld") == ["verwaltung"]
    assert "q" not in links["Suchbegriff: Akte"]
