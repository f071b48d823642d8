"""Facet counts of the measure list: SQL aggregates.

The guide has a few dozen measures, so each facet is one aggregate query over the filtered
measures, options and counts from the same query. (The practice example list has thousands of
rows and counts its facets from an in-memory index instead: ``practice.listing``.)
"""

from django.db.models import Count, Q
from taggit.models import Tag

from catalog.filters import MeasureFilter
from catalog.listing import Facet, FacetOption
from catalog.models import Actor, Effort, FieldOfAction, Horizon


class MeasureFacets:
    """Per facet option, how many measures the other active filters and that option leave."""

    def __init__(self, filterset: MeasureFilter):
        self.filterset = filterset

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

    def others(self, name):
        """The measures every active filter but facet ``name``'s own leaves."""
        filterset = self.filterset
        return filterset.apply_filters(filterset.queryset.all(), exclude=name)

    def model_facet(self, name, options, path, hide_empty=False) -> Facet:
        """Options are model rows with a slug; ``path`` leads from an option to a measure."""
        others = self.others(name).values("pk")
        rows = options.annotate(
            facet_count=Count(path, filter=Q(**{f"{path}__in": others}), distinct=True)
        )
        selected = self.filterset.selected(name)
        if hide_empty:
            rows = rows.filter(Q(facet_count__gt=0) | Q(slug__in=selected))
        return Facet(
            name=name,
            legend=str(self.filterset.filters[name].label),
            options=[
                FacetOption(row.slug, str(row), row.facet_count, row.slug in selected)
                for row in rows
            ],
        )

    def choice_facet(self, name, choices, column) -> Facet:
        """Options are fixed choices stored in ``column``."""
        model = self.filterset.queryset.model
        others = model.objects.filter(pk__in=self.others(name).values("pk"))
        counts = dict(others.order_by().values_list(column).annotate(facet_count=Count("pk")))
        selected = self.filterset.selected(name)
        return Facet(
            name=name,
            legend=str(self.filterset.filters[name].label),
            options=[
                FacetOption(value, str(label), counts.get(value, 0), value in selected)
                for value, label in choices
            ],
        )
