"""The print button: shown and working with JavaScript, replaced by a hint without it."""

import pytest

from tests.conftest import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_measure_sheet_prints_with_the_button(live_server, page):
    measure = make_measure()
    page.add_init_script("window.print = function () { window.__printed = true; };")
    page.goto(live_server.url + measure.get_absolute_url())
    button = page.get_by_role("button", name="Maßnahmenblatt drucken")
    assert button.is_visible()
    assert not page.locator("[data-print-hint]").is_visible()
    button.click()
    assert page.evaluate("window.__printed === true")


def test_without_javascript_the_hint_replaces_the_button(live_server, chromium):
    measure = make_measure()
    context = chromium.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + measure.get_absolute_url())
    assert page.get_by_role("button", name="Maßnahmenblatt drucken").count() == 0
    assert "Strg + P" in page.locator("[data-print-hint]").inner_text()
    context.close()
