from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.generic import ListView

from catalog.models import Measure
from catalog.publishing import PublishableDetailView
from practice.filters import PracticeExampleFilter
from practice.models import Municipality, PracticeExample


class PracticeExampleListView(ListView):
    """Practice examples with facets, chips, sorting and pagination; all state in the URL.

    A request sent by static/js/filters.js (header ``X-Requested-With: fetch``) gets only the
    results partial, which the full page includes, too.
    """

    template_name = "practice/example_list.html"
    partial_template_name = "practice/includes/results.html"
    context_object_name = "examples"
    paginate_by = 20
    page_kwarg = "seite"

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset = PracticeExampleFilter(
                self.request.GET, queryset=PracticeExample.objects.published()
            )
        return self.filterset

    def get_queryset(self):
        return (
            self.get_filterset()
            .qs.select_related("cooperation_form")
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.select_related("district").order_by(
                        "district__name", "name"
                    ),
                ),
                Prefetch("measures", queryset=Measure.objects.published().for_list()),
            )
        )

    def paginate_queryset(self, queryset, page_size):
        """Like ListView, but an unknown or too large ``seite`` shows the nearest page (no 404)."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def is_fetch(self):
        return self.request.headers.get("X-Requested-With") == "fetch"

    def get_template_names(self):
        return [self.partial_template_name if self.is_fetch() else self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        for example in context["examples"]:
            fields = {measure.field_of_action for measure in example.measures.all()}
            example.listed_fields = sorted(fields, key=lambda field: field.number)
        facets = filterset.facets()
        page = context["page_obj"]
        context.update(
            filterset=filterset,
            form=filterset.form,
            facets=facets,
            facet_counts={facet.name: facet.counts for facet in facets},
            chips=filterset.chips(),
            result_count=page.paginator.count,
            page_range=page.paginator.get_elided_page_range(page.number),
            trail=[(None, "Praxisbeispiele")],
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.get_filterset().errors:
            # The page still renders: the message names what was ignored, nothing else is lost.
            response_kwargs.setdefault("status", 400)
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["X-Requested-With"])
        return response


class PracticeExampleDetailView(PublishableDetailView):
    """A practice example with its participants, measures, sources and similar examples."""

    model = PracticeExample
    template_name = "practice/example_detail.html"
    context_object_name = "example"
    similar_examples = 3

    def get_queryset(self):
        user = self.request.user
        return PracticeExample.objects.select_related("cooperation_form").prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.select_related("district").order_by("name"),
            ),
            Prefetch("measures", queryset=Measure.objects.visible_to(user).for_list()),
            "tags",
            "links",
            "attachments",
        )

    def get_trail(self):
        return [(reverse("practice:example-list"), "Praxisbeispiele"), (None, self.object.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        example = self.object
        municipalities = example.municipalities.all()
        context["total_population"] = sum(m.population or 0 for m in municipalities)
        context["similar_examples"] = (
            PracticeExample.objects.published()
            .exclude(pk=example.pk)
            .filter(measures__in=[measure.pk for measure in example.measures.all()])
            .annotate(shared_measures=Count("measures", distinct=True))
            .order_by("-shared_measures", "-published_at", "pk")
            .for_list()[: self.similar_examples]
        )
        return context
