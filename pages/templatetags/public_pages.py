from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

register = template.Library()


@register.filter
def district_names(municipalities) -> list[str]:
    """The distinct district names of (prefetched) municipalities, sorted: no extra query."""
    return sorted({municipality.district.name for municipality in municipalities})


@register.filter
def place_names(municipalities, limit=3):
    """The (prefetched) municipalities of an example with their districts, for a card: the
    first ``limit`` names, then "und n weitere", so a programme with dozens of members does not
    drown the card (its page names them all). No query."""
    municipalities = list(municipalities)
    return format_html(
        '{} <span class="place-names__districts">({})</span>',
        _first_and_more([m.name for m in municipalities], limit, "weitere"),
        _first_and_more(district_names(municipalities), limit, "weitere Kreise"),
    )


def _first_and_more(names: list[str], limit: int, more: str) -> str:
    """ "A, B, C und 4 weitere"; all names when one more would be left over."""
    if len(names) <= limit + 1:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} und {len(names) - limit} {more}"


@register.filter
def example_list_url(tag) -> str:
    """The practice example list filtered by one tag."""
    return f"{reverse('practice:example-list')}?{urlencode({'schlagwort': tag.slug})}"
