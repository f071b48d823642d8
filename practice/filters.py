"""The practice example filters, shared by the HTML list, the API, the map and the exports.

The parameter names are German and fixed (they are part of shareable URLs). The caller passes the
base queryset (``PracticeExample.objects.published()``), so every consumer decides visibility.
Invalid values never raise: the form reports them with Django's German messages and the filter is
ignored (``FilterSet.qs`` only applies cleaned values).
"""

from functools import cached_property

from django import forms
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_filters import (
    CharFilter,
    ChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    NumberFilter,
)
from taggit.models import Tag

from catalog.filters import Facet, FacetedFilterSet, FacetOption
from catalog.models import FieldOfAction, Measure
from catalog.search import filter_by_text
from practice.facet_index import ExampleIndex, current_index
from practice.models import (
    CooperationForm,
    District,
    ExampleStatus,
    Municipality,
    PracticeExample,
)


class SizeClass:
    """Size of a cooperation by the total population of its participating municipalities."""

    CHOICES = [
        ("xs", _("unter 2.000 Einwohner")),
        ("s", _("2.000 bis 4.999 Einwohner")),
        ("m", _("5.000 bis 9.999 Einwohner")),
        ("l", _("10.000 bis 19.999 Einwohner")),
        ("xl", _("20.000 bis 49.999 Einwohner")),
        ("xxl", _("50.000 Einwohner und mehr")),
    ]
    # Lower bound (inclusive) and upper bound (exclusive, None = open) of each class.
    BOUNDS = {
        "xs": (0, 2_000),
        "s": (2_000, 5_000),
        "m": (5_000, 10_000),
        "l": (10_000, 20_000),
        "xl": (20_000, 50_000),
        "xxl": (50_000, None),
    }

    @classmethod
    def of(cls, total) -> str:
        """The class of a total population ("" without a known population)."""
        if total is None:
            return ""
        for size, (low, high) in cls.BOUNDS.items():
            if total >= low and (high is None or total < high):
                return size
        return ""

    @classmethod
    def q(cls, size, field="total_population"):
        low, high = cls.BOUNDS[size]
        condition = Q(**{f"{field}__gte": low})
        if high is not None:
            condition &= Q(**{f"{field}__lt": high})
        return condition


class Sort:
    RELEVANCE = "relevanz"
    NEWEST = "neueste"
    TITLE = "titel"
    START = "beginn"
    CHOICES = [
        (RELEVANCE, _("Relevanz")),
        (NEWEST, _("Neueste zuerst")),
        (TITLE, _("Titel (A–Z)")),
        (START, _("Beginn (neueste zuerst)")),
    ]


def _in_examples(lookup):
    """A filter method matching examples related to any of the chosen objects.

    It filters by ``pk__in`` a subquery instead of joining, so the result has no duplicates and
    needs no ``DISTINCT`` (which would clash with ordering by rank).
    """

    def method(queryset, name, value):
        if not value:
            return queryset
        matching = PracticeExample.objects.filter(**{f"{lookup}__in": value}).values("pk")
        return queryset.filter(pk__in=matching)

    return method


class PracticeExampleFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("von"), cleaned_data.get("bis")
        if start is not None and end is not None and end < start:
            self.add_error("bis", _("Das Jahr „bis“ liegt vor dem Jahr „von“."))
        return cleaned_data


class PracticeExampleFilter(FacetedFilterSet):
    q = CharFilter(label=_("Suchbegriff"), method="filter_text", max_length=200)
    handlungsfeld = ModelMultipleChoiceFilter(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.published(),
        to_field_name="slug",
        method=_in_examples("measures__field_of_action"),
    )
    massnahme = ModelMultipleChoiceFilter(
        label=_("Maßnahme"),
        queryset=Measure.objects.published(),
        to_field_name="slug",
        method=_in_examples("measures"),
    )
    landkreis = ModelMultipleChoiceFilter(
        label=_("Landkreis / kreisfreie Stadt"),
        queryset=District.objects.all(),
        to_field_name="slug",
        method=_in_examples("municipalities__district"),
    )
    gemeinde = ModelMultipleChoiceFilter(
        label=_("Gemeinde"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method=_in_examples("municipalities"),
    )
    form = ModelMultipleChoiceFilter(
        label=_("Kooperationsform"),
        queryset=CooperationForm.objects.all(),
        to_field_name="slug",
        method=_in_examples("cooperation_form"),
    )
    status = MultipleChoiceFilter(
        label=_("Stand"), choices=ExampleStatus.choices, method="filter_status"
    )
    von = NumberFilter(
        label=_("Beginn ab Jahr"),
        field_name="start_year",
        lookup_expr="gte",
        min_value=1900,
        max_value=2100,
    )
    bis = NumberFilter(
        label=_("Beginn bis Jahr"),
        field_name="start_year",
        lookup_expr="lte",
        min_value=1900,
        max_value=2100,
    )
    groesse = MultipleChoiceFilter(
        label=_("Größe der Kooperation"), choices=SizeClass.CHOICES, method="filter_size"
    )
    schlagwort = ModelMultipleChoiceFilter(
        label=_("Schlagwort"),
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method=_in_examples("tags"),
    )
    sortierung = ChoiceFilter(
        label=_("Sortierung"),
        choices=Sort.CHOICES,
        method="sort",
        empty_label=None,
    )

    # Facets are computed by applying every active filter except the facet's own.
    FACETS = (
        "handlungsfeld",
        "massnahme",
        "landkreis",
        "gemeinde",
        "form",
        "status",
        "groesse",
        "schlagwort",
    )

    class Meta:
        model = PracticeExample
        form = PracticeExampleFilterForm
        fields = []

    # -- filter methods ----------------------------------------------------------------------

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return filter_by_text(queryset, value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=value) if value else queryset

    def filter_size(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for size in value:
            condition |= SizeClass.q(size)
        return queryset.with_total_population().filter(condition)

    def sort(self, queryset, name, value):
        # Ordering is applied in filter_queryset after all filters (it needs to know about q).
        return queryset

    # -- the FilterSet API -------------------------------------------------------------------

    def filter_queryset(self, queryset):
        return self.order(self.apply_filters(queryset))

    @property
    def text(self) -> str:
        return (self.cleaned_data.get("q") or "").strip()

    @property
    def sort_key(self) -> str:
        chosen = self.cleaned_data.get("sortierung")
        if chosen:
            return chosen
        return Sort.RELEVANCE if self.text else Sort.NEWEST

    def order(self, queryset):
        key = self.sort_key
        if key == Sort.RELEVANCE and self.text:
            return queryset.order_by("-rank", "title", "pk")
        if key == Sort.TITLE:
            return queryset.order_by("title", "pk")
        if key == Sort.START:
            return queryset.order_by(Coalesce("start_year", 0).desc(), "title", "pk")
        return queryset.order_by("-published_at", "-pk")

    # -- facets, counts and pages from the in-memory index ----------------------------------------
    #
    # The list page reads its facets, result count, map and page of results from
    # ``practice.facet_index`` (which holds every published example), the API, the downloads and
    # the feeds filter in SQL through ``qs``. The tests hold both to the same results.

    HIDE_EMPTY = {"massnahme", "gemeinde", "schlagwort"}
    MUNICIPALITIES_WITHOUT_DISTRICT = 12

    @cached_property
    def index(self) -> ExampleIndex:
        return current_index()

    @cached_property
    def _ranked_pks(self) -> list[int]:
        """The published examples matching ``q``, best first (the database does the search)."""
        ranked = filter_by_text(PracticeExample.objects.published(), self.text)
        pks = ranked.order_by("-rank", "title", "pk").values_list("pk", flat=True)
        return list(dict.fromkeys(pks))

    @cached_property
    def _constraints(self) -> tuple[int, dict[str, int]]:
        """The bits left by the filters that are not facets (text, years) and, per active
        facet, the union of its chosen options."""
        index, data = self.index, self.cleaned_data
        fixed = index.all
        if self.text:
            fixed &= index.bits_of(self._ranked_pks)
        if data.get("von") is not None or data.get("bis") is not None:
            fixed &= index.years_between(data.get("von"), data.get("bis"))
        chosen = {
            name: index.union(name, selected)
            for name in self.FACETS
            if (selected := self.selected(name))
        }
        return fixed, chosen

    def matching_bits(self, exclude: str | None = None) -> int:
        """The examples every active filter (but ``exclude``) leaves, as index bits."""
        bits, chosen = self._constraints
        for name, union in chosen.items():
            if name != exclude:
                bits &= union
        return bits

    def facets(self) -> list[Facet]:
        """Every facet with the count each option would give together with the other filters."""
        facets = []
        for name in self.FACETS:
            others = self.matching_bits(exclude=name)
            selected = self.selected(name)
            options = [
                FacetOption(
                    option.value,
                    option.label,
                    (option.bits & others).bit_count(),
                    option.value in selected,
                )
                for option in self.index.facets[name].values()
            ]
            if name in self.HIDE_EMPTY:
                options = [option for option in options if option.count or option.selected]
            facet = Facet(name, str(self.filters[name].label), options)
            if name == "gemeinde":
                self._narrow_municipalities(facet)
            facets.append(facet)
        return facets

    def _narrow_municipalities(self, facet: Facet) -> None:
        """All of Saxony's 419 municipalities make a list nobody can scan (and a third of the
        page). With districts chosen, list their municipalities; without, the ones with the
        most examples. Chosen municipalities always stay."""
        facet.dynamic = True
        rows = {value: option.row for value, option in self.index.facets["gemeinde"].items()}
        districts = {
            option.row.pk
            for value, option in self.index.facets["landkreis"].items()
            if value in self.selected("landkreis")
        }
        if districts:
            facet.options = [
                option
                for option in facet.options
                if option.selected or rows[option.value].district_id in districts
            ]
            facet.note = str(_("Gemeinden im gewählten Kreis."))
            return
        if len(facet.options) <= self.MUNICIPALITIES_WITHOUT_DISTRICT:
            return
        top = sorted(facet.options, key=lambda option: -option.count)
        kept = {option.value for option in top[: self.MUNICIPALITIES_WITHOUT_DISTRICT]}
        facet.options = [o for o in facet.options if o.value in kept or o.selected]
        facet.note = str(
            _(
                "Die %(count)d Gemeinden mit den meisten Beispielen. Wählen Sie einen Landkreis, "
                "um alle seine Gemeinden zu sehen."
            )
            % {"count": self.MUNICIPALITIES_WITHOUT_DISTRICT}
        )

    def map_counts(self) -> tuple[list, list]:
        """``(district, count)`` and ``(municipality, count)`` for the map: like a facet, every
        filter but the district's own, so a district's number is what a click on it shows."""
        others = self.matching_bits(exclude="landkreis")
        index = self.index
        districts = [
            (option.row, (option.bits & others).bit_count())
            for option in index.facets["landkreis"].values()
        ]
        municipalities = [
            (option.row, count)
            for option in index.facets["gemeinde"].values()
            if (count := (option.bits & others).bit_count())
        ]
        return districts, municipalities

    def results(self, queryset) -> "IndexedResults":
        """The filtered, sorted examples for the paginator; ``queryset`` loads one page's rows."""
        key, index = self.sort_key, self.index
        if key == Sort.RELEVANCE and self.text:
            order = [p for pk in self._ranked_pks if (p := index.position(pk)) is not None]
        elif key in (Sort.TITLE, Sort.START):
            order = index.order("titel" if key == Sort.TITLE else "beginn")
        else:
            order = None  # newest first: the index's own order
        return IndexedResults(index, self.matching_bits(), order, queryset)


class IndexedResults:
    """A sequence for Django's Paginator: the count and a page's pks come from the index, the
    rows of that page from ``queryset`` (one query plus its prefetches)."""

    def __init__(self, index: ExampleIndex, bits: int, order, queryset):
        self.index, self.bits, self.order, self.queryset = index, bits, order, queryset

    def count(self) -> int:
        return self.bits.bit_count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("IndexedResults supports only slices without a step.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        pks = self.index.page(self.bits, start, max(stop - start, 0), self.order)
        rows = {row.pk: row for row in self.queryset.filter(pk__in=pks)} if pks else {}
        return [rows[pk] for pk in pks if pk in rows]
