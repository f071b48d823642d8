"""One path marks public content as changed; visitors' writes never do."""

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ikz import caching
from ikz.invalidation import NOT_PUBLIC_MODELS, PUBLIC_CONTENT_MODELS, mark_content_changed
from planning.models import InterestSignal, Plan, SignalStatus
from practice.models import ContentRevision
from tests.conftest import make_example, make_field, make_measure, make_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caching._Breaker.reset()


def project_models():
    for config in apps.get_app_configs():
        if config.path.startswith(str(settings.BASE_DIR)) and ".venv" not in config.path:
            for model in config.get_models():
                if not model._meta.label_lower.split(".")[1].startswith("historical"):
                    yield model._meta.label_lower


def test_every_model_of_the_project_is_classified_as_public_content_or_not():
    unclassified = set(project_models()) - set(PUBLIC_CONTENT_MODELS) - NOT_PUBLIC_MODELS
    assert not unclassified, (
        "Add these models to PUBLIC_CONTENT_MODELS or NOT_PUBLIC_MODELS in ikz/invalidation.py: "
        f"{sorted(unclassified)}"
    )
    assert not set(PUBLIC_CONTENT_MODELS) & NOT_PUBLIC_MODELS


def test_marking_content_changed_moves_page_version_and_index_revision_together():
    version, revision = caching.content_version(), ContentRevision.current()

    mark_content_changed()

    assert caching.content_version() != version
    assert ContentRevision.current() != revision


def test_a_hundred_anonymous_plans_leave_the_cached_page_and_the_index_alone(client, settings):
    settings.IKZ_RATE_PLANS = "1000/hour"
    make_example(title="Gemeinsamer Bauhof", measures=[make_measure()])
    list_url = reverse("practice:example-list")
    client.get(list_url)
    assert client.get(list_url)["X-Page-Cache"] == "hit"
    revision = ContentRevision.current()

    for _ in range(100):
        visitor = Client()
        assert visitor.post(reverse("planning:plan-create")).status_code == 302

    assert Plan.objects.count() == 100
    assert client.get(list_url)["X-Page-Cache"] == "hit"
    assert ContentRevision.current() == revision


def test_a_pending_interest_signal_changes_nothing_public_but_its_approval_does():
    measure, municipality = make_measure(), make_municipality()
    version = caching.content_version()

    signal = InterestSignal.objects.create(
        measure=measure, municipality=municipality, organisation="Gemeinde", consent=True
    )
    assert caching.content_version() == version

    signal.status = SignalStatus.APPROVED
    signal.save()
    approved = caching.content_version()
    assert approved != version

    signal.status = SignalStatus.REJECTED  # withdrawn from the measure's page
    signal.save()
    assert caching.content_version() != approved


def test_relation_changes_invalidate_after_the_change_only(monkeypatch):
    measure, example = make_measure(), make_example()
    moves = []
    monkeypatch.setattr(ContentRevision, "bump", classmethod(lambda cls: moves.append(cls)))

    example.measures.add(measure)

    assert len(moves) == 1  # post_add only, not pre_add


def test_a_field_of_action_change_rebuilds_the_list_index():
    field = make_field()
    revision = ContentRevision.current()
    field.title = "Neu"
    field.save()
    assert ContentRevision.current() != revision
