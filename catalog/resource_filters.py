"""Filter of the tools and resources page (the guide's annex) by kind: ``/werkzeuge/?art=tool``.

An unknown kind is reported in the form with Django's German message and otherwise ignored.
"""

from django_filters import ChoiceFilter, FilterSet

from catalog.models import Resource, ResourceKind


class ResourceFilter(FilterSet):
    art = ChoiceFilter(
        field_name="kind",
        choices=ResourceKind.choices,
        label="Art",
        empty_label="Alle Arten",
    )

    class Meta:
        model = Resource
        fields = []
