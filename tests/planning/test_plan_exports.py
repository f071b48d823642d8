"""The council draft (DOCX) and measures that left the catalogue (issue 14 point 4, issue 18
point 5): the plan's pages and downloads show only published measures."""

import csv
import io

import docx
import pytest
from django.urls import reverse

from catalog.models import PublicationState
from planning.models import Plan, PlanItem, Priority
from tests.conftest import make_example, make_field, make_measure, make_municipality

pytestmark = pytest.mark.django_db


def docx_url(plan):
    return reverse("planning:plan-docx", kwargs={"token": plan.view_token})


def make_council_plan():
    plan = Plan.objects.create(title="Verbundraum Partheland 2027")
    field = make_field(title="Informationssicherheit und Datenschutz")
    dpo = make_measure(field_of_action=field, title="Gemeinsamen Datenschutzbeauftragten bestellen")
    make_example(
        title="Datenschutz im Verbund Wurzen",
        measures=[dpo],
        municipalities=[make_municipality(name="Wurzen")],
        federal_state="SN",
        sources="https://example.org/wurzen-datenschutz",
    )
    make_example(title="Aus Bayern", measures=[dpo], federal_state="BY")
    item = PlanItem.objects.create(
        plan=plan,
        measure=dpo,
        measure_title=dpo.title,
        position=1,
        priority=Priority.HIGH,
        reason="weil Sie bei „Datenschutz“ „Beauftragte sind nicht bestellt“ angegeben haben",
        responsible="Hauptamtsleitung",
    )
    item.partners.set([make_municipality(name="Brandis"), make_municipality(name="Naunhof")])
    return plan, dpo


def test_the_council_draft_opens_with_python_docx_and_has_its_parts(client):
    plan, dpo = make_council_plan()
    response = client.get(docx_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == "Entwurf einer Beschlussvorlage"
    for heading in ("Sachverhalt", "Sächsische Praxisbeispiele", "Beschlussvorschlag"):
        assert heading in headings
    assert f"1. {dpo.code} Gemeinsamen Datenschutzbeauftragten bestellen" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "Entwurf – keine Rechtsberatung; vor Beschluss mit der Rechtsaufsichtsbehörde abstimmen."
        in text
    )
    assert "Betreff: Verbundraum Partheland 2027" in text
    assert "Begründung: Weil Sie bei „Datenschutz“" in text
    assert "Partnerkommunen: Brandis, Naunhof" in text
    assert "Priorität: hoch" in text
    assert (
        "Datenschutz im Verbund Wurzen" in text and "https://example.org/wurzen-datenschutz" in text
    )
    assert "Aus Bayern" not in text  # Saxon examples only
    assert "Der [Gemeinderat/Stadtrat] der [Gemeinde] beschließt:" in text


def test_the_draft_needs_a_constant_number_of_queries(client, django_assert_num_queries):
    plan, _ = make_council_plan()
    for _ in range(4):
        PlanItem.objects.create(plan=plan, measure=make_measure(), position=9)
    # plan, items with measures, partners, examples, their municipalities
    with django_assert_num_queries(5):
        assert client.get(docx_url(plan)).status_code == 200


def test_the_edit_and_read_pages_offer_the_draft(client):
    plan, _ = make_council_plan()
    assert docx_url(plan) in client.get(plan.get_absolute_url()).content.decode()
    assert docx_url(plan) in client.get(plan.get_edit_url()).content.decode()


@pytest.mark.parametrize(
    "state", [PublicationState.ARCHIVED, PublicationState.DRAFT, PublicationState.REVIEW]
)
def test_a_measure_that_left_the_catalogue_is_shown_as_such_everywhere(client, state):
    plan, dpo = make_council_plan()
    dpo.title = "Neu bearbeiteter Titel"
    dpo.summary = "Neu bearbeiteter Text"
    dpo.publication_state = state
    dpo.save()
    pages = {
        "detail": client.get(plan.get_absolute_url()).content.decode(),
        "print": client.get(
            reverse("planning:plan-print", kwargs={"token": plan.view_token})
        ).content.decode(),
        "edit": client.get(plan.get_edit_url()).content.decode(),
    }
    for name, html in pages.items():
        assert "Neu bearbeitet" not in html, name
        assert "Gemeinsamen Datenschutzbeauftragten bestellen" in html, name
        assert "nicht mehr im Katalog" in html, name
        assert dpo.get_absolute_url() not in html, name
        assert "Hauptamtsleitung" in html, name  # the authors' own entries stay
    body = client.get(
        reverse("planning:plan-csv", kwargs={"token": plan.view_token})
    ).content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[1][:3] == [
        "–",
        "Gemeinsamen Datenschutzbeauftragten bestellen (nicht mehr im Katalog)",
        "–",
    ]
    assert rows[1][-1] == "" and "Neu bearbeitet" not in body
    document = docx.Document(io.BytesIO(client.get(docx_url(plan)).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Neu bearbeitet" not in text and "Datenschutz im Verbund Wurzen" not in text
    assert "Diese Maßnahme steht nicht mehr im Katalog." in text


def test_a_measure_in_an_unpublished_field_of_action_left_the_catalogue_too(client):
    plan, dpo = make_council_plan()
    dpo.field_of_action.publication_state = PublicationState.ARCHIVED
    dpo.field_of_action.save()
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "nicht mehr im Katalog" in html and dpo.get_absolute_url() not in html
