from django.db.models import Prefetch
from django.urls import reverse

from catalog.listing import FacetedListView
from catalog.models import Measure
from catalog.publishing import PublishableDetailView
from practice.facet_index import current_index
from practice.filters import PracticeExampleFilter
from practice.models import Municipality, PracticeExample


class PracticeExampleListView(FacetedListView):
    """Practice examples with facets, chips, sorting and pagination; all state in the URL."""

    model = PracticeExample
    filterset_class = PracticeExampleFilter
    template_name = "practice/example_list.html"
    partial_template_name = "practice/includes/results.html"
    context_object_name = "examples"
    paginate_by = 20
    trail_label = "Praxisbeispiele"

    def get_queryset(self):
        """The filtered examples, counted and paged by the in-memory index (one page of rows)."""
        rows = (
            PracticeExample.objects.published()
            .defer(*PracticeExample.LONG_FIELDS)
            .select_related("cooperation_form")
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.select_related("district")
                    .order_by("district__name", "name")
                    .only("name", "district", "district__name", "district__slug"),
                ),
                Prefetch(
                    "measures",
                    queryset=Measure.objects.published()
                    .for_list()
                    .only("field_of_action", "field_of_action__number", "field_of_action__title"),
                ),
            )
        )
        return self.get_filterset().results(rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for example in context["examples"]:
            fields = {measure.field_of_action for measure in example.measures.all()}
            example.listed_fields = sorted(fields, key=lambda field: field.number)
        return context


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
        similar = current_index().similar(
            example.pk, [measure.slug for measure in example.measures.all()], self.similar_examples
        )
        rows = PracticeExample.objects.published().filter(pk__in=similar).for_list().in_bulk()
        context["similar_examples"] = [rows[pk] for pk in similar if pk in rows]
        return context
