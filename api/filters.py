"""Filters of the API's own lists (the catalogue lists reuse the apps' FilterSets)."""

from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, FilterSet, ModelMultipleChoiceFilter

from practice.models import District, Municipality


class MunicipalityFilter(FilterSet):
    landkreis = ModelMultipleChoiceFilter(
        label=_("Landkreis / kreisfreie Stadt"),
        field_name="district__slug",
        queryset=District.objects.all(),
        to_field_name="slug",
    )
    besteht = BooleanFilter(label=_("besteht noch"), field_name="is_active")

    class Meta:
        model = Municipality
        fields = []
