"""Template tags that put the planning tools onto the catalogue's pages.

Each tag renders one include and does its own (few, constant) queries, so the host templates
only need ``{% load planning %}`` and one line.
"""

from django import template

from planning.forms import municipalities_for_select, municipality_choices
from planning.models import InterestSignal
from practice.maps import distance_km

register = template.Library()

CHART_ROW_HEIGHT = 48
CHART_BAR_WIDTH = 560


@register.inclusion_tag("planning/includes/add_to_plan.html")
def plan_button(measure, quiet=False):
    """ "Zum Maßnahmenplan hinzufügen" as a POST form for one measure (``quiet``: the small
    variant of a list). It carries no CSRF token, so the pages showing it stay cacheable;
    ``plan_add`` checks the origin instead (``ikz.origin``)."""
    return {"measure": measure, "quiet": quiet}


@register.inclusion_tag("planning/includes/interest_section.html", takes_context=True)
def interest_section(context, measure):
    """Approved "Wir planen das auch" signals, nearest first from ``?von_gemeinde=<slug>``,
    and the link to the form that adds one (a page of its own, so the measure sheet carries no
    CSRF token and stays cacheable). One query, two when there are signals. The sheet keeps it
    per content revision and origin (approving a signal is a content change)."""
    request = context["request"]
    signals = list(
        InterestSignal.objects.approved()
        .filter(measure=measure)
        .select_related("municipality__district")
        .order_by("municipality__name")
    )
    # The "sort by distance" select needs all municipalities; without signals it is not shown.
    municipalities = municipalities_for_select() if signals else []
    origin_slug = request.GET.get("von_gemeinde", "")
    origin = next((m for m in municipalities if m.slug == origin_slug), None)
    for signal in signals:
        signal.distance_km = distance_km(origin, signal.municipality) if origin else None
    if origin:
        signals.sort(key=lambda s: (s.distance_km is None, s.distance_km or 0))
    return {
        "measure": measure,
        "signals": signals,
        "origin": origin,
        "slug_choices": municipality_choices(municipalities, value="slug"),
    }


@register.inclusion_tag("planning/includes/profile_chart.html")
def profile_chart(profile):
    rows = [
        {
            "score": score,
            "y": index * CHART_ROW_HEIGHT,
            "width": round(CHART_BAR_WIDTH * score.percent / 100),
        }
        for index, score in enumerate(profile)
    ]
    return {"profile": profile, "rows": rows, "height": len(rows) * CHART_ROW_HEIGHT}
