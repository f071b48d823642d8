"""The plan's downloads: CSV for spreadsheets and a DOCX council draft."""

import csv

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from planning.plan_views import PlanGone, gone, plan_or_gone

CSV_HEADER = [
    "Nr.",
    "Maßnahme",
    "Handlungsfeld",
    "Priorität",
    "Stand",
    "Verantwortlich",
    "Partnerkommunen",
    "Zielquartal",
    "Notizen",
    "Maßnahmenblatt",
]


def _csv_cell(value: str) -> str:
    """Text typed by visitors must not run as a formula in a spreadsheet."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@never_cache
@require_safe
def plan_csv(request, token):
    try:
        plan = plan_or_gone(view_token=token)
    except PlanGone:
        return gone(request)
    plan.touch()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="massnahmenplan.csv"'
    response.write("\ufeff")  # BOM: Excel opens UTF-8 with umlauts correctly
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in plan.items.for_plan_page():
        measure = item.measure
        writer.writerow(
            [
                measure.code,
                _csv_cell(measure.title),
                _csv_cell(measure.field_of_action.title),
                item.get_priority_display(),
                item.get_status_display(),
                _csv_cell(item.responsible),
                _csv_cell(", ".join(m.name for m in item.partners.all())),
                item.target_quarter_label,
                _csv_cell(item.notes),
                request.build_absolute_uri(measure.get_absolute_url()),
            ]
        )
    return response
