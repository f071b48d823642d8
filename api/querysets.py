"""The querysets the API and the downloads share: published items with all they read bundled."""

from django.db.models import Prefetch

from catalog.models import Measure, Resource
from practice.models import PracticeExample


def published_measures():
    return Measure.objects.published().select_related("field_of_action")


def example_queryset():
    """Published practice examples, prefetched for the serializer and the CSV columns."""
    return PracticeExample.objects.published().for_export()


def measure_queryset():
    """Published measures, prefetched for the serializer and the CSV columns."""
    return (
        Measure.objects.published()
        .for_list()
        .prefetch_related(
            "actors",
            "tags",
            Prefetch("resources", queryset=Resource.objects.published()),
            Prefetch("related", queryset=published_measures()),
            Prefetch("practice_examples", queryset=PracticeExample.objects.published()),
        )
    )
