"""The editors' workplace: every admin page answers, and change lists never query per row."""

import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.models import Measure, PublicationState
from tests.conftest import (
    make_actor,
    make_cooperation_form,
    make_district,
    make_download,
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"catalog", "practice", "pages"}
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_anonymous_visitors_are_sent_to_the_login(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_editors_open_every_changelist_and_add_form(editor_client, model):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "add")).status_code == 200


def test_editors_open_change_forms_with_view_on_site(editor_client):
    measure = make_measure()
    example = make_example(measures=[measure], municipalities=[make_municipality()])
    for obj in (measure.field_of_action, measure, example):
        response = editor_client.get(admin_url(type(obj), "change", obj.pk))
        assert response.status_code == 200
        assert "Auf der Website anzeigen" in response.content.decode()


VIEW_ON_SITE = "Auf der Website anzeigen"


def test_view_on_site_opens_the_live_page_of_published_items(editor_client):
    for obj in (make_measure(), make_resource(), make_glossary_term()):
        html = editor_client.get(admin_url(type(obj), "change", obj.pk)).content.decode()
        assert f'href="{obj.get_absolute_url()}" class="viewsitelink"' in html, obj
        assert "Vorschau (" not in html  # one link, not two to the same page


def test_unpublished_items_offer_the_preview_instead_or_nothing(editor_client):
    measure = make_measure(publication_state=PublicationState.DRAFT)
    html = editor_client.get(admin_url(Measure, "change", measure.pk)).content.decode()
    assert VIEW_ON_SITE not in html
    assert f'<a href="{measure.get_absolute_url()}">Vorschau (Entwurf)</a>' in html
    assert editor_client.get(measure.get_absolute_url()).status_code == 200
    # a resource or glossary term is only an entry of a public list: no page before publishing
    for obj in (
        make_resource(publication_state=PublicationState.DRAFT),
        make_glossary_term(publication_state=PublicationState.REVIEW),
    ):
        html = editor_client.get(admin_url(type(obj), "change", obj.pk)).content.decode()
        assert VIEW_ON_SITE not in html and "Vorschau (" not in html, obj


def test_admin_speaks_german(editor_client):
    response = editor_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert "Handlungsfelder" in content
    assert "Praxisbeispiele" in content
    assert "Abmelden" in content


def test_field_of_action_edits_its_measures_inline(editor_client):
    field = make_field()
    make_measure(field, title="Kooperationsvereinbarung schließen")
    response = editor_client.get(admin_url(type(field), "change", field.pk))
    assert "Kooperationsvereinbarung schließen" in response.content.decode()


def test_measure_search_and_filters(editor_client):
    make_measure(title="Gemeinsamer Datenschutzbeauftragter")
    make_measure(title="Zentraler Posteingang")
    response = editor_client.get(
        admin_url(type(make_measure()), "changelist"), {"q": "Datenschutz"}
    )
    assert "Gemeinsamer Datenschutzbeauftragter" in response.content.decode()
    assert "Zentraler Posteingang" not in response.content.decode()


def test_municipality_autocomplete_finds_by_name(editor_client):
    make_municipality(name="Großpösna", slug="grosspoesna")
    make_municipality(name="Wurzen", slug="wurzen")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "practice",
            "model_name": "practiceexample",
            "field_name": "municipalities",
            "term": "Groß",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Großpösna"]


def build_rows(model_name: str, count: int) -> None:
    builders = {
        "fieldofaction": lambda: make_measure(make_field()),
        "measure": lambda: make_measure(make_field()).actors.add(make_actor()),
        "resource": make_resource,
        "glossaryterm": make_glossary_term,
        "actor": make_actor,
        "district": lambda: make_municipality(make_district()),
        "municipality": make_municipality,
        "cooperationform": make_cooperation_form,
        "practiceexample": lambda: make_example(
            measures=[make_measure()],
            municipalities=[make_municipality()],
            cooperation_form=make_cooperation_form(),
        ),
        "page": make_page,
        "download": make_download,
    }
    for _ in range(count):
        builders[model_name]()


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_changelists_do_not_query_per_row(editor_client, model):
    """A change list with 55 rows runs exactly as many queries as one with a single row."""
    url = admin_url(model, "changelist")
    build_rows(model._meta.model_name, 1)
    editor_client.get(url)  # warm the content-type and permission caches
    with_one_row = count_queries(editor_client, url)
    build_rows(model._meta.model_name, 54)
    with_many_rows = count_queries(editor_client, url)
    assert with_many_rows == with_one_row
    assert with_one_row <= 12
