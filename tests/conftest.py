"""Small builders for test data and the personas every view is tested with."""

import itertools

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from catalog.models import Actor, FieldOfAction, GlossaryTerm, Measure, PublicationState, Resource
from pages.models import Page
from practice.models import CooperationForm, District, Municipality, PracticeExample

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def make_field(**kwargs) -> FieldOfAction:
    n = _next()
    values = {
        "number": n,
        "title": f"Handlungsfeld {n}",
        "slug": f"handlungsfeld-{n}",
        "summary": f"Kurzbeschreibung {n}",
        "publication_state": PublicationState.PUBLISHED,
    }
    values.update(kwargs)
    return FieldOfAction.objects.create(**values)


def make_measure(field_of_action=None, **kwargs) -> Measure:
    n = _next()
    values = {
        "field_of_action": field_of_action or make_field(),
        "number": n,
        "title": f"Maßnahme {n}",
        "slug": f"massnahme-{n}",
        "summary": f"Kurzbeschreibung der Maßnahme {n}",
        "publication_state": PublicationState.PUBLISHED,
    }
    values.update(kwargs)
    return Measure.objects.create(**values)


def make_resource(**kwargs) -> Resource:
    n = _next()
    values = {
        "kind": "checklist",
        "title": f"Werkzeug {n}",
        "slug": f"werkzeug-{n}",
        "publication_state": PublicationState.PUBLISHED,
    }
    values.update(kwargs)
    return Resource.objects.create(**values)


def make_glossary_term(**kwargs) -> GlossaryTerm:
    n = _next()
    values = {
        "term": f"Begriff {n}",
        "slug": f"begriff-{n}",
        "definition": "Erläuterung",
        "publication_state": PublicationState.PUBLISHED,
    }
    values.update(kwargs)
    return GlossaryTerm.objects.create(**values)


def make_actor(**kwargs) -> Actor:
    n = _next()
    values = {"name": f"Akteur {n}", "slug": f"akteur-{n}"}
    values.update(kwargs)
    return Actor.objects.create(**values)


def make_district(**kwargs) -> District:
    n = _next()
    values = {
        "key": f"{14000 + n:05d}",
        "name": f"Landkreis {n}",
        "slug": f"landkreis-{n}",
        "kind": "landkreis",
    }
    values.update(kwargs)
    return District.objects.create(**values)


def make_municipality(district=None, **kwargs) -> Municipality:
    n = _next()
    values = {
        "ags": f"{14600000 + n:08d}",
        "name": f"Gemeinde {n}",
        "slug": f"gemeinde-{n}",
        "kind": "gemeinde",
        "district": district or make_district(),
        "population": 1000 * n,
    }
    values.update(kwargs)
    return Municipality.objects.create(**values)


def make_cooperation_form(**kwargs) -> CooperationForm:
    n = _next()
    values = {"name": f"Form {n}", "slug": f"form-{n}", "explanation": "Eine Form."}
    values.update(kwargs)
    return CooperationForm.objects.create(**values)


def make_example(measures=(), municipalities=(), **kwargs) -> PracticeExample:
    n = _next()
    values = {
        "title": f"Praxisbeispiel {n}",
        "slug": f"praxisbeispiel-{n}",
        "summary": f"Kurzbeschreibung des Beispiels {n}",
        "publication_state": PublicationState.PUBLISHED,
    }
    values.update(kwargs)
    example = PracticeExample.objects.create(**values)
    if measures:
        example.measures.set(measures)
    if municipalities:
        example.municipalities.set(municipalities)
    return example


def make_page(**kwargs) -> Page:
    n = _next()
    values = {
        "title": f"Seite {n}",
        "slug": f"seite-{n}",
        "body": "Inhalt",
        "publication_state": PublicationState.PUBLISHED,
    }
    values.update(kwargs)
    return Page.objects.create(**values)


CONTENT_APPS = ("catalog", "practice", "pages", "taggit")


SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def same_site_browser() -> Client:
    """A visitor's browser on this site: like every current browser, it states in
    ``Sec-Fetch-Site`` where a request comes from (forms on cached pages rely on it,
    ``ikz.origin``)."""
    return Client(headers=SAME_ORIGIN)


@pytest.fixture
def client():
    """The anonymous visitor (pytest-django's ``client``, with a browser's headers)."""
    return same_site_browser()


@pytest.fixture
def editor(django_user_model):
    """A staff member of the service office who may view and change all content."""
    user = django_user_model.objects.create_user(
        username="editorin", password="geheim-genug-123", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return user


@pytest.fixture
def editor_client(editor):
    """A browser of its own, so a test can compare it with the anonymous ``client``."""
    editor_browser = Client()
    editor_browser.force_login(editor)
    return editor_browser


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run in the PostgreSQL pass of CI and skip on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="braucht PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def make_download(**kwargs):
    """A guide download; the file name is stored without writing a file (enough for pages)."""
    from pages.models import Download

    n = _next()
    values = {
        "kind": "guide",
        "title": f"Download {n}",
        "file": f"downloads/2024/download-{n}.pdf",
        "publication_state": PublicationState.PUBLISHED,
    }
    values.update(kwargs)
    return Download.objects.create(**values)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches (page cache, rate limits, map geometry counters, the
    in-memory facet index, searches not yet in the log)."""
    from django.core.cache import caches

    from ikz.caching import local_pages
    from ikz.ratelimit import local_counts
    from practice import facet_index
    from search.counting import pending_searches

    for cache in caches.all():
        cache.clear()
    local_pages.clear()
    local_counts.clear()
    facet_index.reset()
    pending_searches.clear()
    yield
    pending_searches.clear()  # nothing left for the flush at exit, after the test database is gone
