"""What the two faceted public lists (measures, practice examples) share: the view and the
facet shapes. Each list counts its facets in its own module (``catalog.measure_facets``,
``practice.listing``)."""

import hashlib
from dataclasses import dataclass

from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView


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


class FacetedListView(ListView):
    """A published list filtered by a FilterSet, with facets; all state lives in the URL.

    Subclasses name ``filterset_class``, ``listing_class`` (built from the filter set, it answers
    ``facets()``), ``model``, the two templates and ``trail_label``. A request sent by
    static/js/filters.js (header ``X-Requested-With: fetch``) gets only the results partial,
    which the full page includes, too. Invalid parameters are reported in the form and answered
    with 400, but the page still renders, so nothing the visitor chose is lost.
    """

    filterset_class = None
    listing_class = None
    partial_template_name = None
    trail_label = ""
    page_kwarg = "seite"

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset = self.filterset_class(
                self.request.GET, queryset=self.model.objects.published()
            )
        return self.filterset

    def get_listing(self):
        if not hasattr(self, "listing"):
            self.listing = self.listing_class(self.get_filterset())
        return self.listing

    def paginate_queryset(self, queryset, page_size):
        """Like ListView, but an unknown or too large ``seite`` shows the nearest page (no 404)."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def is_partial(self) -> bool:
        return self.request.headers.get("X-Requested-With") == "fetch"

    def get_template_names(self):
        return [self.partial_template_name if self.is_partial() else self.template_name]

    def fragment_key(self) -> str | None:
        """What the facet and result blocks depend on besides the content revision: the values of
        the parameters the list reads, in a canonical order (unknown parameters do not count).
        ``None`` (do not cache) while a parameter is invalid."""
        filterset = self.get_filterset()
        if filterset.errors:
            return None
        names = sorted({*filterset.filters, self.page_kwarg})
        canonical = repr([(name, self.request.GET.getlist(name)) for name in names])
        return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        # Lazy: the facets are computed only when the template renders their block rather than
        # taking it from the fragment cache ({% revision_cache %} with ``fragment_key``).
        facets = SimpleLazyObject(self.get_listing().facets)
        page = context["page_obj"]
        context.update(
            filterset=filterset,
            listing=self.get_listing(),
            form=filterset.form,
            facets=facets,
            facet_counts=lambda: {facet.name: facet.counts for facet in facets},
            fragment_key=self.fragment_key(),
            chips=filterset.chips(),
            result_count=page.paginator.count,
            page_range=page.paginator.get_elided_page_range(page.number),
            trail=[(None, self.trail_label)],
            is_partial=self.is_partial(),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.get_filterset().errors:
            response_kwargs.setdefault("status", 400)
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["X-Requested-With"])
        return response
