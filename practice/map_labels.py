"""Labels for the points of a small map that never overlap.

Each point gets the first of four places (right, left, above, below) where its label stays inside
the view and touches neither an earlier label nor any point; a point without such a place keeps
its dot and goes without a label (the page lists every partner in a table anyway). Text widths
are estimated from the number of characters, generously, as the server cannot measure fonts.
"""

from dataclasses import dataclass

#: Average advance of a character in a sans-serif font, in ems, with room for wide letters.
CHARACTER_WIDTH = 0.62


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, view: "Box") -> bool:
        return (
            self.left >= view.left
            and self.right <= view.right
            and self.top >= view.top
            and self.bottom <= view.bottom
        )


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # the anchor of the SVG text
    y: float  # its baseline
    anchor: str  # text-anchor: start, end or middle
    box: Box


def _candidates(text: str, x: float, y: float, size: float, gap: float) -> list[Label]:
    """The label right of, left of, above and below the point, in this order."""
    width, ascent, descent = len(text) * CHARACTER_WIDTH * size, 0.8 * size, 0.25 * size
    middle = y + 0.35 * size  # the baseline that centres the text on the point
    above, below = y - gap - descent, y + gap + ascent  # baselines
    half = width / 2
    return [
        Label(text, x + gap, middle, "start",
              Box(x + gap, middle - ascent, x + gap + width, middle + descent)),
        Label(text, x - gap, middle, "end",
              Box(x - gap - width, middle - ascent, x - gap, middle + descent)),
        Label(text, x, above, "middle", Box(x - half, above - ascent, x + half, above + descent)),
        Label(text, x, below, "middle", Box(x - half, below - ascent, x + half, below + descent)),
    ]  # fmt: skip


def place_labels(points, view: Box, size: float, radius: float) -> dict[int, Label]:
    """``{index of the point: Label}`` for the points that get a label. ``points`` are
    ``(text, x, y)`` in map units, ``size`` the font size and ``radius`` that of the dots."""
    dots = [Box(x - radius, y - radius, x + radius, y + radius) for _text, x, y in points]
    placed: dict[int, Label] = {}
    order = sorted(range(len(points)), key=lambda i: (points[i][2], points[i][1]))
    for index in order:
        text, x, y = points[index]
        for label in _candidates(text, x, y, size, gap=radius + size * 0.25):
            if not label.box.inside(view):
                continue
            if any(label.box.overlaps(other.box) for other in placed.values()):
                continue
            if any(label.box.overlaps(dot) for dot in dots):
                continue
            placed[index] = label
            break
    return placed
