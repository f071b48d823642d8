from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control

from catalog.listing import FacetedListView
from catalog.models import Measure
from catalog.publishing import PublishableDetailView
from practice.filters import PracticeExampleFilter
from practice.listing import ExampleListing, similar_examples
from practice.maps import saxony_geometry
from practice.models import PracticeExample


class PracticeExampleListView(FacetedListView):
    """Practice examples with facets, chips, sorting and pagination; all state in the URL."""

    model = PracticeExample
    filterset_class = PracticeExampleFilter
    listing_class = ExampleListing
    template_name = "practice/example_list.html"
    partial_template_name = "practice/includes/results.html"
    context_object_name = "examples"
    paginate_by = 20
    trail_label = "Praxisbeispiele"

    def get_queryset(self):
        """The filtered examples, counted and paged by the in-memory index (one page of rows)."""
        return self.get_listing().results()


class PracticeExampleDetailView(PublishableDetailView):
    """A practice example with its participants, measures, sources and similar examples."""

    model = PracticeExample
    template_name = "practice/example_detail.html"
    context_object_name = "example"
    similar_examples = 3

    def get_queryset(self):
        return PracticeExample.objects.all()

    def with_relations(self, example):
        """The example with everything the page lists, loaded only when a block of the page is
        rendered rather than taken from the fragment cache (``{% revision_cache %}``)."""
        measures = Measure.objects.visible_to(self.request.user)
        return PracticeExample.objects.for_detail(measures).get(pk=example.pk)

    def get_trail(self):
        return [(reverse("practice:example-list"), "Praxisbeispiele"), (None, self.object.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        example = self.object
        sheet = SimpleLazyObject(lambda: self.with_relations(example))
        context["sheet"] = sheet
        context["similar_examples"] = SimpleLazyObject(
            lambda: similar_examples(sheet, self.similar_examples)
        )
        return context


@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def map_outlines(request, digest):
    """The district outlines the maps reference (``SaxonyGeometry.outlines_svg``). The URL
    carries their digest, so the file may be kept forever; any digest gets the current file."""
    return HttpResponse(saxony_geometry().outlines_svg, content_type="image/svg+xml")
