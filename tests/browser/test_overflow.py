"""No page scrolls sideways on a phone or a tablet, in real headless Chromium.

The public pages are the URL walker's (every routed HTML page, with the busiest object of each
kind) plus the pages reached through forms: filtered lists, a second list page, the self-check
result, a plan's edit, read and print views and the 404 page. They are filled with the bundled
content, whose long German compounds ("Datenschutz-/Informationssicherheitsbeauftragte") and
long municipality lists are what broke the layout before. Headless Chromium has no German
hyphenation dictionary, so the test also proves that ``overflow-wrap`` keeps every word inside
its column where a browser cannot hyphenate.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from catalog.models import FieldOfAction, Measure
from pages.models import Page
from planning.models import Plan, PlanItem, Question
from practice.models import District, PracticeExample
from tests.public_urls import public_routes, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 768)
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(0, 3)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def bundled_catalogue() -> dict:
    """The real content, the busiest object of each kind and a plan with eight measures."""
    call_command("load_content", stdout=StringIO())
    call_command("load_selfcheck", stdout=StringIO())
    measure = (
        Measure.objects.published()
        .annotate(n=Count("practice_examples"))
        .order_by("-n", "pk")
        .first()
    )
    example = (
        PracticeExample.objects.published()
        .annotate(n=Count("municipalities"))
        .order_by("-n", "pk")
        .first()
    )
    longest_field = max(FieldOfAction.objects.published(), key=lambda field: len(field.title))
    plan = Plan.objects.create(title="Maßnahmenplan der Verwaltungsgemeinschaft Neukirch/Lausitz")
    for item in Measure.objects.published()[:8]:
        PlanItem.objects.create(plan=plan, measure=item, responsible="Hauptamtsleitung")
    return {
        "measure": measure,
        "field": longest_field,
        "example": example,
        "plan": plan,
    }


def selfcheck_answers() -> str:
    answers = [
        f"{question.param}={question.options.all()[0].pk}"
        for question in Question.objects.for_questionnaire()
    ]
    return "&".join(answers)


def pages_to_check(objects: dict) -> dict[str, str]:
    objects = {
        **objects,
        "page": Page.objects.published().order_by("-body").first(),
        "district": District.objects.annotate(n=Count("municipalities")).order_by("-n").first(),
    }
    urls = {}
    client = Client()
    for key, namespace, name in public_routes():
        url = url_for(key, namespace, name, objects)
        if url is None or namespace == "api":
            continue
        response = client.get(url)  # keep the HTML pages; feeds, CSV and POST-only routes go
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            urls[key] = url
    plan = objects["plan"]
    urls.update(
        {
            "measure-list (Filter)": reverse("catalog:measure-list")
            + f"?handlungsfeld={objects['field'].slug}",
            "example-list (Filter)": reverse("practice:example-list")
            + f"?landkreis={objects['district'].slug}",
            "example-list (Seite 2)": reverse("practice:example-list") + "?seite=2",
            "search (Treffer)": reverse("catalog:search") + "?q=Datenschutz",
            "selfcheck-result": reverse("planning:selfcheck-result") + "?" + selfcheck_answers(),
            "plan-edit": plan.get_edit_url(),
            "plan-detail": plan.get_absolute_url(),
            "plan-print": reverse("planning:plan-print", kwargs={"token": plan.view_token}),
            "not-found": "/massnahmen/gibt-es-nicht/",
        }
    )
    return urls


def test_no_public_page_scrolls_sideways_at_320_390_and_768_px(live_server, page):
    urls = pages_to_check(bundled_catalogue())
    assert len(urls) >= 20, urls
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for key, url in urls.items():
            response = page.goto(live_server.url + url)
            assert response.status in (200, 404), f"{key} ({url}): {response.status}"
            result = page.evaluate(OVERFLOW)
            if result["scroll"] > result["width"]:
                too_wide.append(f"{width}px {key} ({url}): {result['scroll']}px, {result['wide']}")
    assert too_wide == [], "\n".join(too_wide)
