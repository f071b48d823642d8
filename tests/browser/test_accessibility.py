"""axe-core reports zero violations on every page type, in real headless Chromium.

Rules: all of axe's default rules (WCAG 2.0/2.1 A and AA plus its best practices). Each page is
checked at a desktop and a 320 px phone width, where reflow and target problems would show.
"""

import json
from pathlib import Path

import pytest
from django.test import Client

from catalog.models import Basis, PublicationState, ResourceKind
from tests.conftest import (
    make_actor,
    make_cooperation_form,
    make_district,
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {"resultTypes": ["violations"]}


def build_catalogue():
    """A small but complete catalogue: every component of every page type has content."""
    leipzig = make_district(name="Landkreis Leipzig", slug="landkreis-leipzig")
    places = [
        make_municipality(leipzig, name="Großpösna", population=5412),
        make_municipality(leipzig, name="Belgershain", population=3209),
    ]
    field = make_field(
        number=1,
        title="Verwaltungsprozesse",
        slug="verwaltungsprozesse",
        summary="Verwaltungsleistungen gemeinsam digitalisieren.",
        goal="Prozesse **einmal** gestalten, mehrfach nutzen.",
        description="Mehrere Gemeinden teilen sich:\n\n- Software\n- Wissen",
    )
    other_field = make_field(number=2, title="Strategie und Steuerung", slug="strategie")
    measure = make_measure(
        field,
        number=1,
        title="Gemeinsame E-Akte",
        slug="gemeinsame-e-akte",
        steps="1. Bedarf klären\n2. Vereinbarung schließen",
        prerequisites="Ratsbeschluss",
        benefits="Weniger Papier",
        risks="Unklare Kosten",
        basis=Basis.DOCUMENTED,
        sources="https://www.example.org/quelle",
    )
    measure.actors.add(make_actor(name="Hauptamt"))
    measure.resources.add(make_resource(title="Checkliste E-Akte", kind=ResourceKind.CHECKLIST))
    following = make_measure(field, number=2, title="Gemeinsames Bürgerportal", slug="portal")
    measure.related.add(following)
    make_measure(other_field, number=1, title="Digitalstrategie im Verbund", slug="strategie-v")
    example = make_example(
        title="Gemeinsames Bürgerbüro",
        slug="buergerbuero",
        summary="Zwei Gemeinden betreiben ein Bürgerbüro.",
        description="Beschreibung mit **Betonung**.",
        results="Kürzere Wege.",
        lessons_learned="Früh beteiligen.",
        start_year=2020,
        cooperation_form=make_cooperation_form(name="Zweckvereinbarung"),
        measures=[measure],
        municipalities=places,
        sources="https://www.example.org/beispiel",
    )
    example.tags.add("Bürgerservice")
    make_example(title="Bauhof im Verbund", slug="bauhof", measures=[measure, following])
    make_glossary_term(term="Interkommunale Zusammenarbeit", slug="ikz")
    make_page(slug="impressum", title="Impressum", body="Verantwortlich: SSG")
    make_page(slug="methode", title="Methodischer Ansatz", summary="Wie der Leitfaden entstand.")
    make_measure(field, number=9, title="Alte Maßnahme", slug="alt", publication_state="archived")
    return {"example": example, "measure": measure}


PAGE_TYPES = {
    "start": "/",
    "field-list": "/handlungsfelder/",
    "field-detail": "/handlungsfelder/verwaltungsprozesse/",
    "measure-list": "/massnahmen/",
    "measure-detail": "/massnahmen/gemeinsame-e-akte/",
    "example-list": "/praxisbeispiele/",
    "example-list-filtered": "/praxisbeispiele/?landkreis=landkreis-leipzig",
    "example-detail": "/praxisbeispiele/buergerbuero/",
    "search": "/suche/?q=B%C3%BCrgerb%C3%BCro",
    "resources": "/werkzeuge/",
    "guide": "/leitfaden/",
    "content-page": "/impressum/",
    "not-found": "/massnahmen/gibt-es-nicht/",
    "archived": "/massnahmen/alt/",
}


def axe_violations(page, axe_script):
    # Evaluated through the DevTools protocol: a <script> tag would break the page's CSP.
    reports = getattr(page, "csp_violations", [])  # the browser tests' page fixture has them
    reported = len(reports)
    page.evaluate(Path(axe_script).read_text(encoding="utf-8"))
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    # Some of axe-core's checks set inline styles, which the CSP refuses: not the page's doing.
    del reports[reported:]
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_violations(live_server, page, axe_script, page_type):
    build_catalogue()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(live_server.url + PAGE_TYPES[page_type])
        assert response.status in (200, 404, 410)
        violations = axe_violations(page, axe_script)
        assert violations == [], f"{width}px: " + json.dumps(
            violations, indent=2, ensure_ascii=False
        )


def test_axe_finds_no_violations_in_the_editor_preview_and_styleguide(
    live_server, page, axe_script, editor
):
    build_catalogue()
    make_measure(title="Entwurf", slug="entwurf", publication_state=PublicationState.DRAFT)
    browser = Client()
    browser.force_login(editor)
    page.context.add_cookies(
        [{"name": "sessionid", "value": browser.cookies["sessionid"].value, "url": live_server.url}]
    )
    for path in ["/massnahmen/entwurf/", "/styleguide/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        violations = axe_violations(page, axe_script)
        assert violations == [], f"{path}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_pages_do_not_scroll_sideways_on_a_320_px_phone(live_server, page):
    build_catalogue()
    page.set_viewport_size({"width": 320, "height": 640})
    for page_type in ["start", "field-detail", "measure-detail", "example-detail", "resources"]:
        page.goto(live_server.url + PAGE_TYPES[page_type])
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page_type} is {overflow}px too wide"


def test_focus_is_visible_on_links_and_controls(live_server, page):
    build_catalogue()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible()
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
