"""Editors write long texts in basic Markdown; visitors get sanitised HTML.

Raw HTML in the source is not interpreted (markdown-it's ``html`` option is off) and the
rendered result passes through nh3 with a short allow-list, so no script, style, event
handler or ``javascript:`` link can reach a page.
"""

import functools
import html

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


@functools.lru_cache(maxsize=1024)
def _formatted_html(text: str) -> str:
    # The same text always gives the same HTML: each process renders a text once.
    return sanitize_html(_markdown.render(text))


def render_formatted(text: str) -> SafeString:
    """Render an editor's Markdown text to sanitised HTML, safe for templates."""
    if not text:
        return mark_safe("")  # noqa: S308
    return mark_safe(_formatted_html(str(text)))  # noqa: S308


def plain_text(text: str) -> str:
    """The text without any markup, for meta descriptions, snippets and exports."""
    if not text:
        return ""
    rendered = _markdown.render(text)
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
