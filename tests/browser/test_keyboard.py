"""Keyboard only: start page → filter the practice examples → open one → back to the filtered list.

Only Tab, Space and Enter are used inside the pages; every step checks where the focus is, so a
control that cannot be reached or operated by keyboard fails the test. "Back" is the browser's
history step (Alt+← belongs to the browser's own interface, which headless Chromium lacks, so the
test takes the same step with ``go_back``).
"""

import pytest

from tests.browser.test_accessibility import build_catalogue
from tests.conftest import make_example, make_municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 250


def tab_to(page, locator, key="Tab"):
    """Press Tab until ``locator`` has the focus; fail if it never gets it."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Per Tastatur nicht erreichbar: {locator}")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_keyboard_only_from_start_page_through_filter_to_example_and_back(
    live_server, chromium, javascript
):
    context = chromium.new_context(locale="de-DE", java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    build_catalogue()
    make_example(
        title="Kooperation in Dresden", slug="dresden", municipalities=[make_municipality()]
    )
    page.goto(live_server.url + "/")

    # 1. Start page: the first Tab reaches the skip link, then on to the practice examples.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Zum Inhalt springen"
    )
    tab_to(page, page.locator("main").get_by_role("link", name="Alle Praxisbeispiele").first)
    page.keyboard.press("Enter")
    page.wait_for_url("**/praxisbeispiele/")

    # 2. Open the folded "Landkreis" group, filter by district with the labelled checkbox, then
    # apply the filter.
    summary = page.locator("summary", has_text="Landkreis")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    district = page.get_by_label("Landkreis Leipzig", exact=False).first
    tab_to(page, district)
    page.keyboard.press("Space")
    assert district.is_checked()
    tab_to(page, page.get_by_role("button", name="Filter anwenden"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/praxisbeispiele/?*landkreis=landkreis-leipzig*")
    # With JavaScript the checkbox and the button each fetch and swap the results; the URL changes
    # with the first swap already, so wait until no fetch is under way before using the results.
    page.wait_for_load_state("networkidle")
    results = page.locator("#ergebnisse")
    results.get_by_role("link", name="Gemeinsames Bürgerbüro").wait_for()
    assert results.get_by_role("link", name="Kooperation in Dresden").count() == 0

    # 3. Open the practice example from the filtered results.
    tab_to(page, results.get_by_role("link", name="Gemeinsames Bürgerbüro"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/praxisbeispiele/buergerbuero/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gemeinsames Bürgerbüro"

    # 4. Back: the list comes back with the filter still set.
    page.go_back()
    page.wait_for_url("**/praxisbeispiele/?*landkreis=landkreis-leipzig*")
    assert page.get_by_label("Landkreis Leipzig", exact=False).first.is_checked()
    results = page.locator("#ergebnisse")
    assert results.get_by_role("link", name="Kooperation in Dresden").count() == 0
    tab_to(page, results.get_by_role("link", name="Gemeinsames Bürgerbüro"))
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_first_result_is_at_most_20_tab_presses_from_the_top(live_server, chromium, width):
    """Tab from the top; the one Enter is on "Direkt zu den Ergebnissen" when it has the focus."""
    context = chromium.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    build_catalogue()
    page.goto(live_server.url + "/praxisbeispiele/")
    first_result = page.locator("#ergebnisse .result-list a").first
    tabs = 0
    while not first_result.evaluate("element => element === document.activeElement"):
        assert tabs < 20, "Mehr als 20 Tabs bis zum ersten Ergebnis"
        page.keyboard.press("Tab")
        tabs += 1
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused == "Direkt zu den Ergebnissen":
            box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
            assert box["top"] >= 0 and box["bottom"] <= 900 and box["width"] > 0  # visible
            page.keyboard.press("Enter")
    assert tabs <= 20
    context.close()
