"""The measure filters and the base of every public list's FilterSet.

Parameter names are German and fixed. The caller passes the base queryset
(``Measure.objects.published()``); invalid values are reported in the form and ignored. Facet
counts are not computed here: ``catalog.measure_facets`` counts the measure list's options,
``practice.listing`` the practice example list's.
"""

from dataclasses import dataclass

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
class Chip:
    """An active filter value and the query string without it (for the removal link)."""

    name: str
    label: str
    query: QueryDict


class ListFilterSet(FilterSet):
    """A public list's FilterSet: the caller's base queryset, the valid values, chips.

    Subclasses list their facet parameters in ``FACETS``.
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
        """Apply every valid filter except ``exclude`` (e.g. the facet being counted)."""
        for name, value in self.cleaned_data.items():
            if name == exclude or name in self.UNFILTERED:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected(self, name) -> set[str]:
        """The chosen values of a multiple-choice parameter, as they appear in the URL."""
        value = self.cleaned_data.get(name) or []
        return {str(getattr(item, "slug", item)) for item in value}

    def chips(self) -> list[Chip]:
        """One chip per valid active value; its link drops that value from the query string.

        A single-valued parameter is dropped whole: its raw text may differ from the cleaned
        value (``?q=Bauhof%20``, ``?von=02018``). A multiple choice keeps its other chosen values,
        written as the list writes them (a value typed as a name, e.g. "Landkreis Bautzen", is
        the slug of what it chose).
        """
        labels = self.choice_labels()
        data = self.data
        chips = []
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], ()) or name in self.UNFILTERED:
                continue
            legend = self.filters[name].label
            several = isinstance(value, list | tuple) or hasattr(value, "all")
            items = list(value) if several else [value]
            values = [str(getattr(item, "slug", item)) for item in items]
            for item, chosen in zip(items, values, strict=True):
                label = labels.get(name, {}).get(chosen) or str(item)
                query = data.copy()
                if several:
                    query.setlist(name, [other for other in values if other != chosen])
                else:
                    query.pop(name, None)
                query.pop("seite", None)
                chips.append(Chip(name=name, label=f"{legend}: {label}", query=query))
        return chips

    def choice_labels(self) -> dict[str, dict[str, str]]:
        """``parameter -> value -> label`` for the chips of choice filters."""
        return {
            name: {str(value): str(label) for value, label in self.filters[name].extra["choices"]}
            for name in self.filters
            if "choices" in self.filters[name].extra and name not in self.UNFILTERED
        }


class MeasureFilter(ListFilterSet):
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
