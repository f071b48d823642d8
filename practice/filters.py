"""The practice example filters: they parse and validate the list's parameters for every path.

The HTML list (``practice.listing``), the API, the downloads and the feeds all read the query
string through ``PracticeExampleFilter``. The parameter names are German and fixed (they are part of
shareable URLs). The caller passes the base queryset (``PracticeExample.objects.published()``), so
every consumer decides visibility. Invalid values never raise: the form reports them with Django's
German messages and the filter is ignored (``FilterSet.qs`` only applies cleaned values).

What a facet option matches, the size classes and the orderings are ``practice.rules``: ``qs``
applies them in SQL, the HTML list through the in-memory index.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import (
    CharFilter,
    ChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    NumberFilter,
)
from taggit.models import Tag

from catalog.filters import ListFilterSet
from catalog.models import FieldOfAction, Measure
from catalog.search import filter_by_text
from catalog.text import german_slugify
from practice.models import CooperationForm, District, ExampleStatus, Municipality, PracticeExample
from practice.rules import RULES, Origin, SizeClass, Sort


def _by_rule(queryset, name, value):
    return RULES[name].filter(queryset, value)


class PracticeExampleFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("von"), cleaned_data.get("bis")
        if start is not None and end is not None and end < start:
            self.add_error("bis", _("Das Jahr „bis“ liegt vor dem Jahr „von“."))
        return cleaned_data


class DistrictField(ModelMultipleChoiceFilter.field_class):
    """Also takes a district's official name, as people copy it: "Landkreis Bautzen" finds
    ``bautzen``, "Stadt Leipzig" or "Kreisfreie Stadt Leipzig" ``leipzig`` ("Landkreis Leipzig"
    is a slug of its own). Only a value that is not a slug is looked up a second time."""

    PREFIXES = ("landkreis-", "kreisfreie-stadt-", "stadt-")

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except forms.ValidationError as unknown:
            plain = [self.without_prefix(str(v)) for v in value]
            if plain == [str(v) for v in value]:
                raise
            try:
                return super()._check_values(plain)
            except forms.ValidationError:
                raise unknown from None

    @classmethod
    def without_prefix(cls, slug: str) -> str:
        for prefix in cls.PREFIXES:
            if slug.startswith(prefix):
                return slug.removeprefix(prefix)
        return slug


class DistrictFilter(ModelMultipleChoiceFilter):
    field_class = DistrictField


class PracticeExampleFilter(ListFilterSet):
    """The facet filters (``FACETS``, in the order the list shows them) list their options in
    that order: the querysets and choices here are the facets' options."""

    q = CharFilter(label=_("Suchbegriff"), method="filter_text", max_length=200)
    handlungsfeld = ModelMultipleChoiceFilter(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.published().order_by("number"),
        to_field_name="slug",
        method=_by_rule,
    )
    massnahme = ModelMultipleChoiceFilter(
        label=_("Maßnahme"),
        queryset=Measure.objects.published().for_list(),
        to_field_name="slug",
        method=_by_rule,
    )
    herkunft = MultipleChoiceFilter(label=_("Herkunft"), choices=Origin.choices, method=_by_rule)
    landkreis = DistrictFilter(
        label=_("Landkreis / kreisfreie Stadt"),
        queryset=District.objects.order_by("name"),
        to_field_name="slug",
        method=_by_rule,
    )
    gemeinde = ModelMultipleChoiceFilter(
        label=_("Gemeinde"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        method=_by_rule,
    )
    form = ModelMultipleChoiceFilter(
        label=_("Kooperationsform"),
        queryset=CooperationForm.objects.order_by("order", "name"),
        to_field_name="slug",
        method=_by_rule,
    )
    status = MultipleChoiceFilter(label=_("Stand"), choices=ExampleStatus.choices, method=_by_rule)
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
        label=_("Größe der beteiligten Gemeinden"), choices=SizeClass.choices, method=_by_rule
    )
    schlagwort = ModelMultipleChoiceFilter(
        label=_("Schlagwort"),
        queryset=Tag.objects.order_by("name"),
        to_field_name="slug",
        method=_by_rule,
    )
    sortierung = ChoiceFilter(
        label=_("Sortierung"),
        choices=Sort.choices,
        method="sort",
        empty_label=None,
    )

    FACETS = tuple(RULES)
    #: Parameters whose values are slugs of rows: "Bautzen" or "Görlitz" (a name typed into the
    #: address) finds "bautzen" and "goerlitz".
    SLUG_PARAMETERS = ("handlungsfeld", "massnahme", "landkreis", "gemeinde", "form")
    #: Parameters with fixed lower-case keys: "Sachsen" finds "sachsen".
    KEY_PARAMETERS = ("herkunft", "status", "groesse", "sortierung")

    class Meta:
        model = PracticeExample
        form = PracticeExampleFilterForm
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(self.normalised(data), queryset, **kwargs)

    @classmethod
    def normalised(cls, data):
        """A ``QueryDict`` with slugs and keys as the list writes them (a copy)."""
        if not hasattr(data, "getlist") or not any(
            name in data for name in cls.SLUG_PARAMETERS + cls.KEY_PARAMETERS
        ):
            return data
        data = data.copy()
        for name in cls.SLUG_PARAMETERS:
            if name in data:
                data.setlist(name, [german_slugify(v) or v for v in data.getlist(name)])
        for name in cls.KEY_PARAMETERS:
            if name in data:
                data.setlist(name, [v.strip().lower() for v in data.getlist(name)])
        return data

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return filter_by_text(queryset, value)

    def sort(self, queryset, name, value):
        # Ordering is applied in filter_queryset after all filters (it needs to know about q).
        return queryset

    def filter_queryset(self, queryset):
        return self.apply_filters(queryset).order_by(*self.sort_key.ordering)

    @property
    def text(self) -> str:
        return (self.cleaned_data.get("q") or "").strip()

    @property
    def sort_key(self) -> Sort:
        """The chosen order; relevance only with a search text (else newest first)."""
        chosen = self.cleaned_data.get("sortierung")
        if chosen and (chosen != Sort.RELEVANCE or self.text):
            return Sort(chosen)
        return Sort.default(self.text)

    #: How a facet labels its options when the row's ``str()`` is not the label.
    OPTION_LABELS = {"massnahme": lambda measure: f"{measure.code} {measure.title}"}

    @classmethod
    def facet_options(cls, name) -> list[tuple]:
        """The options of facet ``name`` in order, as ``(key, value, label, row)``: ``key`` is
        what ``practice.rules`` links an example to, ``value`` the parameter's value in the URL,
        ``row`` the model row (None for choices)."""
        declared = cls.base_filters[name]
        if getattr(declared, "queryset", None) is None:
            return [(value, value, str(label), None) for value, label in declared.extra["choices"]]
        label = cls.OPTION_LABELS.get(name, str)
        return [(row.pk, row.slug, label(row), row) for row in declared.queryset.all()]
