"""The map of Saxony: geometry, shading, counts that agree with the list, accessibility."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from catalog.models import PublicationState
from practice.filters import PracticeExampleFilter
from practice.listing import ExampleListing
from practice.maps import (
    ATTRIBUTION,
    STEP_COLOURS,
    build_district_map,
    build_partner_map,
    colour_step,
    haversine_km,
    legend,
    saxony_geometry,
)
from practice.models import District, PracticeExample
from tests.conftest import make_example, make_measure, make_municipality

DISTRICT_KEYS = {
    "14511": "chemnitz",
    "14521": "erzgebirgskreis",
    "14612": "dresden",
    "14625": "bautzen",
    "14713": "leipzig",
    "14729": "landkreis-leipzig",
}


def test_the_geometry_has_all_13_districts_inside_the_view_box():
    geometry = saxony_geometry()
    assert len(geometry.paths) == 13
    numbers = [float(n) for path in geometry.paths.values() for n in re.findall(r"[\d.]+", path)]
    assert min(numbers) >= 0
    assert max(numbers) <= max(geometry.width, geometry.height)
    assert all(path.startswith("M") and path.endswith("Z") for path in geometry.paths.values())


def test_outlines_are_whole_relative_units_and_shared_borders_stay_identical():
    geometry = saxony_geometry()
    for path in geometry.paths.values():
        assert "." not in path
        assert re.fullmatch(r"(M\d+ \d+l[-\d ]+Z)+", path)
    # the whole outline costs a few kilobytes on every map page
    assert sum(len(path) for path in geometry.paths.values()) < 9_000


def test_the_points_are_one_path_of_dots_relative_to_each_other(saxony):
    built = build_partner_map(
        [
            _municipality(saxony["14729"], "12.74", "51.36"),
            _municipality(saxony["14713"], "12.37", "51.34"),
            _municipality(saxony["14713"], "12.37", "51.34"),  # same place: one dot
        ]
    )
    path = built.points_path
    assert path.startswith("M") and path.count("h0") == 2
    first, second = sorted(built.points, key=lambda p: (round(p.y), round(p.x)))[:2]
    assert path.startswith(f"M{round(first.x)} {round(first.y)}h0")
    dx, dy = round(second.x) - round(first.x), round(second.y) - round(first.y)
    assert f"m{dx}{'' if dy < 0 else ' '}{dy}h0" in path


def test_the_geometry_is_built_once_per_process():
    assert saxony_geometry() is saxony_geometry()


def test_the_projection_keeps_saxony_roughly_in_shape():
    geometry = saxony_geometry()
    leipzig = geometry.projection(12.37, 51.34)
    dresden = geometry.projection(13.74, 51.05)
    goerlitz = geometry.projection(14.99, 51.15)
    assert leipzig[0] < dresden[0] < goerlitz[0]
    assert dresden[1] > leipzig[1]  # Dresden lies south of Leipzig: further down
    # Width : height of Saxony is about 1.6 : 1 after scaling longitudes by cos(latitude).
    assert 1.2 < geometry.width / geometry.height < 1.5


@pytest.mark.parametrize(
    ("count", "maximum", "step"), [(0, 10, 0), (1, 10, 1), (5, 10, 2), (8, 10, 4), (10, 10, 4)]
)
def test_colour_steps(count, maximum, step):
    assert colour_step(count, maximum) == step


def test_the_legend_covers_every_count_once():
    entries = legend(10)
    assert [e["label"] for e in entries] == ["keine", "1–2", "3–5", "6–7", "8–10"]
    assert legend(2)[1:] == [
        {"step": 2, "colour": STEP_COLOURS[2], "label": "1"},
        {"step": 4, "colour": STEP_COLOURS[4], "label": "2"},
    ]
    for count in range(1, 11):
        assert STEP_COLOURS[colour_step(count, 10)] in [e["colour"] for e in entries]


def test_haversine_gives_the_known_distance_leipzig_dresden():
    assert 95 < haversine_km(12.3731, 51.3397, 13.7373, 51.0504) < 105


@pytest.fixture
def saxony(db):
    districts = {
        key: District.objects.create(key=key, name=slug.title(), slug=slug, kind="landkreis")
        for key, slug in DISTRICT_KEYS.items()
    }
    return districts


def _municipality(district, lon="12.5", lat="51.0"):
    return make_municipality(district=district, longitude=Decimal(lon), latitude=Decimal(lat))


@pytest.fixture
def examples(saxony):
    measure, other = make_measure(), make_measure()
    leipzig = _municipality(saxony["14713"], "12.37", "51.34")
    borna = _municipality(saxony["14729"], "12.50", "51.12")
    wurzen = _municipality(saxony["14729"], "12.74", "51.36")
    dresden = _municipality(saxony["14612"], "13.74", "51.05")
    make_example(measures=[measure], municipalities=[leipzig, borna], start_year=2019)
    make_example(measures=[measure], municipalities=[borna, wurzen], start_year=2021)
    make_example(measures=[other], municipalities=[dresden], start_year=2022)
    make_example(
        measures=[measure], municipalities=[dresden], publication_state=PublicationState.DRAFT
    )
    return {"measure": measure, "other": other}


def _map_counts(data):
    filterset = PracticeExampleFilter(data, queryset=PracticeExample.objects.published())
    built = build_district_map(*ExampleListing(filterset).map_counts())
    return {shape.district.slug: shape.count for shape in built.districts}


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"massnahme": ["MEASURE"]},
        {"von": "2020"},
        {"bis": "2020", "landkreis": ["dresden"]},
        {"massnahme": ["OTHER"], "von": "2000"},
    ],
)
def test_map_counts_equal_list_counts_for_the_same_filters(client, examples, filters):
    slugs = {"MEASURE": examples["measure"].slug, "OTHER": examples["other"].slug}
    data = {
        key: [slugs.get(v, v) for v in value] if isinstance(value, list) else value
        for key, value in filters.items()
    }
    counts = _map_counts(data)
    for slug, count in counts.items():
        listed = PracticeExampleFilter(
            {**data, "landkreis": [slug]}, queryset=PracticeExample.objects.published()
        ).qs
        assert count == listed.count(), slug
        # and the list page, filtered by a click on the district, says the same
        response = client.get("/praxisbeispiele/", {**data, "landkreis": slug})
        assert response.status_code == 200
        assert response.context["paginator"].count == count, slug


def test_examples_with_partners_in_two_districts_count_in_both(examples):
    counts = _map_counts({})
    assert counts["landkreis-leipzig"] == 2
    assert counts["leipzig"] == 1
    assert counts["dresden"] == 1  # the draft does not count
    assert counts["chemnitz"] == 0


def _render_map(query=""):
    request = RequestFactory().get("/praxisbeispiele/" + query)
    filterset = PracticeExampleFilter(request.GET, queryset=PracticeExample.objects.published())
    template = Template("{% load practice_maps %}{% district_map listing %}")
    return template.render(Context({"request": request, "listing": ExampleListing(filterset)}))


def test_each_district_links_to_the_filtered_list_and_keeps_other_filters(examples):
    html = _render_map(f"?massnahme={examples['measure'].slug}&seite=3")
    assert (
        f'href="/praxisbeispiele/?massnahme={examples["measure"].slug}&amp;landkreis=dresden"'
        in html
    )
    assert "seite=3" not in html
    assert 'aria-label="Dresden: 0 Praxisbeispiele – Liste filtern"' in html
    assert 'aria-label="Landkreis-Leipzig: 2 Praxisbeispiele – Liste filtern"' in html


def test_the_table_alternative_has_the_same_numbers_as_the_map(examples):
    html = _render_map()
    table = html[html.index("<table") :]
    rows = dict(re.findall(r'<a href="[^"]+">([^<]+)</a></th><td>(\d+)</td>', table))
    assert rows["Landkreis-Leipzig"] == "2"
    assert rows["Dresden"] == "1"
    assert len(rows) == len(DISTRICT_KEYS)


def test_the_map_shows_points_legend_and_the_bkg_attribution(examples):
    html = _render_map()
    # four municipalities, drawn as dots of one path, and counted in the legend
    points = re.search(r'id="sachsenkarte-punkte" d="([^"]+)"', html).group(1)
    assert points.count("h0") == 4
    assert "beteiligte Gemeinde (4)" in html
    assert ATTRIBUTION in html
    assert 'href="https://www.bkg.bund.de"' in html
    assert "Praxisbeispiele je Kreis" in html
    assert re.search(r'<svg viewBox="0 0 \d+ \d+"', html)
    assert "," not in points  # no German decimal comma


def test_the_start_page_and_the_list_page_show_the_map(client, examples):
    for url in ("/", "/praxisbeispiele/"):
        html = client.get(url).content.decode()
        assert "saxony-map" in html, url
        assert ATTRIBUTION in html


def test_the_partner_map_connects_all_partners_with_the_fewest_lines(saxony):
    partners = [
        _municipality(saxony["14729"], "12.74", "51.36"),
        _municipality(saxony["14729"], "12.60", "51.30"),
        _municipality(saxony["14713"], "12.37", "51.34"),
        make_municipality(district=saxony["14713"]),  # no coordinates: left out
    ]
    built = build_partner_map(partners)
    assert len(built.points) == 3
    assert len(built.lines) == 2
    connected = {id(p) for line in built.lines for p in line}
    assert connected == {id(p) for p in built.points}


def test_the_example_page_shows_its_partners_on_the_map(client, saxony):
    a = _municipality(saxony["14729"], "12.74", "51.36")
    b = _municipality(saxony["14713"], "12.37", "51.34")
    example = make_example(municipalities=[a, b])
    html = client.get(example.get_absolute_url()).content.decode()
    assert "Lage der beteiligten Gemeinden" in html
    assert html.count("<line") == 1


@pytest.mark.parametrize("size", [2, 10])
def test_the_map_needs_a_constant_number_of_queries(saxony, django_assert_num_queries, size):
    districts = list(saxony.values())
    for index in range(size):
        make_example(
            municipalities=[
                _municipality(districts[index % len(districts)]),
                _municipality(districts[(index + 1) % len(districts)]),
            ]
        )
    _render_map()  # builds the in-memory index of this content revision
    with django_assert_num_queries(1):  # the content revision; counts come from the index
        html = _render_map()
    assert f"beteiligte Gemeinde ({2 * size})" in html


def test_the_outlines_are_one_cacheable_file_the_maps_reference(client, examples):
    geometry = saxony_geometry()
    html = _render_map()
    url = f"/praxisbeispiele/karte/kreise-{geometry.outlines_version}.svg"
    assert f'<use href="{url}#k14612"' in html  # Dresden
    assert geometry.paths["14612"] not in html  # no path data in the page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "immutable" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.count("<path id=") == 13
    assert f'd="{geometry.paths["14612"]}"' in svg
    assert 'fill="' not in svg  # the referencing <use> paints it


def test_the_partner_map_draws_all_outlines_from_the_file(client, saxony):
    example = make_example(municipalities=[_municipality(saxony["14729"], "12.74", "51.36")])
    html = client.get(example.get_absolute_url()).content.decode()
    assert f"kreise-{saxony_geometry().outlines_version}.svg#alle" in html
