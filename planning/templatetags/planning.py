"""Template tags that put the planning tools onto the catalogue's pages.

Each tag renders one include and does its own (few, constant) queries, so the host templates
only need ``{% load planning %}`` and one line.
"""

from django import template
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.urls import reverse

from planning.forms import municipalities_for_select, municipality_choices
from planning.models import InterestSignal
from practice.filters import PracticeExampleFilter
from practice.maps import build_district_map, build_partner_map, distance_km
from practice.models import PracticeExample

register = template.Library()

CHART_ROW_HEIGHT = 48
CHART_BAR_WIDTH = 560


@register.inclusion_tag("planning/includes/add_to_plan.html")
def plan_button(measure):
    """ "Zum Maßnahmenplan hinzufügen" as a POST form for one measure. It carries no CSRF token,
    so the pages showing it stay cacheable; ``plan_add`` checks the origin instead
    (``ikz.origin``)."""
    return {"measure": measure}


@register.inclusion_tag("planning/includes/interest_section.html", takes_context=True)
def interest_section(context, measure):
    """Approved "Wir planen das auch" signals, nearest first from ``?von_gemeinde=<slug>``,
    and the link to the form that adds one (a page of its own, so the measure sheet carries no
    CSRF token and stays cacheable). One query, two when there are signals."""
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
        "messages": context.get("messages"),
    }


@register.inclusion_tag("includes/map_districts.html", takes_context=True)
def district_map(context, filterset=None, map_id="sachsenkarte"):
    """The districts shaded by practice examples.

    With the list's ``PracticeExampleFilter`` the counts follow its filters the way a facet does:
    every filter but the district's own, so a district's number is what the list shows after a
    click on it. Without a filter set, all published examples count.
    """
    if filterset is not None:
        query = context["request"].GET
        selected = [d.slug for d in filterset.cleaned_data.get("landkreis") or []]
        filtered = any(value for value in filterset.cleaned_data.values())
    else:
        filterset = PracticeExampleFilter(QueryDict(), queryset=PracticeExample.objects.published())
        query, selected, filtered = QueryDict(), [], False
    list_url = reverse("practice:example-list")

    def district_link(district):
        return list_url + querystring(None, query, landkreis=district.slug, seite=None)

    return {
        "map": build_district_map(*filterset.map_counts(), href=district_link),
        "query": query,
        "selected": selected,
        "filtered": filtered,
        "map_id": map_id,
    }


@register.inclusion_tag("includes/map_partners.html")
def partner_map(example):
    """The example's partner municipalities on the map, connected by lines (no query when the
    municipalities are prefetched)."""
    return {"map": build_partner_map(example.municipalities.all())}


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
