"""The generate_demo_data command: marked, distributed, guarded, removable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from catalog.models import PublicationState
from practice.models import PracticeExample, TaggedPracticeExample
from tests.conftest import (
    make_cooperation_form,
    make_district,
    make_example,
    make_measure,
    make_municipality,
)


@pytest.fixture
def places(db):
    districts = [make_district() for _ in range(3)]
    municipalities = [
        make_municipality(district=district, population=population)
        for district in districts
        for population in (800, 4_000, 60_000)
    ]
    measures = [make_measure() for _ in range(6)]
    forms = [make_cooperation_form() for _ in range(3)]
    return municipalities, measures, forms


def generate(*args):
    out = StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


def test_it_creates_marked_demo_examples_with_relations(places):
    output = generate("300")

    assert "300 Demo-Praxisbeispiele erzeugt" in output
    demo = PracticeExample.objects.filter(is_demo=True)
    assert demo.count() == 300
    assert not demo.exclude(title__startswith="Demo: ").exists()
    assert not demo.exclude(summary__startswith="Demonstrationsdaten").exists()
    counted = demo.annotate(
        n_municipalities=Count("municipalities", distinct=True),
        n_measures=Count("measures", distinct=True),
    )
    assert not counted.filter(n_municipalities=0).exists()
    assert not counted.filter(n_measures=0).exists()
    assert counted.filter(n_municipalities__gte=2).exists()
    assert TaggedPracticeExample.objects.filter(content_object__is_demo=True).count() >= 300
    assert demo.exclude(cooperation_form=None).exists()


def test_its_distributions_are_realistic(places):
    municipalities, _measures, _forms = places
    generate("1000")

    demo = PracticeExample.objects.filter(is_demo=True)
    published = demo.filter(publication_state=PublicationState.PUBLISHED).count()
    assert 850 <= published <= 980, "most, not all demo examples are published"
    assert not demo.filter(publication_state=PublicationState.PUBLISHED, published_at=None).exists()
    big, small = municipalities[2], municipalities[0]
    assert big.practice_examples.count() > small.practice_examples.count() > 0
    years = set(demo.values_list("start_year", flat=True))
    assert len(years) > 10
    assert demo.filter(start_year__gte=2020).count() > demo.filter(start_year__lt=2012).count()


def test_it_refuses_a_database_with_real_published_examples(places):
    make_example(title="Echte Kooperation")

    with pytest.raises(CommandError, match="echte veröffentlichte Praxisbeispiele"):
        generate("10")
    assert not PracticeExample.objects.filter(is_demo=True).exists()

    generate("10", "--force")
    assert PracticeExample.objects.filter(is_demo=True).count() == 10


def test_it_adds_to_existing_demo_data_with_unique_slugs(places):
    generate("50")
    generate("50")

    assert PracticeExample.objects.filter(is_demo=True).count() == 100


def test_delete_removes_only_demo_data(places):
    real = make_example(title="Echte Kooperation")
    generate("40", "--force")

    output = generate("--delete")

    assert "40 Demo-Praxisbeispiele gelöscht" in output
    assert list(PracticeExample.objects.all()) == [real]
    assert not TaggedPracticeExample.objects.exclude(content_object=real).exists()


def test_dry_run_writes_nothing(places):
    output = generate("10", "--dry-run")

    assert "Probelauf" in output
    assert not PracticeExample.objects.exists()


def test_it_needs_municipalities(db):
    with pytest.raises(CommandError, match="load_content"):
        generate("10")
