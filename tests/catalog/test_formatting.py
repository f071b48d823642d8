from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from catalog.formatting import plain_text, render_formatted
from tests.conftest import make_example, make_field, make_measure

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klick](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<p style="background:url(javascript:alert(1))">x</p>',
]
DANGEROUS_TAGS = {"script", "iframe", "svg", "style", "img", "object", "embed", "form"}


class ElementAudit(HTMLParser):
    """Collects what a browser would actually execute: tags, event handlers, unsafe URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:")
            ):
                self.problems.append(f"{tag}[{name}={value}]")


def assert_harmless(html: str) -> None:
    audit = ElementAudit()
    audit.feed(html)
    assert audit.problems == [], html


def test_it_renders_basic_markdown():
    html = render_formatted(
        "Ein **wichtiger** Satz.\n\n- eins\n- zwei\n\n[SSG](https://ssg-sachsen.de)"
    )
    assert "<strong>wichtiger</strong>" in html
    assert "<li>eins</li>" in html
    assert '<a href="https://ssg-sachsen.de" rel="noopener noreferrer">SSG</a>' in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_it_neutralises_xss(payload):
    assert_harmless(render_formatted(payload))


def test_plain_text_drops_markup_and_keeps_umlauts():
    assert plain_text("**Größe** & [Link](https://x.de)") == "Größe & Link"


FORMATTED_FIELDS = {
    "field": ["goal", "description"],
    "measure": ["description", "steps", "prerequisites", "benefits", "risks"],
    "example": ["description", "results", "lessons_learned"],
}


def audit_pages(client, text: str) -> list[str]:
    """Problems found on the field, measure and example pages when every formatted field holds
    ``text``. The pages have legitimate forms and an SVG map, so tests compare two audits."""
    field = make_field(**dict.fromkeys(FORMATTED_FIELDS["field"], text))
    measure = make_measure(field, **dict.fromkeys(FORMATTED_FIELDS["measure"], text))
    example = make_example(measures=[measure], **dict.fromkeys(FORMATTED_FIELDS["example"], text))
    problems = []
    for obj in (field, measure, example):
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200
        audit = ElementAudit()
        audit.feed(response.content.decode())
        problems += audit.problems
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_every_formatted_field_is_sanitised_on_its_page(client, payload):
    assert audit_pages(client, payload) == audit_pages(client, "Ganz harmloser Text.")


def test_template_filter_is_available():
    html = Template("{% load formatting %}{{ text|formatted }}").render(
        Context({"text": "<b>x</b> *y*"})
    )
    assert "<em>y</em>" in html
    assert "<b>" not in html
