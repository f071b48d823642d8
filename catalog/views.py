from urllib.parse import urlencode

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.generic import ListView, TemplateView

from catalog.filters import MeasureFilter
from catalog.listing import FacetedListView
from catalog.measure_facets import MeasureFacets
from catalog.models import FieldOfAction, GlossaryTerm, Measure, Resource
from catalog.publishing import PublishableDetailView
from catalog.resource_filters import ResourceFilter
from catalog.search import search
from ikz.fragments import revision_cached
from pages.models import Download, Page
from practice.listing import examples_of, with_example_counts
from practice.models import PracticeExample
from practice.rules import Sort
from search.counting import SEARCH_RESULTS_HEADER
from search.suggest import related_fields


class HomeView(TemplateView):
    """What the catalogue is, a search box, the fields of action and the newest examples
    (Saxon ones first: the catalogue is for Saxon municipalities)."""

    template_name = "catalog/home.html"
    newest_examples = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A callable: counted only when the block is rendered, not taken from the fragment cache.
        context["fields_of_action"] = fields_with_counts
        context["newest_examples"] = (
            PracticeExample.objects.published()
            .for_list()
            .order_by(*Sort.SAXONY_FIRST.ordering)[: self.newest_examples]
        )
        return context


def fields_with_counts() -> list:
    """The published fields of action in guide order with their measures and examples counted."""
    return with_example_counts(
        FieldOfAction.objects.published().with_measure_count().order_by("number")
    )


class FieldOfActionListView(TemplateView):
    template_name = "catalog/field_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A callable: counted only when the block is rendered, not taken from the fragment cache.
        context["fields_of_action"] = fields_with_counts
        context["trail"] = [(None, "Handlungsfelder")]
        return context


class FieldOfActionDetailView(PublishableDetailView):
    """A field of action with its measures in guide order and the examples implementing them."""

    model = FieldOfAction
    template_name = "catalog/field_detail.html"
    context_object_name = "field"

    def get_trail(self):
        return [(reverse("catalog:field-list"), "Handlungsfelder"), (None, self.object.title)]

    #: Cards of the field's examples, and example titles per measure; the rest via the list.
    EXAMPLE_CARDS = 6
    EXAMPLES_PER_MEASURE = 3

    @cached_property
    def measures(self) -> list:
        """The field's measures in guide order, each with ``examples``: a few of its practice
        examples, named and linked (``practice.listing.examples_of``)."""
        measures = list(
            Measure.objects.visible_to(self.request.user)
            .for_field_of_action(self.object)
            .for_list()
        )
        for measure in measures:
            measure.examples = examples_of(
                "massnahme", measure, self.EXAMPLES_PER_MEASURE, cards=False
            )
        return measures

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        field = self.object
        # Callables: loaded only when the block is rendered, not taken from the fragment cache.
        context["measures"] = lambda: self.measures
        context["examples"] = SimpleLazyObject(
            lambda: examples_of("handlungsfeld", field, self.EXAMPLE_CARDS)
        )
        return context


class MeasureListView(FacetedListView):
    """Measures in guide order, filterable by field of action, effort, horizon, actor and tag."""

    model = Measure
    filterset_class = MeasureFilter
    listing_class = MeasureFacets
    template_name = "catalog/measure_list.html"
    partial_template_name = "catalog/includes/measure_results.html"
    context_object_name = "measures"
    paginate_by = 50
    trail_label = "Maßnahmen"

    def get_queryset(self):
        return self.get_filterset().qs.for_list()


class MeasureDetailView(PublishableDetailView):
    """The full measure sheet: everything an administration needs to start, printable on A4."""

    model = Measure
    template_name = "catalog/measure_detail.html"
    context_object_name = "measure"
    EXAMPLE_CARDS = 6  # the rest via the list filtered by the measure

    #: What the sheet shows outside its cached block (title, trail, links, who may see it).
    OUTSIDE_THE_BLOCK = ("slug", "title", "summary", "number", "publication_state")

    def get_queryset(self):
        return Measure.objects.select_related("field_of_action").only(
            *self.OUTSIDE_THE_BLOCK,
            *(f"field_of_action__{name}" for name in self.OUTSIDE_THE_BLOCK),
        )

    def with_relations(self, measure):
        """The whole measure with everything the sheet lists, loaded only when a block of the
        sheet is rendered rather than taken from the fragment cache (``{% revision_cache %}``);
        a request served from the block reads only ``OUTSIDE_THE_BLOCK``."""
        user = self.request.user
        measure = Measure.objects.select_related("field_of_action").get(pk=measure.pk)
        prefetch_related_objects(
            [measure],
            "actors",
            "tags",
            Prefetch("resources", queryset=Resource.objects.visible_to(user)),
            Prefetch(
                "related",
                queryset=Measure.objects.visible_to(user).for_list(),
                to_attr="related_measures",
            ),
        )
        return measure

    def is_public(self, obj):
        return obj.is_published and obj.field_of_action.is_published

    def is_archived(self, obj):
        return super().is_archived(obj) or super().is_archived(obj.field_of_action)

    def get_trail(self):
        field = self.object.field_of_action
        return [
            (reverse("catalog:field-list"), "Handlungsfelder"),
            (field.get_absolute_url(), str(field)),
            (None, self.object.title),
        ]

    def sibling(self, order: str, **position):
        """The neighbouring measure of the same field of action (``position``: before/after)."""
        return (
            Measure.objects.visible_to(self.request.user)
            .for_field_of_action(self.object.field_of_action)
            .select_related("field_of_action")
            .filter(**position)
            .order_by(order)
            .first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = self.object
        context["sheet"] = SimpleLazyObject(lambda: self.with_relations(measure))
        context["examples"] = SimpleLazyObject(
            lambda: examples_of("massnahme", measure, self.EXAMPLE_CARDS)
        )
        # Callables: the template asks for them only when it renders the block.
        context["previous_measure"] = lambda: self.sibling("-number", number__lt=measure.number)
        context["next_measure"] = lambda: self.sibling("number", number__gt=measure.number)
        return context


class ResourceListView(ListView):
    """The guide's annex: tools and resources, filterable by kind (``?art=checkliste``)."""

    template_name = "catalog/resource_list.html"
    context_object_name = "resources"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ResourceFilter(
            self.request.GET or None,
            queryset=Resource.objects.published().prefetch_related(
                Prefetch("measures", queryset=Measure.objects.published().for_list())
            ),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["trail"] = [(None, "Werkzeuge und Ressourcen")]
        return context


class GuideView(TemplateView):
    """About the guide: its chapters, the method, the basic terms and the downloads."""

    template_name = "catalog/guide.html"
    method_page_slug = "methode"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields_of_action"] = FieldOfAction.objects.published()
        context["method_page"] = Page.objects.published().filter(slug=self.method_page_slug).first()
        context["glossary"] = GlossaryTerm.objects.published()
        context["downloads"] = Download.objects.published()
        context["trail"] = [(None, "Der Leitfaden")]
        return context


class SearchView(TemplateView):
    """``/suche/?q=…``: one search over all content types, results grouped by type."""

    template_name = "catalog/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")
        context["query"] = " ".join(query.split())[:200]
        context["results"] = results = revision_cached(
            self.request, "search", [context["query"]], lambda: search(query, self.request.user)
        )
        context["trail"] = [(None, "Suche")]
        if context["query"] and not results.total:
            context["related_fields"] = related_fields(context["query"])
            context["all_fields"] = FieldOfAction.objects.published()
            context["report_url"] = (
                f"{reverse('submissions:form')}?{urlencode({'titel': context['query']})}"
            )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        results = response.context_data["results"]
        if results.query and not request.user.is_staff:  # editors would skew the log
            # Counted by search.counting, on this render and on every page-cache hit of it.
            response[SEARCH_RESULTS_HEADER] = str(results.total)
        return response
