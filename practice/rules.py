"""The rules of the practice example list, each defined once for both of its paths.

The SQL path (``PracticeExampleFilter.qs``: API, downloads, feeds) and the in-memory index
(``practice.listing``: the HTML list) read the same rules here:

- ``LinkRule``: which rows link an example to a facet option (``rows``, ``example`` and ``key``
  columns). SQL filters by a subquery on those rows; the index reads the same rows as
  ``(example, key)`` pairs. Examples belong to a field of action through their *published*
  measures only (``measure_links``), like everywhere on the site.
- ``SizeClass``: the bounds of the size classes, applied to ``population_totals()`` (the one
  definition of an example's total population).
- ``Sort``: the orderings of the list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from practice.models import (
    PracticeExample,
    TaggedPracticeExample,
    measure_links,
    population_totals,
)


class SizeClass(models.TextChoices):
    """Size of a cooperation by the total population of its participating municipalities."""

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
    def of(cls, total) -> str:
        """The class of a total population ("" without a known population)."""
        if total is None:
            return ""
        found = ""
        for size in cls:
            if total >= SIZE_LOWER_BOUNDS[size]:
                found = size.value
        return found

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


class Sort(models.TextChoices):
    RELEVANCE = "relevanz", _("Relevanz")
    NEWEST = "neueste", _("Neueste zuerst")
    TITLE = "titel", _("Titel (A–Z)")
    START = "beginn", _("Beginn (neueste zuerst)")

    @property
    def ordering(self) -> tuple:
        """``order_by`` arguments; relevance needs the ``rank`` of a text search."""
        return {
            Sort.RELEVANCE: ("-rank", "title", "pk"),
            Sort.NEWEST: ("-published_at", "-pk"),
            Sort.TITLE: ("title", "pk"),
            Sort.START: (Coalesce("start_year", 0).desc(), "title", "pk"),
        }[self]

    @classmethod
    def default(cls, text: str) -> "Sort":
        return cls.RELEVANCE if text else cls.NEWEST


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

    def filter(self, queryset, options):
        """SQL: the examples of ``queryset`` matching any of ``options`` (rows or values)."""
        if not options:
            return queryset
        keys = [getattr(option, "pk", option) for option in options]
        if self.classes is not None:
            condition = self.classes.q(keys, self.key)
        else:
            condition = Q(**{f"{self.key}__in": keys})
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
    "landkreis": LinkRule("municipality__district", municipality_links, "practiceexample"),
    "gemeinde": LinkRule("municipality", municipality_links, example="practiceexample"),
    "form": LinkRule("cooperation_form"),
    "status": LinkRule("status"),
    "groesse": LinkRule("total", population_totals, "practiceexample", classes=SizeClass),
    "schlagwort": LinkRule("tag", TaggedPracticeExample.objects.all, example="content_object"),
}
