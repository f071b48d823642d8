"""The measure filters, shared by the HTML list and the API.

Parameter names are German and fixed. The caller passes the base queryset
(``Measure.objects.published()``); invalid values are reported in the form and ignored.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters import (
    CharFilter,
    FilterSet,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
)
from taggit.models import Tag

from catalog.models import Actor, Effort, FieldOfAction, Horizon, Measure
from catalog.search import filter_by_text


def _in_measures(lookup):
    """Match measures related to any chosen object, via ``pk__in`` (no join, no duplicates)."""

    def method(queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Measure.objects.filter(**{f"{lookup}__in": value}).values("pk")
        )

    return method


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    """One filter parameter with its options and how many results each option would give."""

    name: str
    legend: str
    options: list[FacetOption]
    #: A hint shown under the legend, e.g. that only some options are listed.
    note: str = ""
    #: The options depend on other filters: a fetch update sends the facet anew.
    dynamic: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return {option.value: option.count for option in self.options}

    @property
    def has_selection(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass
class Chip:
    """An active filter value and the query string without it (for the removal link)."""

    name: str
    label: str
    query: QueryDict


def active_chips(filterset, labels) -> list[Chip]:
    """One chip per valid active value; ``labels`` maps a parameter to ``value -> label``."""
    data = filterset.data
    chips = []
    for name, value in filterset.cleaned_data.items():
        if value in (None, "", [], ()) or name in ("sortierung",):
            continue
        legend = filterset.filters[name].label
        values = (
            list(value) if isinstance(value, list | tuple) or hasattr(value, "all") else [value]
        )
        for item in values:
            raw = getattr(item, "slug", item)
            label = labels.get(name, {}).get(str(raw)) or str(item)
            query = data.copy()
            remaining = [other for other in data.getlist(name) if other != str(raw)]
            query.setlist(name, remaining)
            query.pop("seite", None)
            chips.append(Chip(name=name, label=f"{legend}: {label}", query=query))
    return chips


class FacetedFilterSet(FilterSet):
    """A FilterSet whose facets count, per option, the results together with the other filters.

    Subclasses list their facet parameters in ``FACETS`` and build them with ``model_facet`` and
    ``choice_facet``: one aggregate query per facet, options and counts from the same query.
    """

    FACETS: tuple[str, ...] = ()
    UNFILTERED = ("sortierung",)  # parameters that do not filter

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            raise TypeError(f"{type(self).__name__} needs the caller's base queryset.")
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)

    @property
    def cleaned_data(self):
        """The valid values; invalid parameters are left out (and reported in ``form.errors``)."""
        self.errors  # noqa: B018  (validates the form)
        return getattr(self.form, "cleaned_data", {})

    def filter_queryset(self, queryset):
        return self.apply_filters(queryset)

    def apply_filters(self, queryset, exclude=None):
        """Apply every valid filter except ``exclude`` (the facet being counted)."""
        for name, value in self.cleaned_data.items():
            if name == exclude or name in self.UNFILTERED:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def queryset_for_facet(self, facet):
        """The base queryset filtered by all active filters except the facet's own."""
        return self.apply_filters(self.queryset.all(), exclude=facet)

    def selected(self, name) -> set[str]:
        value = self.cleaned_data.get(name) or []
        return {str(getattr(item, "slug", item)) for item in value}

    def model_facet(self, name, options, path, label=str, hide_empty=False) -> "Facet":
        """Options are model rows with a slug; ``path`` leads from an option to our model."""
        others = self.queryset_for_facet(name).values("pk")
        rows = options.annotate(
            facet_count=Count(path, filter=Q(**{f"{path}__in": others}), distinct=True)
        )
        selected = self.selected(name)
        if hide_empty:
            rows = rows.filter(Q(facet_count__gt=0) | Q(slug__in=selected))
        return Facet(
            name=name,
            legend=str(self.filters[name].label),
            options=[
                FacetOption(row.slug, label(row), row.facet_count, row.slug in selected)
                for row in rows
            ],
        )

    def choice_facet(self, name, choices, column, annotate=None) -> "Facet":
        """Options are fixed choices stored in (or annotated as) ``column``."""
        model = self.queryset.model
        others = model.objects.filter(pk__in=self.queryset_for_facet(name).values("pk"))
        if annotate is not None:
            others = annotate(others)
        counts = dict(others.order_by().values_list(column).annotate(facet_count=Count("pk")))
        selected = self.selected(name)
        return Facet(
            name=name,
            legend=str(self.filters[name].label),
            options=[
                FacetOption(value, str(label), counts.get(value, 0), value in selected)
                for value, label in choices
            ],
        )

    def chips(self) -> list["Chip"]:
        return active_chips(self, self.choice_labels())

    def choice_labels(self) -> dict[str, dict[str, str]]:
        """``parameter -> value -> label`` for the chips of choice filters."""
        return {
            name: {str(value): str(label) for value, label in self.filters[name].extra["choices"]}
            for name in self.filters
            if "choices" in self.filters[name].extra and name not in self.UNFILTERED
        }


class MeasureFilter(FacetedFilterSet):
    q = CharFilter(label=_("Suchbegriff"), method="filter_text", max_length=200)
    handlungsfeld = ModelMultipleChoiceFilter(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.published(),
        to_field_name="slug",
        method=_in_measures("field_of_action"),
    )
    aufwand = MultipleChoiceFilter(label=_("Aufwand"), field_name="effort", choices=Effort.choices)
    horizont = MultipleChoiceFilter(
        label=_("Zeithorizont"), field_name="horizon", choices=Horizon.choices
    )
    akteur = ModelMultipleChoiceFilter(
        label=_("Akteur"),
        queryset=Actor.objects.all(),
        to_field_name="slug",
        method=_in_measures("actors"),
    )
    schlagwort = ModelMultipleChoiceFilter(
        label=_("Schlagwort"),
        queryset=Tag.objects.all(),
        to_field_name="slug",
        method=_in_measures("tags"),
    )

    FACETS = ("handlungsfeld", "aufwand", "horizont", "akteur", "schlagwort")

    class Meta:
        model = Measure
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return filter_by_text(queryset, value) if value else queryset

    def facets(self) -> list[Facet]:
        return [
            self.model_facet(
                "handlungsfeld", FieldOfAction.objects.published().order_by("number"), "measures"
            ),
            self.choice_facet("aufwand", Effort.choices, "effort"),
            self.choice_facet("horizont", Horizon.choices, "horizon"),
            self.model_facet("akteur", Actor.objects.order_by("order", "name"), "measures"),
            self.model_facet(
                "schlagwort",
                Tag.objects.order_by("name"),
                "catalog_taggedmeasure_items__content_object",
                hide_empty=True,
            ),
        ]
