"""Planning tools in headless Chromium: a plan built with the keyboard only, and axe-core on the
plan, self-check, gaps and map pages (zero violations)."""

import json

import pytest

from planning.models import AnswerOption, ItemStatus, Plan, Priority, Question
from tests.browser.test_accessibility import axe_violations, build_catalogue
from tests.browser.test_keyboard import tab_to
from tests.conftest import make_example, make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_selfcheck(catalogue):
    measure = catalogue["measure"]
    question = Question.objects.create(
        field_of_action=measure.field_of_action,
        key="prozesse",
        text="Sind wichtige Abläufe mit Partnern abgestimmt?",
        help_text="Gemeint sind z. B. Meldewesen oder Gewerbe.",
    )
    first = AnswerOption.objects.create(question=question, text="Nein", weight=0, order=1)
    first.measures.add(measure)
    AnswerOption.objects.create(question=question, text="Ja, weitgehend", weight=3, order=2)
    return question, first


def test_a_plan_is_built_with_the_keyboard_only(live_server, page):
    catalogue = build_catalogue()
    page.goto(live_server.url + catalogue["measure"].get_absolute_url())

    # 1. On the measure sheet: the add button, operated with Enter.
    tab_to(page, page.get_by_role("button", name="Zum Maßnahmenplan hinzufügen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/massnahmenplan/bearbeiten/*/")
    assert "steht jetzt in Ihrem Maßnahmenplan" in page.locator(".messages").inner_text()

    # 2. Fill in the entry: selects by typing, text fields by typing.
    tab_to(page, page.get_by_label("Titel des Plans"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Verbundraum Großpösna 2027")
    tab_to(page, page.get_by_label("Priorität"))
    page.keyboard.type("hoch")
    tab_to(page, page.get_by_label("Stand"))
    page.keyboard.type("in")
    tab_to(page, page.get_by_label("Verantwortlich (Person oder Rolle)"))
    page.keyboard.type("Hauptamtsleitung")
    tab_to(page, page.get_by_label("Notizen"))
    page.keyboard.type("Im Gemeinderat vorstellen.")
    # the partner search: Enter in the field saves everything typed, then shows the hits
    tab_to(page, page.get_by_label("Partnerkommune suchen"))
    page.keyboard.type("Gro")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**?gemeinde=Gro*")
    tab_to(page, page.get_by_label("Großpösna", exact=False).first)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Neue Partner bei allen Maßnahmen eintragen"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Plan speichern"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Ihr Maßnahmenplan ist gespeichert." in page.locator(".messages").inner_text()

    plan = Plan.objects.get()
    item = plan.items.get()
    assert plan.title == "Verbundraum Großpösna 2027"
    assert (item.priority, item.status) == (Priority.HIGH, ItemStatus.IN_PROGRESS)
    assert item.responsible == "Hauptamtsleitung"
    assert [m.name for m in item.partners.all()] == ["Großpösna"]
    assert item.notes == "Im Gemeinderat vorstellen."

    # 3. A second measure from the plan page itself, then the print view by keyboard.
    tab_to(page, page.get_by_role("button", name="Hinzufügen", exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert plan.items.count() == 2
    tab_to(page, page.get_by_role("link", name="Druckansicht (A4, als PDF speicherbar)"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/druck/")
    assert page.get_by_role("heading", level=1).inner_text() == "Verbundraum Großpösna 2027"
    assert "Großpösna" in page.content()


def test_axe_finds_no_violations_on_the_planning_pages(live_server, page, axe_script):
    catalogue = build_catalogue()
    question, answer = build_selfcheck(catalogue)
    make_measure(catalogue["measure"].field_of_action, number=7, title="Ohne Beispiel")
    make_example(title="Noch eins", measures=[catalogue["measure"]])
    plan = Plan.objects.create(title="Unser Plan")
    item = plan.items.create(measure=catalogue["measure"], responsible="Hauptamt")
    item.partners.set(catalogue["example"].municipalities.all())
    measure_url = catalogue["measure"].get_absolute_url()
    paths = [
        "/massnahmenplan/",
        plan.get_edit_url(),
        plan.get_absolute_url(),
        f"/massnahmenplan/{plan.view_token}/druck/",
        "/standortbestimmung/",
        f"/standortbestimmung/ergebnis/?{question.param}={answer.pk}",
        f"/standortbestimmung/ergebnis/?{question.param}=999",  # the form with an error
        "/fehlende-beispiele/",
        f"{measure_url}wir-planen-das-auch/",
        "/praxisbeispiele/",  # the map with its table
        "/",
    ]
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status in (200, 400), path
            # open the collapsed parts (map table, report form) so axe checks them, too
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            violations = axe_violations(page, axe_script)
            assert violations == [], f"{path} @ {width}px: " + json.dumps(
                violations, indent=2, ensure_ascii=False
            )


def test_the_edit_form_with_errors_has_no_violations(live_server, page, axe_script):
    catalogue = build_catalogue()
    plan = Plan.objects.create()
    plan.items.create(measure=catalogue["measure"])
    page.goto(live_server.url + plan.get_edit_url())
    # what a browser would stop, the server must stop too
    page.evaluate(
        "() => document.querySelectorAll('[maxlength]')"
        ".forEach(e => e.removeAttribute('maxlength'))"
    )
    page.get_by_label("Verantwortlich (Person oder Rolle)").fill("x" * 201)
    with page.expect_navigation():
        page.get_by_role("button", name="Plan speichern").click()
    assert "Der Plan wurde nicht gespeichert" in page.content()
    violations = axe_violations(page, axe_script)
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)


def test_with_javascript_entries_move_in_place_and_the_search_completes(live_server, page):
    from tests.conftest import make_municipality

    catalogue = build_catalogue()
    plan = Plan.objects.create()
    first = plan.items.create(measure=catalogue["measure"], position=1)
    second_measure = make_measure(catalogue["measure"].field_of_action, number=8, title="Zweite")
    second = plan.items.create(measure=second_measure, position=2)
    make_municipality(name="Eilenburg")
    page.goto(live_server.url + plan.get_edit_url())
    page.locator(f'button[value="{second.pk}:hoch"]').click()
    assert page.locator("[data-plan-item]").first.get_attribute("id") == f"eintrag-{second.pk}"
    page.get_by_label("Partnerkommune suchen").fill("Eilen")
    page.get_by_label("Eilenburg", exact=False).check()
    page.get_by_role("button", name="Plan speichern").click()
    page.wait_for_load_state()
    assert list(plan.items.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert [m.name for m in plan.partners.all()] == ["Eilenburg"]


def test_the_plan_and_the_result_do_not_scroll_sideways_on_a_320_px_phone(live_server, page):
    from tests.conftest import make_municipality

    catalogue = build_catalogue()
    question, answer = build_selfcheck(catalogue)
    plan = Plan.objects.create(title="Verwaltungsgemeinschaft Neukirch/Lausitz und Nachbarn")
    item = plan.items.create(
        measure=catalogue["measure"],
        reason="weil Sie bei „Datenschutz und Informationssicherheit“ „Beauftragte sind nicht "
        "oder nur formal bestellt“ angegeben haben",
        responsible="Hauptamtsleitung",
    )
    partners = [make_municipality(name=n) for n in ("Großpösna", "Hohnstein", "Schwarzenberg")]
    plan.partners.set(partners)
    item.partners.set(partners)
    paths = [
        plan.get_edit_url() + "?gemeinde=o",
        plan.get_absolute_url(),
        f"/standortbestimmung/ergebnis/?{question.param}={answer.pk}",
    ]
    page.set_viewport_size({"width": 320, "height": 800})
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path}: {width}px"


def test_keyboard_only_from_self_check_to_the_council_draft(live_server, page, axe_script):
    import docx

    from tests.conftest import make_municipality

    catalogue = build_catalogue()  # with the municipality Großpösna
    make_municipality(name="Grimma")
    build_selfcheck(catalogue)
    page.goto(live_server.url + "/standortbestimmung/")
    tab_to(page, page.get_by_label("Nein", exact=True))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Auswerten"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert axe_violations(page, axe_script) == []
    assert "Empfohlen, weil Sie bei" in page.content()
    tab_to(page, page.get_by_role("button", name="Ausgewählte Empfehlungen", exact=False))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/massnahmenplan/bearbeiten/*/")
    assert axe_violations(page, axe_script) == []
    # two partner municipalities in one step: search, tick both hits
    tab_to(page, page.get_by_label("Partnerkommune suchen"))
    page.keyboard.type("Gr")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for name in ("Grimma", "Großpösna"):
        tab_to(page, page.get_by_label(name, exact=False).first)
        page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Neue Partner bei allen Maßnahmen eintragen"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Plan speichern"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    plan = Plan.objects.get()
    assert sorted(m.name for m in plan.items.get().partners.all()) == ["Grimma", "Großpösna"]
    assert plan.items.get().reason.startswith("weil Sie bei")
    tab_to(page, page.get_by_role("link", name="Entwurf einer Beschlussvorlage", exact=False))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    document = docx.Document(download.value.path())
    assert document.paragraphs[0].text == "Entwurf einer Beschlussvorlage"
