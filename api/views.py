"""The read-only open-data API (``/api/v1/``).

Only published content; lists use the same FilterSets as the HTML lists, so the same query string
gives the same items. Every queryset bundles what its serializer reads: no query per row.
"""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, JsonResponse
from django.views.generic import TemplateView
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from taggit.models import Tag

from api import serializers
from api.exports import EXAMPLE_COLUMNS, MEASURE_COLUMNS
from api.filters import MunicipalityFilter
from api.licence import licence, link_header
from api.pagination import MeasurePagination
from api.querysets import example_queryset, measure_queryset, published_measures
from api.throttling import TooManyRequests
from catalog.filters import MeasureFilter
from catalog.models import FieldOfAction, Measure, PublicationState, Resource
from ikz.fragments import revision_cached
from practice.filters import PracticeExampleFilter
from practice.models import CooperationForm, District, Municipality, PracticeExample

PUBLISHED = PublicationState.PUBLISHED


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Nicht gefunden."}, status=404)


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"

    def throttled(self, request, wait):
        raise TooManyRequests(wait)

    def read_parameters(self) -> set[str]:
        """The query parameters a list answers to; any other one changes nothing."""
        names = {"format"}
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names.update(filterset_class.base_filters)
        if self.pagination_class is not None:
            paginator = self.pagination_class
            names.update({paginator.page_query_param, paginator.page_size_query_param})
        return names

    def list(self, request, *args, **kwargs):
        """A page of a list is serialized and rendered to JSON once per content revision, query
        and media type (throttling and filter validation run before, on every request); errors
        are never kept. The cache holds the JSON bytes: the serialized data holds model instances
        (DRF's hyperlinks keep theirs), and unpickling those cost more than the query."""
        query = [(name, request.GET.getlist(name)) for name in sorted(self.read_parameters())]
        response = None

        def render():
            nonlocal response
            response = super(CatalogueViewSet, self).list(request, *args, **kwargs)
            if response.status_code != 200:
                return None
            return request.accepted_renderer.render(
                response.data, request.accepted_media_type, self.get_renderer_context()
            )

        content = revision_cached(
            request,
            f"api-{self.basename}",
            [repr(query), request.accepted_media_type],
            render,
        )
        if content is None:  # an error response, never kept
            return response
        return HttpResponse(content, content_type=request.accepted_renderer.media_type)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Link"] = link_header()
        # Public data without cookies or logins: any web page may fetch it.
        response["Access-Control-Allow-Origin"] = "*"
        return response


@extend_schema_view(
    list=extend_schema(summary="Handlungsfelder", tags=["Handlungsfelder"]),
    retrieve=extend_schema(summary="Ein Handlungsfeld", tags=["Handlungsfelder"]),
)
class FieldOfActionViewSet(CatalogueViewSet):
    serializer_class = serializers.FieldOfActionSerializer

    def get_queryset(self):
        return FieldOfAction.objects.published().prefetch_related(
            Prefetch("measures", queryset=Measure.objects.published().order_by("number"))
        )


@extend_schema_view(
    list=extend_schema(
        summary="Maßnahmen",
        description="Dieselben Filter wie die Liste unter /massnahmen/.",
        tags=["Maßnahmen"],
    ),
    retrieve=extend_schema(summary="Eine Maßnahme", tags=["Maßnahmen"]),
)
class MeasureViewSet(CatalogueViewSet):
    serializer_class = serializers.MeasureSerializer
    filterset_class = MeasureFilter
    pagination_class = MeasurePagination

    def get_queryset(self):
        return measure_queryset()

    def filter_queryset(self, queryset):
        # Guide order after filtering, as on the HTML list (a text search must not reorder).
        return super().filter_queryset(queryset).for_list()


@extend_schema_view(
    list=extend_schema(
        summary="Praxisbeispiele",
        description=(
            "Dieselben Filter und dieselbe Sortierung wie die Liste unter /praxisbeispiele/. "
            "Mehrere Werte eines Parameters werden wiederholt (handlungsfeld=a&handlungsfeld=b)."
        ),
        tags=["Praxisbeispiele"],
    ),
    retrieve=extend_schema(summary="Ein Praxisbeispiel", tags=["Praxisbeispiele"]),
)
class PracticeExampleViewSet(CatalogueViewSet):
    serializer_class = serializers.PracticeExampleSerializer
    filterset_class = PracticeExampleFilter

    def get_queryset(self):
        return example_queryset()


@extend_schema_view(
    list=extend_schema(summary="Werkzeuge und Ressourcen", tags=["Werkzeuge"]),
    retrieve=extend_schema(summary="Ein Werkzeug", tags=["Werkzeuge"]),
)
class ResourceViewSet(CatalogueViewSet):
    serializer_class = serializers.ResourceSerializer

    def get_queryset(self):
        return Resource.objects.published().prefetch_related(
            Prefetch("measures", queryset=published_measures())
        )


@extend_schema_view(
    list=extend_schema(summary="Gemeinden", tags=["Gebiete"]),
    retrieve=extend_schema(
        summary="Eine Gemeinde",
        tags=["Gebiete"],
        parameters=[
            OpenApiParameter(
                "ags",
                str,
                OpenApiParameter.PATH,
                description="Amtlicher Gemeindeschlüssel (8 Ziffern)",
                pattern=r"^\d{8}$",
            )
        ],
    ),
)
class MunicipalityViewSet(CatalogueViewSet):
    serializer_class = serializers.MunicipalitySerializer
    filterset_class = MunicipalityFilter
    lookup_field = "ags"
    lookup_value_regex = r"\d{8}"

    def get_queryset(self):
        return Municipality.objects.select_related(
            "district", "merged_into__district"
        ).prefetch_related(
            Prefetch("practice_examples", queryset=PracticeExample.objects.published())
        )


@extend_schema_view(
    list=extend_schema(summary="Landkreise und kreisfreie Städte", tags=["Gebiete"]),
    retrieve=extend_schema(summary="Ein Landkreis oder eine kreisfreie Stadt", tags=["Gebiete"]),
)
class DistrictViewSet(CatalogueViewSet):
    serializer_class = serializers.DistrictSerializer

    def get_queryset(self):
        return District.objects.annotate(municipality_count=Count("municipalities")).order_by(
            "name"
        )


@extend_schema_view(
    list=extend_schema(summary="Kooperationsformen", tags=["Kooperationsformen"]),
    retrieve=extend_schema(summary="Eine Kooperationsform", tags=["Kooperationsformen"]),
)
class CooperationFormViewSet(CatalogueViewSet):
    serializer_class = serializers.CooperationFormSerializer

    def get_queryset(self):
        return CooperationForm.objects.annotate(
            example_count=Count(
                "practice_examples",
                filter=Q(practice_examples__publication_state=PUBLISHED),
            )
        ).order_by("order", "name")


@extend_schema_view(
    list=extend_schema(summary="Schlagwörter", tags=["Schlagwörter"]),
    retrieve=extend_schema(summary="Ein Schlagwort", tags=["Schlagwörter"]),
)
class TagViewSet(CatalogueViewSet):
    """Tags of published measures and published practice examples only."""

    serializer_class = serializers.TagSerializer

    def get_queryset(self):
        on_measure = Q(
            catalog_taggedmeasure_items__content_object__publication_state=PUBLISHED,
            catalog_taggedmeasure_items__content_object__field_of_action__publication_state=PUBLISHED,
        )
        on_example = Q(
            practice_taggedpracticeexample_items__content_object__publication_state=PUBLISHED
        )
        return (
            Tag.objects.annotate(
                measure_count=Count(
                    "catalog_taggedmeasure_items", filter=on_measure, distinct=True
                ),
                example_count=Count(
                    "practice_taggedpracticeexample_items", filter=on_example, distinct=True
                ),
            )
            .filter(Q(measure_count__gt=0) | Q(example_count__gt=0))
            .order_by("name")
        )


RATE_PERIODS = {"s": "Sekunde", "m": "Minute", "h": "Stunde", "d": "Tag"}


def describe_rate(rate: str) -> str:
    """ "120/min" → "120 Anfragen pro Minute" (the format is checked in the settings)."""
    number, period = rate.split("/")
    return f"{number} Anfragen pro {RATE_PERIODS[period[0]]}"


class OpenDataView(TemplateView):
    """``/daten/``: what the catalogue offers for reuse and how to get it."""

    template_name = "api/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trail"] = [(None, "Offene Daten")]
        context["licence"] = licence()
        context["api_rate"] = describe_rate(settings.IKZ_API_ANON_RATE)
        context["example_columns"] = EXAMPLE_COLUMNS
        context["measure_columns"] = MEASURE_COLUMNS
        context["first_district"] = District.objects.order_by("name").first()
        context["first_field"] = FieldOfAction.objects.published().first()
        return context
