from django import template

register = template.Library()


@register.filter
def district_names(municipalities) -> list[str]:
    """The distinct district names of (prefetched) municipalities, sorted: no extra query."""
    return sorted({municipality.district.name for municipality in municipalities})
