"""The map of Saxony as inline SVG: district outlines from ``content/geo``, no tiles, no requests.

Coordinates are projected with a simple equirectangular projection whose longitudes are scaled
by cos(mean latitude), good enough for a state of Saxony's size. The path strings are built once
per process; the numbers on top of them come from the database on every request.
"""

import functools
import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from practice.map_labels import Box, Label, place_labels
from practice.models import District, Municipality

GEO_DIR = settings.BASE_DIR / "content" / "geo"
DISTRICTS_FILE = GEO_DIR / "saxony-districts.geojson"
ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
ATTRIBUTION_URL = "https://www.bkg.bund.de"

MAP_WIDTH = 600
MAP_PADDING = 6
#: Points closer than this (in SVG units) to the previously kept point are dropped.
SIMPLIFY_TOLERANCE = 0.8
#: Sequential blues from "none" to "many"; neighbouring steps differ clearly, and the darker
#: steps carry white text in the legend. Step 0 means "no example".
STEP_COLOURS = ("#eef1f5", "#c6dbef", "#6baed6", "#2f7ebc", "#0b3d6e")


@dataclass(frozen=True)
class Projection:
    min_lon: float
    max_lat: float
    x_scale: float
    scale: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = MAP_PADDING + (lon - self.min_lon) * self.x_scale * self.scale
        y = MAP_PADDING + (self.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)


@dataclass(frozen=True)
class SaxonyGeometry:
    projection: Projection
    width: int
    height: int
    paths: dict[str, str]  # district key (AGS, 5 digits) → SVG path data
    centres: dict[str, tuple[float, float]]

    @functools.cached_property
    def outlines_svg(self) -> str:
        """The district outlines as an SVG document of their own, one ``<path id="k…">`` per
        district inside ``<g id="alle">``. Map pages reference them with ``<use>`` instead of
        repeating 7 KB of path data in every page; the browser loads the file once and keeps it
        (``practice.views.map_outlines``). The paths carry no paint: the referencing ``<use>``
        gives fill and stroke."""
        paths = "".join(f'<path id="k{key}" d="{path}"/>' for key, path in self.paths.items())
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}">'
            f'<g id="alle">{paths}</g></svg>\n'
        )

    @functools.cached_property
    def outlines_version(self) -> str:
        """A short digest of the outlines, part of their URL so browsers may keep them forever."""
        return hashlib.sha256(self.outlines_svg.encode()).hexdigest()[:12]


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"Unerwarteter Geometrietyp: {geometry['type']}")


def _ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring as SVG path data: whole units, relative moves after the first point.

    A map unit is a pixel at the map's full width, so whole units lose nothing visible, and
    relative moves of a few units take a third of the characters of absolute decimals. Points
    are rounded before the differences are taken, so nothing drifts and the borders two
    districts share stay identical.
    """
    kept = [points[0]]
    for point in points[1:]:
        last = kept[-1]
        if math.hypot(point[0] - last[0], point[1] - last[1]) >= SIMPLIFY_TOLERANCE:
            kept.append(point)
    rounded = [(round(x), round(y)) for x, y in kept]
    rounded = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    if len(rounded) < 3:
        return ""
    (x0, y0), moves = rounded[0], []
    for (ax, ay), (bx, by) in itertools.pairwise(rounded):
        moves.extend((bx - ax, by - ay))
    return f"M{x0} {y0}l{_join_numbers(moves)}Z"


def _join_numbers(numbers) -> str:
    """SVG numbers separated by a space, or by nothing before a minus sign."""
    text = ""
    for number in numbers:
        if text and number >= 0:
            text += " "
        text += str(number)
    return text


@functools.cache
def saxony_geometry() -> SaxonyGeometry:
    """Read the district outlines once per process and turn them into SVG path strings."""
    with DISTRICTS_FILE.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    rings = [
        ring
        for feature in features
        for polygon in _polygons(feature["geometry"])
        for ring in polygon
    ]
    lons = [lon for ring in rings for lon, _lat in ring]
    lats = [lat for ring in rings for _lon, lat in ring]
    x_scale = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = (MAP_WIDTH - 2 * MAP_PADDING) / ((max(lons) - min(lons)) * x_scale)
    projection = Projection(min(lons), max(lats), x_scale, scale)
    height = math.ceil((max(lats) - min(lats)) * scale + 2 * MAP_PADDING)

    paths, centres = {}, {}
    for feature in features:
        key = feature["properties"]["ags"]
        polygons = _polygons(feature["geometry"])
        paths[key] = "".join(
            _ring_path([projection(lon, lat) for lon, lat in ring])
            for polygon in polygons
            for ring in polygon
        )
        outer = max((polygon[0] for polygon in polygons), key=len)
        xs, ys = zip(*(projection(lon, lat) for lon, lat in outer), strict=True)
        centres[key] = (round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1))
    return SaxonyGeometry(projection, MAP_WIDTH, height, paths, centres)


def colour_step(count: int, maximum: int) -> int:
    """0 for none, then 1–4 in equal parts of the maximum."""
    if count <= 0 or maximum <= 0:
        return 0
    steps = len(STEP_COLOURS) - 1
    return max(1, min(steps, math.ceil(count * steps / maximum)))


def legend(maximum: int) -> list[dict]:
    """One entry per colour step that can occur, with the range of counts it stands for."""
    entries = [{"step": 0, "colour": STEP_COLOURS[0], "label": "keine"}]
    steps = len(STEP_COLOURS) - 1
    if maximum <= 0:
        return entries
    lower = 1
    for step in range(1, steps + 1):
        upper = math.floor(maximum * step / steps)
        if upper < lower:
            continue
        label = str(lower) if lower == upper else f"{lower}–{upper}"
        entries.append({"step": step, "colour": STEP_COLOURS[step], "label": label})
        lower = upper + 1
    return entries


@dataclass
class MapDistrict:
    district: District
    key: str  # AGS of the district: its outline is ``#k<key>`` in the outlines file
    path: str
    centre: tuple[float, float]
    count: int
    step: int
    href: str = ""

    @property
    def colour(self) -> str:
        return STEP_COLOURS[self.step]


@dataclass
class MapPoint:
    municipality: Municipality
    x: float
    y: float
    count: int = 0


@dataclass
class DistrictMap:
    width: int
    height: int
    districts: list[MapDistrict]
    points: list[MapPoint]
    legend: list[dict]
    attribution: str = ATTRIBUTION
    attribution_url: str = ATTRIBUTION_URL
    lines: list[tuple[MapPoint, MapPoint]] = field(default_factory=list)
    # The partner map: a part of the map, its dots and non-overlapping labels.
    view_box: str = ""
    labels: list[Label] = field(default_factory=list)
    label_size: float = 12
    dot_radius: float = 4.5
    line_width: float = 2

    @property
    def outlines_url(self) -> str:
        return reverse("practice:map-outlines", args=[saxony_geometry().outlines_version])

    @property
    def points_path(self) -> str:
        """All points as the data of one SVG path: a zero-length line per point, which a round
        line cap draws as a dot. Hundreds of points cost a few characters each this way instead
        of a ``<circle>`` element each (the list page must stay small at any data size)."""
        moves, last = [], (0, 0)
        for point in sorted(self.points, key=lambda p: (round(p.y), round(p.x))):
            x, y = round(point.x), round(point.y)
            if (x, y) == last and moves:
                continue
            moves.append(f"m{_join_numbers((x - last[0], y - last[1]))}h0")
            last = (x, y)
        return "M" + "".join(moves)[1:] if moves else ""


def _point(municipality: Municipality, count: int = 0) -> MapPoint | None:
    if municipality.longitude is None or municipality.latitude is None:
        return None
    x, y = saxony_geometry().projection(
        float(Decimal(municipality.longitude)), float(Decimal(municipality.latitude))
    )
    return MapPoint(municipality, x, y, count)


def build_district_map(districts, municipalities, href=lambda district: "") -> DistrictMap:
    """Districts shaded by their number of examples, municipalities with examples as points.

    Both arguments are ``(row, count)`` pairs, as ``ExampleListing.map_counts`` gives them:
    the same counts as the list's facets, from the in-memory index, no query. ``href`` gives
    the link of a district.
    """
    geometry = saxony_geometry()
    maximum = max((count for _district, count in districts), default=0)
    shapes = [
        MapDistrict(
            district=district,
            key=district.key,
            path=geometry.paths.get(district.key, ""),
            centre=geometry.centres.get(district.key, (0, 0)),
            count=count,
            step=colour_step(count, maximum),
            href=href(district),
        )
        for district, count in districts
    ]
    points = [p for m, count in municipalities if (p := _point(m, count))]
    return DistrictMap(
        width=geometry.width,
        height=geometry.height,
        districts=shapes,
        points=points,
        legend=legend(maximum),
    )


def minimum_spanning_lines(points: list[MapPoint]) -> list[tuple[MapPoint, MapPoint]]:
    """Connect all partners with the shortest set of lines (Prim's algorithm): every partner is
    visibly linked, without the clutter of a line between every pair."""
    if len(points) < 2:
        return []
    connected, remaining, lines = [points[0]], list(points[1:]), []
    while remaining:
        a, b = min(
            ((a, b) for a in connected for b in remaining),
            key=lambda pair: math.hypot(pair[0].x - pair[1].x, pair[0].y - pair[1].y),
        )
        lines.append((a, b))
        connected.append(b)
        remaining.remove(b)
    return lines


#: The partner map shows at least this much of Saxony's width around the partners (map units),
#: so the district borders around them still tell where they are.
PARTNER_VIEW_MIN_WIDTH = 220


def _partner_view(points, geometry) -> Box:
    """The part of the map around the points, in the full map's proportions, inside the map."""
    margin = PARTNER_VIEW_MIN_WIDTH / 6
    xs, ys = [p.x for p in points], [p.y for p in points]
    ratio = geometry.height / geometry.width
    width = max(
        PARTNER_VIEW_MIN_WIDTH,
        max(xs) - min(xs) + 2 * margin,
        (max(ys) - min(ys) + 2 * margin) / ratio,
    )
    width = min(width, geometry.width)
    height = width * ratio
    left = min(max((min(xs) + max(xs) - width) / 2, 0), geometry.width - width)
    top = min(max((min(ys) + max(ys) - height) / 2, 0), geometry.height - height)
    return Box(round(left, 1), round(top, 1), round(left + width, 1), round(top + height, 1))


def build_partner_map(municipalities) -> DistrictMap:
    """The district outlines around the example's partner municipalities, connected by lines,
    each named by a label that overlaps no other (``practice.map_labels``)."""
    geometry = saxony_geometry()
    points = [p for m in municipalities if (p := _point(m))]
    shapes = [
        MapDistrict(
            district=None, key=key, path=path, centre=geometry.centres[key], count=0, step=0
        )
        for key, path in geometry.paths.items()
    ]
    built = DistrictMap(
        width=geometry.width,
        height=geometry.height,
        districts=shapes,
        points=points,
        legend=[],
        lines=minimum_spanning_lines(points),
    )
    if points:
        view = _partner_view(points, geometry)
        span = view.right - view.left
        built.view_box = f"{view.left:g} {view.top:g} {span:g} {view.bottom - view.top:g}"
        built.label_size = round(span / 28, 2)
        built.dot_radius = round(span / 55, 2)
        built.line_width = round(span / 200, 2)
        labels = place_labels(
            [(p.municipality.name, p.x, p.y) for p in points],
            view,
            built.label_size,
            built.dot_radius,
        )
        built.labels = [labels[index] for index in sorted(labels)]
    return built


EARTH_RADIUS_KM = 6371.0


def haversine_km(lon1, lat1, lon2, lat2) -> float:
    """Great-circle distance between two points given in degrees."""
    lon1, lat1, lon2, lat2 = (math.radians(float(v)) for v in (lon1, lat1, lon2, lat2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km(a: Municipality, b: Municipality) -> float | None:
    if None in (a.longitude, a.latitude, b.longitude, b.latitude):
        return None
    return haversine_km(a.longitude, a.latitude, b.longitude, b.latitude)
