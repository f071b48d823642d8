"""The editors' admin in real headless Chromium: axe-core violations and sideways scrolling.

axe runs with all its default rules (every impact) on the login page, the dashboard, the change
list and change form of every content model, import and export, a submission and a history page.
The change lists and forms must also fit a 768 px tablet without scrolling sideways.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import FieldOfAction, GlossaryTerm, Measure, Resource
from pages.models import Page
from planning.models import Question
from practice.models import CooperationForm, District, Municipality, PracticeExample
from submissions.models import Submission
from tests.browser.test_accessibility import axe_violations, build_catalogue
from tests.conftest import make_glossary_term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT_MODELS = [
    FieldOfAction,
    Measure,
    Resource,
    GlossaryTerm,
    PracticeExample,
    CooperationForm,
    District,
    Municipality,
    Page,
    Question,
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def admin_pages() -> dict[str, str]:
    build_catalogue()
    make_glossary_term(term="Zweckvereinbarung", slug="zweckvereinbarung")
    Question.objects.create(
        field_of_action=FieldOfAction.objects.first(),
        key="strategie",
        text="Gibt es eine gemeinsame Strategie?",
    )
    submission = Submission.objects.create(
        title="Gemeinsamer Bauhof",
        description="Zwei Gemeinden teilen sich einen Bauhof.",
        contact_organisation="Gemeinde Großpösna",
        privacy_accepted_at=timezone.now(),
    )
    measure = Measure.objects.get(slug="gemeinsame-e-akte")
    measure.summary = "Geänderte Kurzbeschreibung"
    measure.save()
    pages = {"index": reverse("admin:index")}
    for model in CONTENT_MODELS:
        name = model._meta.model_name
        pages[f"{name} list"] = admin_url(model, "changelist")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages[f"{name} change"] = admin_url(model, "change", obj.pk)
    pages.update(
        {
            "measure add": admin_url(Measure, "add"),
            "measure history": admin_url(Measure, "history", measure.pk),
            "measure import": admin_url(Measure, "import"),
            "measure export": admin_url(Measure, "export"),
            "example import": admin_url(PracticeExample, "import"),
            "example export": admin_url(PracticeExample, "export"),
            "submission list": admin_url(Submission, "changelist"),
            "submission change": admin_url(Submission, "change", submission.pk),
        }
    )
    return pages


def log_in(page, live_server, admin_user):
    browser = Client()
    browser.force_login(admin_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": browser.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_axe_finds_no_violations_in_the_admin(live_server, page, axe_script, admin_user):
    page.goto(live_server.url + reverse("admin:login"))
    found = {"login": axe_violations(page, axe_script)}
    pages = admin_pages()
    log_in(page, live_server, admin_user)
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, f"{name}: {response.status}"
        found[name] = axe_violations(page, axe_script)
    found = {name: violations for name, violations in found.items() if violations}
    assert found == {}, json.dumps(found, indent=2, ensure_ascii=False)


def test_admin_lists_and_forms_fit_a_768_px_tablet(live_server, page, admin_user):
    pages = admin_pages()
    log_in(page, live_server, admin_user)
    page.set_viewport_size({"width": 768, "height": 900})
    too_wide = []
    for name, url in pages.items():
        page.goto(live_server.url + url)
        scroll = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        if scroll > 0:
            wide = page.evaluate(
                "() => [...document.querySelectorAll('body *')]"
                ".filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 4)"
                ".map(e => e.tagName + '.' + e.className + '#' + e.id)"
            )
            too_wide.append(f"{name}: {scroll}px {wide}")
    assert too_wide == [], "\n".join(too_wide)
