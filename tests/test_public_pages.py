"""Guard over every public page: German, one <h1>, canonical link, meta description, breadcrumbs.

The URLs come from the URL configuration itself (every pattern without parameters outside the
admin and the API) plus the detail page of one object of each public model, the 404 and the
410 page – so a new page is guarded the moment it is routed.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from catalog.models import PublicationState
from tests.conftest import (
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)

pytestmark = pytest.mark.django_db

NOT_PUBLIC_PREFIXES = ("admin/", "api/", "media/", "static/", "redaktion/", "__")


def parameterless_paths(patterns=None, prefix=""):
    """Every routed path without converters, e.g. "handlungsfelder/"."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from parameterless_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and not any(c in prefix + route for c in "<(^"):
            yield prefix + route


def public_list_paths():
    return sorted(
        {"/" + path for path in parameterless_paths() if not path.startswith(NOT_PUBLIC_PREFIXES)}
    )


@pytest.fixture
def catalogue():
    field = make_field(title="Verwaltungsprozesse", goal="Ziel")
    measure = make_measure(field, steps="1. Anfangen", sources="https://example.org/q")
    measure.resources.add(make_resource())
    example = make_example(measures=[measure], municipalities=[make_municipality()])
    make_glossary_term()
    page = make_page(slug="impressum", title="Impressum")
    gone = make_measure(field, publication_state=PublicationState.ARCHIVED)
    return [field, measure, example, page], gone


def assert_is_a_proper_page(url, response):
    content = response.content.decode()
    assert '<html lang="de">' in content, url
    assert len(re.findall(r"<h1[\s>]", content)) == 1, f"{url}: not exactly one <h1>"
    assert re.search(r'<link rel="canonical" href="https?://[^"]+">', content), url
    description = re.search(r'<meta name="description" content="([^"]*)">', content)
    assert description and description.group(1).strip(), f"{url}: no meta description"
    assert content.count("<main") == 1, url
    assert 'class="skip-link" href="#inhalt"' in content, url
    if url != "/":
        assert 'aria-label="Brotkrumennavigation"' in content, f"{url}: no breadcrumbs"
    assert "{#" not in content and "{%" not in content, f"{url}: template syntax leaked"


def test_every_parameterless_public_page_is_a_proper_german_page(client, catalogue):
    checked = []
    for url in public_list_paths():
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        assert_is_a_proper_page(url, response)
        checked.append(url)
    for expected in ["/", "/handlungsfelder/", "/massnahmen/", "/werkzeuge/", "/leitfaden/"]:
        assert expected in checked


def test_every_detail_page_is_a_proper_german_page(client, catalogue):
    objects, _ = catalogue
    for obj in objects:
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200, obj
        assert_is_a_proper_page(obj.get_absolute_url(), response)


def test_error_pages_are_proper_german_pages(client, catalogue):
    _, gone = catalogue
    not_found = client.get("/massnahmen/gibt-es-nicht/")
    assert not_found.status_code == 404
    assert_is_a_proper_page("404", not_found)
    archived = client.get(gone.get_absolute_url())
    assert archived.status_code == 410
    assert_is_a_proper_page("410", archived)


def test_detail_pages_carry_breadcrumbs(client, catalogue):
    objects, _ = catalogue
    for obj in objects:
        content = client.get(obj.get_absolute_url()).content.decode()
        assert 'aria-label="Brotkrumennavigation"' in content, obj


def test_canonical_url_of_a_detail_page_is_its_absolute_url(client, settings, catalogue):
    objects, _ = catalogue
    measure = objects[1]
    content = client.get(measure.get_absolute_url(), {"utm_source": "x"}).content.decode()
    canonical = f'<link rel="canonical" href="{settings.SITE_URL}{measure.get_absolute_url()}">'
    assert canonical in content
