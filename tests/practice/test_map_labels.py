"""Labels on the small map of an example never overlap; the partners stay complete elsewhere."""

import itertools
import re
from decimal import Decimal

import pytest

from practice.map_labels import Box, place_labels
from practice.maps import build_partner_map
from practice.models import District
from tests.conftest import make_example, make_municipality

VIEW = Box(0, 0, 200, 150)


def _overlapping(labels):
    return [(a.text, b.text) for a, b in itertools.combinations(labels, 2) if a.box.overlaps(b.box)]


def test_close_points_get_labels_on_different_sides_that_do_not_overlap():
    points = [("Burkhardtsdorf", 100, 70), ("Gornsdorf", 96, 74), ("Auerbach", 99, 78)]
    labels = place_labels(points, VIEW, size=8, radius=4)
    assert len(labels) == 3
    assert _overlapping(labels.values()) == []
    assert {label.anchor for label in labels.values()} != {"start"}  # not all to the right


def test_labels_stay_inside_the_view_and_off_every_dot():
    points = [("Randgemeinde am rechten Rand", 195, 75), ("Mitte", 100, 20)]
    labels = place_labels(points, VIEW, size=8, radius=4)
    for index, label in labels.items():
        assert label.box.inside(VIEW)
        for other, (_text, x, y) in enumerate(points):
            assert not label.box.overlaps(Box(x - 4, y - 4, x + 4, y + 4)), (index, other)
    assert labels[0].anchor == "end"  # no room on the right: placed to the left


def test_a_point_without_room_goes_without_a_label():
    crowd = [(f"Gemeinde {n}", 100 + (n % 2), 75 + (n // 2)) for n in range(8)]
    labels = place_labels(crowd, VIEW, size=8, radius=4)
    assert 0 < len(labels) < len(crowd)
    assert _overlapping(labels.values()) == []


@pytest.fixture
def district(db):
    return District.objects.create(key="14521", name="Erzgebirgskreis", slug="erz", kind="lk")


def test_the_example_map_shows_the_partners_area_and_names_all_of_them(client, district):
    names = ["Auerbach", "Burkhardtsdorf", "Gornsdorf", "Thalheim", "Zwönitz", "Gelenau"]
    places = [("12.93", "50.72"), ("12.92", "50.73"), ("12.93", "50.71"), ("12.85", "50.70")]
    places += [("12.81", "50.63"), ("13.04", "50.71")]
    municipalities = [
        make_municipality(district, name=name, longitude=Decimal(lon), latitude=Decimal(lat))
        for name, (lon, lat) in zip(names, places, strict=True)
    ]
    built = build_partner_map(municipalities)
    left, top, width, height = (float(n) for n in built.view_box.split())
    assert width < built.width  # zoomed in on the partners
    for point in built.points:
        assert left <= point.x <= left + width and top <= point.y <= top + height
    assert _overlapping(built.labels) == []
    assert all(
        label.box.inside(Box(left, top, left + width, top + height)) for label in built.labels
    )

    html = client.get(make_example(municipalities=municipalities).get_absolute_url()).content
    html = html.decode()
    description = re.search(r'<desc id="partnerkarte-beschreibung">([^<]+)</desc>', html).group(1)
    assert all(name in description for name in names)  # the text alternative is complete
    for name in names:  # and so is the participants table
        assert f"<tr><td>{name}</td>" in html
    assert html.count("<text ") == len(built.labels)
