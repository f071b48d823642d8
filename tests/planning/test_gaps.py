"""/fehlende-beispiele/: measures without published practice examples, each with a report link."""

import pytest
from django.urls import reverse

from catalog.models import PublicationState
from tests.conftest import make_example, make_field, make_measure

pytestmark = pytest.mark.django_db

URL = reverse("planning:gaps")


def test_it_lists_published_measures_without_published_examples(client):
    lonely = make_measure(title="Gemeinsamer ISB")
    only_draft = make_measure(title="Nur ein Entwurf als Beispiel")
    make_example(measures=[only_draft], publication_state=PublicationState.DRAFT)
    covered = make_measure(title="Schon umgesetzt")
    make_example(measures=[covered])
    make_measure(title="Unveröffentlicht", publication_state=PublicationState.DRAFT)
    make_measure(
        title="Im Entwurfs-Handlungsfeld",
        field_of_action=make_field(publication_state=PublicationState.DRAFT),
    )
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Gemeinsamer ISB" in html and lonely.get_absolute_url() in html
    assert "Nur ein Entwurf als Beispiel" in html
    assert "Schon umgesetzt" not in html
    assert "Unveröffentlicht" not in html
    assert "Im Entwurfs-Handlungsfeld" not in html


def test_report_links_open_the_submission_form_with_the_measure(client):
    measure = make_measure()
    html = client.get(URL).content.decode()
    assert f'href="{reverse("submissions:form")}?massnahme={measure.slug}"' in html
    assert "Beispiel melden" in html


@pytest.mark.parametrize("size", [2, 12])
def test_the_gaps_page_needs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    for _ in range(size):
        make_measure()
    with django_assert_num_queries(2):  # content revision, measures
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(1):  # then the block comes from the fragment cache
        assert client.get(URL).status_code == 200


def test_head_requests_are_answered_like_get(client):
    make_measure()
    for url in (URL, reverse("planning:selfcheck"), reverse("planning:plan-start")):
        assert client.head(url).status_code == 200, url
