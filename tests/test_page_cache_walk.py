"""Every public page type is a page-cache hit on the second anonymous request.

The walk takes the bundled content and every public GET route from the URL resolver
(``tests/public_urls.py``), plus the page types that only exist with a query (filtered lists, the
self-check result). A page that puts a per-visitor CSRF
token or cookie into its HTML is never stored, so this is also the guard that no such token creeps
onto a public page again (the forms on cached pages are protected by ``ikz.origin`` instead).
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from planning.models import Question
from tests.test_query_budgets import pick_objects, urls_to_check

pytestmark = pytest.mark.django_db

# Form pages that must carry Django's CSRF token: a visitor posts personal data from them, and
# they are linked from the cached pages rather than embedded in them.
FORM_PAGES = {
    "planning:interest-create",  # "Wir planen das auch" (own page, linked from the sheet)
    "submissions:form",  # "Praxisbeispiel melden"
    "planning:plan-start",  # lists the plan in the visitor's session
}
# Routes of the resolver that are no public GET page.
NOT_PAGES = {
    "planning:plan-add",  # POST only
    "planning:plan-create",  # POST only
    "pages:styleguide",  # for the team, behind the login
}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def selfcheck_result_url() -> str:
    answers = {
        question.param: question.options.order_by("weight").first().pk
        for question in Question.objects.prefetch_related("options")
    }
    query = "&".join(f"{param}={pk}" for param, pk in answers.items())
    return f"{reverse('planning:selfcheck-result')}?{query}"


def test_every_public_page_type_is_served_from_the_page_cache(client, page_cache):
    call_command("load_content", stdout=StringIO())
    call_command("load_selfcheck", stdout=StringIO())
    urls = urls_to_check(pick_objects())
    urls["planning:selfcheck-result"] = selfcheck_result_url()
    urls["catalog:measure-list (Filter)"] = reverse("catalog:measure-list") + "?aufwand=low"

    not_cached = {}
    for key, url in urls.items():
        if key in FORM_PAGES | NOT_PAGES:
            continue
        first = client.get(url)
        if first.status_code != 200:
            not_cached[key] = f"{url}: {first.status_code}"
            continue
        second = client.get(url)
        if second.get("X-Page-Cache") != "hit" or "csrfmiddlewaretoken" in second.content.decode(
            errors="replace"
        ):
            not_cached[key] = f"{url}: {first.get('X-Page-Cache')} → {second.get('X-Page-Cache')}"
    assert not_cached == {}
    assert len(urls) > 30  # the walk really found the site's routes


def test_form_pages_keep_their_csrf_token(client, page_cache):
    call_command("load_content", stdout=StringIO())
    urls = urls_to_check(pick_objects())
    for key in FORM_PAGES - {"planning:plan-start"}:
        response = client.get(urls[key])
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert response.get("X-Page-Cache") is None
