from django.urls import reverse

from catalog.listing import FacetedListView
from catalog.models import Measure
from catalog.publishing import PublishableDetailView
from practice.filters import PracticeExampleFilter
from practice.listing import ExampleListing, similar_examples
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
        return PracticeExample.objects.for_detail(Measure.objects.visible_to(self.request.user))

    def get_trail(self):
        return [(reverse("practice:example-list"), "Praxisbeispiele"), (None, self.object.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["similar_examples"] = similar_examples(self.object, self.similar_examples)
        return context
