"""The main navigation: one disclosure button on a phone, a row of links on a wide screen.

The button is a native ``<details>``, so it opens without JavaScript; the tests run with
JavaScript switched off to prove it.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINKS = "nav[aria-label='Hauptnavigation'] a"


@pytest.fixture
def page_without_js(chromium):
    context = chromium.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def visible_links(page) -> list[str]:
    return [link.inner_text().strip() for link in page.locator(LINKS).all() if link.is_visible()]


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_the_menu_is_one_button_that_opens_without_javascript(
    live_server, page_without_js, width
):
    page = page_without_js
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/massnahmen/")
    toggle = page.get_by_text("Menü", exact=True)
    assert toggle.is_visible()
    assert visible_links(page) == []
    header = page.locator(".site-header__inner").bounding_box()
    line = page.evaluate("() => parseFloat(getComputedStyle(document.body).lineHeight)")
    assert header["height"] <= 6 * line, "the closed header takes more than two rows"

    toggle.click()
    assert visible_links(page) == [
        "Handlungsfelder",
        "Maßnahmen",
        "Praxisbeispiele",
        "Standortbestimmung",
        "Maßnahmenplan",
        "Werkzeuge",
        "Leitfaden",
        "Suche",
    ]
    current = page.locator(f"{LINKS}[aria-current='page']")
    assert [link.inner_text() for link in current.all() if link.is_visible()] == ["Maßnahmen"]
    overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0


def test_on_a_wide_screen_the_links_stand_in_one_row_without_a_button(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    assert not page.get_by_text("Menü", exact=True).is_visible()
    links = [link for link in page.locator(LINKS).all() if link.is_visible()]
    assert len(links) == 8
    tops = {round(link.bounding_box()["y"]) for link in links}
    assert len(tops) == 1, f"the navigation wraps into {len(tops)} rows at 1280 px"
