"""The plan's downloads: CSV for spreadsheets and a DOCX council draft."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ikz.spreadsheets import write_csv
from planning import council_draft
from planning.plan_views import PlanGone, gone, read_only_context

CSV_HEADER = [
    "Nr.",
    "Maßnahme",
    "Handlungsfeld",
    "Begründung",
    "Priorität",
    "Stand",
    "Verantwortlich",
    "Partnerkommunen",
    "Zielquartal",
    "Notizen",
    "Maßnahmenblatt",
]


def _csv_rows(request, plan):
    for item in plan.items.for_plan_page():
        measure = item.measure
        listed = item.in_catalogue
        yield [
            measure.code if listed else "–",
            measure.title if listed else f"{item.title} (nicht mehr im Katalog)",
            measure.field_of_action.title if listed else "–",
            item.reason,
            item.get_priority_display(),
            item.get_status_display(),
            item.responsible,
            ", ".join(m.name for m in item.partners.all()),
            item.target_quarter_label,
            item.notes,
            request.build_absolute_uri(measure.get_absolute_url()) if listed else "",
        ]


@never_cache
@require_safe
def plan_csv(request, token):
    try:
        context = read_only_context(request, token)
    except PlanGone:
        return gone(request)
    plan = context["plan"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="massnahmenplan.csv"'
    write_csv(response, [CSV_HEADER, *_csv_rows(request, plan)])
    return response


@never_cache
@require_safe
def plan_docx(request, token):
    """The plan as "Entwurf einer Beschlussvorlage", editable in any word processor."""
    try:
        context = read_only_context(request, token)
    except PlanGone:
        return gone(request)
    items = context["items"].prefetch_related("measure__published_examples__municipalities")
    body = council_draft.build(
        context["plan"], items, today=context["today"], share_url=context["share_url"]
    )
    response = HttpResponse(body, content_type=council_draft.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="beschlussvorlage-entwurf.docx"'
    return response
