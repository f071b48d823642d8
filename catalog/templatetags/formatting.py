from django import template

from catalog.formatting import plain_text, render_formatted

register = template.Library()


@register.filter
def formatted(text):
    """``{{ measure.description|formatted }}`` renders an editor's text as safe HTML."""
    return render_formatted(text)


@register.filter
def plain(text):
    """``{{ example.description|plain|truncatewords:30 }}`` drops all markup."""
    return plain_text(text)
