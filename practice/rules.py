"""The rules of the practice example list, each defined once for both of its paths.

The SQL path (``PracticeExampleFilter.qs``: API, downloads, feeds) and the in-memory index
(``practice.listing``: the HTML list) read the same rules here:

- ``LinkRule``: which rows link an example to a facet option (``rows``, ``example`` and ``key``
  columns). SQL filters by a subquery on those rows; the index reads the same rows as
  ``(example, key)`` pairs. Examples belong to a field of action through their *published*
  measures only (``measure_links``), like everywhere on the site.
- ``SizeClass``: the bounds of the size classes, applied to the population of each
  participating municipality: an example is in every class one of its members is in (issue 13:
  a small Gemeinde finds the cooperations a Gemeinde of its size takes part in). Statewide
  programmes without members are in no class.
- ``Origin``: Saxony or another Land (``herkunft``), from the example's ``federal_state``.
- ``Sort``: the orderings of the list. ``Sort.SAXONY_FIRST`` (the default without a search text)
  puts the examples of one origin first (``Sort.leading``), each part newest first: SQL orders
  by the origin's condition, the index walks the origin's bitset first. Relevance (the default
  with a search text) puts Saxon examples first, too, then the better matches.
"""

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from practice.models import (
    FederalState,
    PracticeExample,
    TaggedPracticeExample,
    measure_links,
)


class SizeClass(models.TextChoices):
    """Size classes of the participating municipalities (population, Zensus 2022)."""

    XS = "xs", _("unter 2.000 Einwohner")
    S = "s", _("2.000 bis 4.999 Einwohner")
    M = "m", _("5.000 bis 9.999 Einwohner")
    L = "l", _("10.000 bis 19.999 Einwohner")
    XL = "xl", _("20.000 bis 49.999 Einwohner")
    XXL = "xxl", _("50.000 Einwohner und mehr")

    @property
    def bounds(self) -> tuple[int, int | None]:
        """Lower bound (inclusive) and upper bound (exclusive, None = open)."""
        members = list(type(self))
        following = members.index(self) + 1
        upper = SIZE_LOWER_BOUNDS[members[following]] if following < len(members) else None
        return SIZE_LOWER_BOUNDS[self], upper

    @classmethod
    def of(cls, population) -> str:
        """The class of a population ("" without a known population). Asked for every link row
        when the list index is built: a binary search over the bounds, not a loop over the enum."""
        if population is None:
            return ""
        bounds, values = _SIZE_STEPS
        step = bisect_right(bounds, population) - 1
        return values[step] if step >= 0 else ""

    @classmethod
    def q(cls, sizes, column: str) -> Q:
        """The rows whose ``column`` lies in any of ``sizes``."""
        condition = Q()
        for size in sizes:
            low, high = cls(size).bounds
            bounded = Q(**{f"{column}__gte": low})
            if high is not None:
                bounded &= Q(**{f"{column}__lt": high})
            condition |= bounded
        return condition


SIZE_LOWER_BOUNDS = {
    SizeClass.XS: 0,
    SizeClass.S: 2_000,
    SizeClass.M: 5_000,
    SizeClass.L: 10_000,
    SizeClass.XL: 20_000,
    SizeClass.XXL: 50_000,
}
_SIZE_STEPS = (list(SIZE_LOWER_BOUNDS.values()), [size.value for size in SIZE_LOWER_BOUNDS])


class Origin(models.TextChoices):
    """Where an example comes from: Saxony (the catalogue's users) or another Land."""

    SAXONY = "sachsen", _("Sachsen")
    ELSEWHERE = "andere", _("andere Länder")

    @classmethod
    def of(cls, federal_state) -> str:
        return cls.SAXONY.value if federal_state == FederalState.SN else cls.ELSEWHERE.value

    @classmethod
    def q(cls, origins, column: str) -> Q:
        """The rows whose ``column`` (a federal state) lies in any of ``origins``."""
        saxon = Q(**{column: FederalState.SN})
        condition = Q()
        for origin in set(origins):
            condition |= saxon if origin == cls.SAXONY else ~saxon
        return condition


class Sort(models.TextChoices):
    SAXONY_FIRST = "sachsen", _("Sachsen zuerst")
    RELEVANCE = "relevanz", _("Relevanz")
    NEWEST = "neueste", _("Neueste zuerst")
    TITLE = "titel", _("Titel (A–Z)")
    START = "beginn", _("Beginn (neueste zuerst)")

    @property
    def leading(self) -> tuple[str, str] | None:
        """``(facet, option)`` whose examples come first, then the rest; None for the plain
        orderings. Saxony first by default and among search results (the catalogue serves
        Saxon municipalities; other Länder are inspiration)."""
        if self in (Sort.SAXONY_FIRST, Sort.RELEVANCE):
            return ("herkunft", Origin.SAXONY.value)
        return None

    @property
    def ordering(self) -> tuple:
        """``order_by`` arguments; relevance needs the ``rank`` of a text search."""
        plain = {
            Sort.SAXONY_FIRST: ("-published_at", "-pk"),
            Sort.RELEVANCE: ("-rank", "title", "pk"),
            Sort.NEWEST: ("-published_at", "-pk"),
            Sort.TITLE: ("title", "pk"),
            Sort.START: (Coalesce("start_year", 0).desc(), "title", "pk"),
        }[self]
        if self.leading:
            facet, option = self.leading
            first = When(RULES[facet].condition([option]), then=Value(0))
            return (Case(first, default=Value(1)).asc(), *plain)
        return plain

    @classmethod
    def default(cls, text: str) -> "Sort":
        return cls.RELEVANCE if text else cls.SAXONY_FIRST


def municipality_links():
    return PracticeExample.municipalities.through.objects.all()


@dataclass(frozen=True)
class LinkRule:
    """An example matches the options whose ``key`` one of its ``rows()`` carries.

    ``rows`` defaults to the examples themselves (a column of the example); ``classes`` maps a
    raw key to an option (``of``) and options to a condition on the key (``q``).
    """

    key: str
    rows: Callable[[], models.QuerySet] | None = None
    example: str = "pk"
    classes: type | None = None

    def condition(self, options) -> Q:
        """The rows (``rows()``, or the examples themselves) matching any of ``options``."""
        keys = [getattr(option, "pk", option) for option in options]
        if self.classes is not None:
            return self.classes.q(keys, self.key)
        return Q(**{f"{self.key}__in": keys})

    def filter(self, queryset, options):
        """SQL: the examples of ``queryset`` matching any of ``options`` (rows or values)."""
        if not options:
            return queryset
        condition = self.condition(options)
        if self.rows is None:
            return queryset.filter(condition)
        # a subquery instead of a join: no duplicate rows, no DISTINCT (which clashes with rank)
        return queryset.filter(pk__in=self.rows().filter(condition).values(self.example))

    def pairs(self):
        """The index: ``(example pk, raw key)`` for every link row (rules with ``rows`` only; the
        index reads the example columns with the examples)."""
        return self.rows().values_list(self.example, self.key).order_by()

    def options(self, pairs):
        """``(example pk, option key)`` from ``(example pk, raw key)``: the class of the key,
        for rules with ``classes``."""
        if self.classes is None:
            return pairs
        return ((pk, key) for pk, raw in pairs if (key := self.classes.of(raw)))


RULES = {
    "handlungsfeld": LinkRule("measure__field_of_action", measure_links, example="practiceexample"),
    "massnahme": LinkRule("measure", measure_links, example="practiceexample"),
    "herkunft": LinkRule("federal_state", classes=Origin),
    "landkreis": LinkRule("municipality__district", municipality_links, "practiceexample"),
    "gemeinde": LinkRule("municipality", municipality_links, example="practiceexample"),
    "form": LinkRule("cooperation_form"),
    "status": LinkRule("status"),
    "groesse": LinkRule(
        "municipality__population", municipality_links, "practiceexample", classes=SizeClass
    ),
    "schlagwort": LinkRule("tag", TaggedPracticeExample.objects.all, example="content_object"),
}
