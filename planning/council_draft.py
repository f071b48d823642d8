"""The plan as an editable council draft (DOCX, python-docx): "Entwurf einer Beschlussvorlage".

Sachverhalt (the chosen measures with their essentials, reasons and partners), the Saxon practice
examples with their sources, a Beschlussvorschlag skeleton with placeholders in square brackets,
and the note that this is a draft and no legal advice. Measures no longer in the catalogue appear
only with what the plan's authors typed.
"""

import io

from django.conf import settings
from django.utils import formats
from docx import Document
from docx.shared import Pt

from catalog.models import url_lines
from practice.models import FederalState

NOTE = "Entwurf – keine Rechtsberatung; vor Beschluss mit der Rechtsaufsichtsbehörde abstimmen."
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _facts(document, pairs):
    for label, value in pairs:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(str(value))


def _sachverhalt(document, items):
    document.add_heading("Sachverhalt", level=1)
    document.add_paragraph(
        "Die Verwaltung hat mit dem IKZ-Katalog Sachsen Maßnahmen der interkommunalen "
        "Zusammenarbeit in einer digitalisierten Welt zusammengestellt. Vorgeschlagen werden "
        f"{len(items)} Maßnahme{'n' if len(items) != 1 else ''} in der folgenden Reihenfolge:"
    )
    for place, item in enumerate(items, start=1):
        measure = item.measure
        if item.in_catalogue:
            document.add_heading(f"{place}. {measure.code} {measure.title}", level=2)
            document.add_paragraph(measure.summary)
            _facts(
                document,
                [
                    ("Handlungsfeld", measure.field_of_action.title),
                    ("Aufwand", measure.get_effort_display()),
                    ("Zeithorizont", measure.get_horizon_display()),
                ],
            )
        else:
            document.add_heading(f"{place}. {item.title or 'Maßnahme'}", level=2)
            document.add_paragraph("Diese Maßnahme steht nicht mehr im Katalog.")
        partners = ", ".join(m.name for m in item.partners.all())
        _facts(
            document,
            [
                ("Begründung", item.reason[:1].upper() + item.reason[1:]),
                ("Priorität", item.get_priority_display()),
                ("Stand", item.get_status_display()),
                ("Verantwortlich", item.responsible),
                ("Partnerkommunen", partners),
                ("Zielquartal", item.target_quarter_label),
                ("Notizen", item.notes),
            ],
        )


def _examples(document, items):
    document.add_heading("Sächsische Praxisbeispiele", level=1)
    shown = 0
    for item in items:
        if not item.in_catalogue:
            continue
        examples = [
            e for e in item.measure.published_examples if e.federal_state == FederalState.SN
        ][:3]
        for example in examples:
            shown += 1
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(example.title).bold = True
            places = ", ".join(m.name for m in example.municipalities.all())
            paragraph.add_run(f" ({item.measure.code}{', ' + places if places else ''})")
            sources = [settings.SITE_URL + example.get_absolute_url(), *url_lines(example.sources)]
            paragraph.add_run("\nQuellen: " + " · ".join(sources))
    if not shown:
        document.add_paragraph(
            "Zu den gewählten Maßnahmen gibt es im Katalog noch kein sächsisches Praxisbeispiel."
        )


def _proposal(document, plan):
    document.add_heading("Beschlussvorschlag", level=1)
    document.add_paragraph("Der [Gemeinderat/Stadtrat] der [Gemeinde] beschließt:")
    for text in (
        f"Den Maßnahmenplan „{plan.title}“ (Anlage) als Grundlage der interkommunalen "
        "Zusammenarbeit mit [Partnerkommunen] zur Kenntnis zu nehmen.",
        "Die Verwaltung wird beauftragt, die Maßnahmen mit hoher Priorität vorzubereiten und "
        "dem [Gremium] bis zum [Datum] über den Stand zu berichten.",
        "Für die Umsetzung werden [Haushaltsmittel/Personal] im Rahmen des [Haushaltsjahres] "
        "bereitgestellt. [Bitte ergänzen oder streichen.]",
    ):
        document.add_paragraph(text, style="List Number")
    document.add_heading("Finanzielle Auswirkungen", level=1)
    document.add_paragraph("[Bitte ergänzen: Kosten, Deckung, Fördermöglichkeiten.]")


def build(plan, items, *, today, share_url) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = f"Entwurf einer Beschlussvorlage: {plan.title}"
    document.add_heading("Entwurf einer Beschlussvorlage", level=0)
    note = document.add_paragraph()
    note.add_run(NOTE).bold = True
    _facts(
        document,
        [
            ("Betreff", plan.title),
            ("Stand", formats.date_format(today, "j. F Y")),
            ("Quelle", f"IKZ-Katalog Sachsen, {share_url}"),
        ],
    )
    items = list(items)
    _sachverhalt(document, items)
    _examples(document, items)
    _proposal(document, plan)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
