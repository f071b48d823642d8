import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from practice.models import PracticeExample
from tests.conftest import make_example, make_field, make_measure, make_municipality

pytestmark = pytest.mark.django_db


def test_an_image_needs_an_alt_text():
    example = make_example()
    example.image = "examples/2025/bild.jpg"
    with pytest.raises(ValidationError) as error:
        example.full_clean()
    assert "image_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        example.save()


def test_a_contact_person_needs_recorded_consent():
    example = make_example()
    example.contact_person = "Erika Beispiel"
    with pytest.raises(ValidationError) as error:
        example.full_clean()
    assert "contact_consent" in error.value.message_dict
    example.contact_consent = True
    example.full_clean()


def test_end_year_not_before_start_year():
    example = make_example(start_year=2020)
    example.end_year = 2019
    with pytest.raises(ValidationError):
        example.full_clean()


def test_fields_of_action_follow_from_the_measures():
    field = make_field()
    example = make_example(measures=[make_measure(field), make_measure(field)])
    make_example(measures=[make_measure()])
    assert list(PracticeExample.objects.for_field_of_action(field)) == [example]


def test_period_reads_naturally():
    assert make_example(start_year=2019, end_year=2021).period == "2019–2021"
    assert make_example(start_year=2022).period == "seit 2022"


def test_total_population_of_the_participants():
    example = make_example(
        municipalities=[make_municipality(population=3000), make_municipality(population=4500)]
    )
    assert (
        PracticeExample.objects.with_total_population().get(pk=example.pk).total_population == 7500
    )


def test_a_municipality_cannot_be_merged_and_active():
    target = make_municipality()
    merged = make_municipality(merged_into=target, is_active=True)
    with pytest.raises(ValidationError):
        merged.full_clean()


def test_attachment_addresses_cannot_be_guessed(settings, tmp_path):
    from django.core.files.base import ContentFile

    from practice.models import ExampleAttachment

    settings.MEDIA_ROOT = tmp_path
    example = make_example()
    names = []
    for _ in range(2):
        attachment = ExampleAttachment(example=example, title="Konzept")
        attachment.file.save("konzept.pdf", ContentFile(b"%PDF-1.4"), save=True)
        names.append(attachment.file.name)
    first, second = (name.split("/") for name in names)
    assert first[-1] == second[-1] == "konzept.pdf"
    assert first[-2] != second[-2]
    assert len(first[-2]) >= 20
