"""The measure filters, shared by the HTML list and the API.

Parameter names are German and fixed. The caller passes the base queryset
(``Measure.objects.published()``); invalid values are reported in the form and ignored.
"""

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


class MeasureFilter(FilterSet):
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

    class Meta:
        model = Measure
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            raise TypeError("MeasureFilter needs the caller's base queryset.")
        super().__init__(data=data, queryset=queryset, request=request, prefix=prefix)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return filter_by_text(queryset, value) if value else queryset

    @property
    def cleaned_data(self):
        """The valid values; invalid parameters are left out (and reported in ``form.errors``)."""
        self.errors  # noqa: B018  (validates the form)
        return getattr(self.form, "cleaned_data", {})
