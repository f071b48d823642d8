# ruff: noqa: F811  (pytest fixtures imported from tests/browser are used as arguments)
"""The report form in real headless Chromium: axe-core finds nothing, and it works without JS.

Skips when Chromium or ``node_modules/axe-core`` is missing (see tests/browser/conftest.py).
"""

import json

import pytest

from submissions.models import Submission

# The browser fixtures live in tests/browser/conftest.py; importing them shares one set-up.
from tests.browser.conftest import axe_script, chromium  # noqa: F401
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_page(chromium, javascript=True, width=1280):
    context = chromium.new_context(
        locale="de-DE", viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    return context.new_page()


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_axe_finds_nothing_on_the_empty_and_the_corrected_form(
    live_server, chromium, axe_script, places, settings, width
):
    settings.SUBMISSIONS_MIN_SECONDS = 0
    page = open_page(chromium, width=width)
    page.goto(f"{live_server.url}/praxisbeispiel-melden/?massnahme=buergerportal")
    assert axe_violations(page, axe_script) == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0

    page.click("text=Meldung absenden")
    assert page.title().startswith("Fehler:")
    violations = axe_violations(page, axe_script)
    assert violations == [], json.dumps(violations, indent=2)
    page.context.close()


def test_the_error_summary_leads_to_the_field(live_server, chromium, places):
    page = open_page(chromium)
    page.goto(f"{live_server.url}/praxisbeispiel-melden/")
    page.click("text=Meldung absenden")

    page.click(".form-summary a[href='#id_title']")

    assert page.evaluate("() => document.activeElement.id") == "id_title"
    page.context.close()


def test_a_visitor_without_javascript_can_report_an_example(
    live_server, chromium, places, settings, mailoutbox
):
    settings.SUBMISSIONS_MIN_SECONDS = 0
    page = open_page(chromium, javascript=False)
    page.goto(f"{live_server.url}/praxisbeispiel-melden/")

    page.fill("#id_title", "Gemeinsamer Bauhof")
    page.click("summary:has-text('Südkreis')")
    page.check("label:has-text('Adorf')")
    page.check("label:has-text('Gemeinsames Bürgerportal')")
    page.fill("#id_description", "Zwei Gemeinden teilen Fahrzeuge.")
    page.fill("#id_contact_organisation", "Stadt Adorf")
    page.fill("#id_contact_email", "bauhof@example.org")
    page.check("#id_privacy")
    page.click("text=Meldung absenden")

    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Meldung"
    submission = Submission.objects.get()
    assert list(submission.municipalities.values_list("name", flat=True)) == ["Adorf"]
    assert list(submission.measures.values_list("slug", flat=True)) == ["buergerportal"]
    assert mailoutbox[0].to == ["bauhof@example.org"]
    page.context.close()
