import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from catalog.models import FieldOfAction, Measure, PublicationState, validate_url_lines
from practice.listing import with_example_counts
from tests.conftest import make_example, make_field, make_measure

pytestmark = pytest.mark.django_db


def test_published_returns_only_published_items():
    visible = make_field()
    make_field(publication_state=PublicationState.DRAFT)
    make_field(publication_state=PublicationState.REVIEW)
    make_field(publication_state=PublicationState.ARCHIVED)
    assert list(FieldOfAction.objects.published()) == [visible]


def test_default_manager_does_not_filter():
    make_field(publication_state=PublicationState.DRAFT)
    assert FieldOfAction.objects.count() == 1


def test_publishing_records_the_date():
    field = make_field(publication_state=PublicationState.DRAFT)
    assert field.published_at is None
    field.publication_state = PublicationState.PUBLISHED
    field.save()
    assert field.published_at is not None


def test_measures_of_a_draft_field_are_not_published():
    draft_field = make_field(publication_state=PublicationState.DRAFT)
    make_measure(draft_field)
    shown = make_measure(make_field())
    assert list(Measure.objects.published()) == [shown]


def test_measure_code_reads_like_the_guide():
    measure = make_measure(make_field(number=3), number=2)
    assert measure.code == "3.2"


def test_measure_number_is_unique_within_its_field():
    field = make_field()
    make_measure(field, number=1)
    with pytest.raises(IntegrityError):
        make_measure(field, number=1)


def test_field_counts_only_published_measures_and_examples():
    field = make_field()
    measure = make_measure(field)
    draft = make_measure(field, publication_state=PublicationState.DRAFT)
    make_example(measures=[measure])
    make_example(measures=[measure])
    make_example(measures=[measure], publication_state=PublicationState.DRAFT)
    make_example(measures=[draft])  # only through a draft measure: not counted
    make_example(measures=[measure, make_measure(field)])  # counted once
    [annotated] = with_example_counts(
        FieldOfAction.objects.with_measure_count().filter(pk=field.pk)
    )
    assert (annotated.measure_count, annotated.example_count) == (2, 3)


def test_measures_without_examples():
    lonely = make_measure()
    covered = make_measure()
    make_example(measures=[covered])
    draft_only = make_measure()
    make_example(measures=[draft_only], publication_state=PublicationState.DRAFT)
    assert set(Measure.objects.without_examples()) == {lonely, draft_only}


def test_source_lines_must_be_urls():
    validate_url_lines("https://ssg-sachsen.de\n\nhttps://kisa.it/x")
    with pytest.raises(ValidationError, match="Zeile 2"):
        validate_url_lines("https://ssg-sachsen.de\nkeine adresse")


def test_str_does_not_touch_related_objects(django_assert_num_queries):
    measure = Measure.objects.get(pk=make_measure().pk)
    with django_assert_num_queries(0):
        str(measure)
