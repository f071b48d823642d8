"""Guard over every public page: German, one <h1>, canonical link, meta description, breadcrumbs.

The URLs come from the one URL walker (``tests/public_urls.py``): every public route, detail
pages filled with a real object, plus the 404 and the 410 page – so a new page is guarded the
moment it is routed. Every route answers: 200, 400 only on a proper page asking for input, 405
only where GET is not offered. The site's HTML pages are checked.
"""

import re

import pytest

from catalog.models import PublicationState
from tests.conftest import (
    make_cooperation_form,
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)
from tests.public_urls import public_routes, url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    field = make_field(title="Verwaltungsprozesse", goal="Ziel")
    measure = make_measure(field, steps="1. Anfangen", sources="https://example.org/q")
    resource = make_resource()
    measure.resources.add(resource)
    municipality = make_municipality()
    form = make_cooperation_form()
    example = make_example(measures=[measure], municipalities=[municipality], cooperation_form=form)
    example.tags.add("Bauhof")
    make_glossary_term()
    objects = {
        "field": field,
        "measure": measure,
        "example": example,
        "page": make_page(slug="impressum", title="Impressum"),
        "resource": resource,
        "district": municipality.district,
        "municipality": municipality,
        "cooperation_form": form,
        "tag": example.tags.get(),
    }
    gone = make_measure(field, publication_state=PublicationState.ARCHIVED)
    return objects, gone


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


def test_every_public_page_answers_and_every_html_page_is_a_proper_german_page(client, catalogue):
    objects, _ = catalogue
    checked = []
    for key, namespace, name in public_routes():
        url = url_for(key, namespace, name, objects)
        response = client.get(url)
        if response.status_code == 405:  # a form's POST-only target
            assert "GET" not in response["Allow"], url
            continue
        site_page = namespace != "api" and "text/html" in response["Content-Type"]
        # 400: a page that needs answers (the self-check result) says so on a proper page
        assert response.status_code == 200 or (response.status_code == 400 and site_page), url
        # the API's own HTML (Swagger UI, browsable API) is not a page of the site
        if site_page:
            assert_is_a_proper_page(url, response)
            checked.append(url)
    for obj in objects.values():
        if hasattr(obj, "get_absolute_url"):
            assert obj.get_absolute_url().split("#")[0] in checked, obj
    for expected in ["/", "/handlungsfelder/", "/massnahmen/", "/werkzeuge/", "/leitfaden/"]:
        assert expected in checked


def test_error_pages_are_proper_german_pages(client, catalogue):
    _, gone = catalogue
    not_found = client.get("/massnahmen/gibt-es-nicht/")
    assert not_found.status_code == 404
    assert_is_a_proper_page("404", not_found)
    archived = client.get(gone.get_absolute_url())
    assert archived.status_code == 410
    assert_is_a_proper_page("410", archived)


def test_canonical_url_of_a_detail_page_is_its_absolute_url(client, settings, catalogue):
    objects, _ = catalogue
    measure = objects["measure"]
    content = client.get(measure.get_absolute_url(), {"utm_source": "x"}).content.decode()
    canonical = f'<link rel="canonical" href="{settings.SITE_URL}{measure.get_absolute_url()}">'
    assert canonical in content
