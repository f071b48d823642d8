"""The filter script: a chosen district brings its own municipalities into the form."""

import re

import pytest

from tests.conftest import make_district, make_example, make_municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_district_swaps_in_its_municipalities(live_server, page):
    north, south = make_district(name="Nordkreis"), make_district(name="Südkreis")
    make_example(municipalities=[make_municipality(north, name="Nordheim")])
    make_example(municipalities=[make_municipality(south, name="Südheim")])
    page.goto(live_server.url + "/praxisbeispiele/")
    for group in ("Landkreis", "Gemeinde"):  # folded <details> (issue 13)
        page.locator("summary").filter(has_text=re.compile(f"^{group}")).click()
    municipalities = page.locator('fieldset[data-facet="gemeinde"]')
    assert "Nordheim" in municipalities.inner_text()
    assert "Südheim" in municipalities.inner_text()

    district = page.get_by_label("Nordkreis", exact=False).first
    district.focus()
    page.keyboard.press("Space")
    page.wait_for_url("**/praxisbeispiele/?*landkreis=*")
    page.wait_for_load_state("networkidle")

    municipalities = page.locator('fieldset[data-facet="gemeinde"]')
    assert "Gemeinden im gewählten Kreis." in municipalities.inner_text()
    assert "Nordheim" in municipalities.inner_text()
    assert "Südheim" not in municipalities.inner_text()
    assert district.evaluate("element => element === document.activeElement")
