"""The pages app: editable content pages and the staff-only styleguide."""

import pytest
from django.urls import reverse

from tests.conftest import (
    make_page,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_content_page_renders_formatted_body_with_breadcrumbs(client, editor_client):
    page = make_page(slug="impressum", title="Impressum", body="Verantwortlich: **SSG**")
    for browser in (client, editor_client):
        content = text(browser.get(page.get_absolute_url()))
        assert "<strong>SSG</strong>" in content
        assert '<span aria-current="page">Impressum</span>' in content


@pytest.mark.parametrize("pages", [1, 50])
def test_content_page_query_count_does_not_grow(client, django_assert_num_queries, pages):
    for _ in range(pages):
        make_page()
    page = make_page(slug="datenschutz")
    with django_assert_num_queries(1):
        client.get(page.get_absolute_url())


def test_styleguide_is_for_staff_only(client, editor_client):
    url = reverse("pages:styleguide")
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    content = text(editor_client.get(url))
    for component in ["card card--field", "card card--example", "measure-item", "badge", "note"]:
        assert component in content
    assert content.count("<h1") == 1
