"""The practice example filters, shared by the HTML list, the API, the map and the exports.

The parameter names are German and fixed (they are part of shareable URLs). The caller passes the
base queryset (``PracticeExample.objects.published()``), so every consumer decides visibility.
Invalid values never raise: the form reports them with Django's German messages and the filter is
ignored (``FilterSet.qs`` only applies cleaned values).
"""

from collections import Counter

from django import forms
from django.db.models import (
    Q,
    Sum,
)
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

    # -- facets ------------------------------------------------------------------------------

    def facets(self) -> list[Facet]:
        """Every facet with the count each option would give together with the other filters.

        One aggregate query per facet: options and their counts come from the same query. The
        options load only the columns their labels need: PostgreSQL sorts the joined rows for
        the grouping, and the long text columns pushed that sort to disk (docs/PERFORMANCE.md).
        """
        return [
            self.model_facet(
                "handlungsfeld",
                FieldOfAction.objects.published()
                .order_by("number")
                .only("slug", "number", "title"),
                "measures__practice_examples",
                label=str,
            ),
            self.model_facet(
                "massnahme",
                Measure.objects.published()
                .for_list()
                .only("slug", "number", "title", "field_of_action__number"),
                "practice_examples",
                label=lambda measure: f"{measure.code} {measure.title}",
                hide_empty=True,
            ),
            self.model_facet(
                "landkreis",
                District.objects.order_by("name").only("slug", "name"),
                "municipalities__practice_examples",
            ),
            self.model_facet(
                "gemeinde",
                Municipality.objects.order_by("name").only("slug", "name"),
                "practice_examples",
                hide_empty=True,
            ),
            self.model_facet(
                "form",
                CooperationForm.objects.order_by("order", "name").only("slug", "name"),
                "practice_examples",
            ),
            self.choice_facet("status", ExampleStatus.choices, "status"),
            self.size_facet(),
            self.model_facet(
                "schlagwort",
                Tag.objects.order_by("name"),
                "practice_taggedpracticeexample_items__content_object",
                hide_empty=True,
            ),
        ]

    def size_facet(self) -> Facet:
        """Counts per size class from one grouped query over the participants' link table.

        Annotating every example with its class and grouping by it made
        PostgreSQL run the population subquery once per example and class: 84 s at 100,000
        examples; this takes well under a second (docs/PERFORMANCE.md).
        """
        others = self.queryset_for_facet("groesse").values("pk")
        totals = (
            PracticeExample.municipalities.through.objects.filter(practiceexample__in=others)
            .order_by()
            .values("practiceexample")
            .annotate(total=Sum("municipality__population"))
            .values_list("total", flat=True)
        )
        counts = Counter(SizeClass.of(total) for total in totals)
        selected = self.selected("groesse")
        return Facet(
            name="groesse",
            legend=str(self.filters["groesse"].label),
            options=[
                FacetOption(value, str(label), counts.get(value, 0), value in selected)
                for value, label in SizeClass.CHOICES
            ],
        )
