"""Print buttons on the measure sheet, the example page and the plan's print view (issue 16).

The button is shown by static/js/print.js; without JavaScript it stays hidden and a hint names
the browser's print command, so every page can be printed either way.
"""

import re

import pytest
from django.urls import reverse

from planning.models import Plan
from tests.conftest import make_example, make_measure

pytestmark = pytest.mark.django_db


def _print_action(html: str) -> str:
    return re.search(r'<p class="print-action no-print">.*?</p>', html, re.S).group(0)


@pytest.mark.parametrize(
    ("page", "label"),
    [("measure", "Maßnahmenblatt drucken"), ("example", "Praxisbeispiel drucken")],
)
def test_the_sheets_offer_a_print_button_with_a_hint_for_pages_without_javascript(
    client, page, label
):
    measure = make_measure()
    url = (make_example(measures=[measure]) if page == "example" else measure).get_absolute_url()
    html = client.get(url).content.decode()
    action = _print_action(html)
    button = '<button type="button" class="button button--quiet button--print" data-print hidden>'
    assert f"{button}{label}</button>" in action
    assert "Strg + P" in action and "data-print-hint" in action
    assert html.count('src="/static/js/print.js"') == 1


def test_the_plan_print_view_has_the_button_and_the_plan_pages_link_to_it(client):
    client.post(reverse("planning:plan-add"), {"massnahme": [make_measure().slug]})
    plan = Plan.objects.get()
    print_url = reverse("planning:plan-print", kwargs={"token": plan.view_token})
    html = client.get(print_url).content.decode()
    assert "data-print hidden>Plan drucken oder als PDF speichern</button>" in html
    assert 'src="/static/js/print.js"' in html
    assert "Strg+P" in html  # the hint without JavaScript
    assert print_url in client.get(plan.get_absolute_url()).content.decode()


def test_the_print_script_reveals_the_button_and_hides_the_hint(settings):
    script = (settings.BASE_DIR / "static" / "js" / "print.js").read_text()
    assert "button.hidden = false" in script
    assert "hint.hidden = true" in script
    assert "window.print()" in script
