"""The maps of practice examples: the districts shaded by examples, an example's partners."""

from django import template
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.urls import reverse

from practice.listing import map_counts_of_all
from practice.maps import build_district_map, build_partner_map

register = template.Library()


@register.inclusion_tag("includes/map_districts.html", takes_context=True)
def district_map(context, listing=None, map_id="sachsenkarte"):
    """The districts shaded by practice examples.

    With the list's ``ExampleListing`` the counts follow its filters the way a facet does: every
    filter but the district's own, so a district's number is what the list shows after a click
    on it. Without a listing, all published examples count.
    """
    if listing is not None:
        filterset = listing.filterset
        query = context["request"].GET
        selected = sorted(filterset.selected("landkreis"))
        filtered = any(value for value in filterset.cleaned_data.values())
        counts = listing.map_counts()
    else:  # the start page: often the first page after a change, so no list index
        query, selected, filtered = QueryDict(), [], False
        counts = map_counts_of_all()
    list_url = reverse("practice:example-list")

    def district_link(district):
        return list_url + querystring(None, query, landkreis=district.slug, seite=None)

    return {
        "map": build_district_map(*counts, href=district_link),
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
