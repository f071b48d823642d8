"""Content-Security-Policy without inline script or style, and a Permissions-Policy, everywhere."""

import re

import pytest
from django.template.loader import render_to_string

from tests.conftest import make_example, make_field, make_measure

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize(
    "url", ["/", "/massnahmen/", "/praxisbeispiele/", "/suche/?q=a", "/gibt-es-nicht/", "/api/v1/"]
)
def test_every_response_carries_a_strict_policy(client, url):
    make_example(measures=[make_measure(field_of_action=make_field())])

    response = client.get(url)

    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_only_redoc_may_run_its_inline_start_script(client):
    policy = directives(client.get("/api/v1/redoc/"))
    assert "'unsafe-inline'" in policy["script-src"]


# Inline styles, event handlers and scripts that would run; JSON data blocks do not run.
INLINE = re.compile(
    r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>"
)


@pytest.mark.parametrize(
    "url", ["/", "/massnahmen/", "/praxisbeispiele/", "/praxisbeispiel-melden/"]
)
def test_public_pages_have_no_inline_script_or_style(client, url):
    make_example(measures=[make_measure(field_of_action=make_field())])
    html = client.get(url).content.decode()
    assert not INLINE.findall(html)


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_the_error_pages_have_no_inline_style(template):
    assert not INLINE.findall(render_to_string(template, {}))


def test_the_print_style_gets_the_site_address_from_a_stylesheet(client, settings):
    settings.SITE_URL = 'https://ikz.example.org/"x'
    response = client.get("/druck-adresse.css")
    assert response["Content-Type"] == "text/css"
    assert response.content.decode() == ':root { --site-url: "https://ikz.example.org/\\"x"; }\n'
    assert 'href="/druck-adresse.css" media="print"' in client.get("/").content.decode()
