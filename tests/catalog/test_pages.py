"""The catalogue's own pages: fields of action, the measure sheet, tools and resources, the guide.

Every view is requested by an anonymous visitor and by an editor; detail pages also cover outdated
slugs (301), archived items (410) and drafts (404 for visitors, a never-cached preview for editors).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalog.models import Basis, Effort, Horizon, PublicationState, ResourceKind
from pages.models import Download, DownloadKind
from practice.models import PracticeExample
from tests.conftest import (
    make_actor,
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_municipality,
    make_page,
    make_resource,
)

pytestmark = pytest.mark.django_db


# fields of action with counts, the newest examples, their municipalities and districts
START_PAGE_QUERIES = 4


def text(response) -> str:
    return response.content.decode()


# -- start page -------------------------------------------------------------------------------


def test_start_page_has_a_search_box_posting_to_the_search_page(client):
    content = text(client.get(reverse("catalog:home")))
    assert 'action="/suche/"' in content
    assert 'method="get"' in content
    assert 'name="q"' in content


def test_start_page_shows_the_newest_published_examples_with_their_place(client):
    place = make_municipality(name="Großpösna")
    make_example(title="Älteres Beispiel", municipalities=[place])
    make_example(title="Neuestes Beispiel", municipalities=[place])
    make_example(title="Geheimer Entwurf", publication_state=PublicationState.DRAFT)
    content = text(client.get(reverse("catalog:home")))
    assert content.index("Neuestes Beispiel") < content.index("Älteres Beispiel")
    assert "Großpösna" in content
    assert "Geheimer Entwurf" not in content


def test_start_page_cards_show_counts_of_measures_and_examples(client):
    field = make_field(title="Verwaltungsprozesse")
    measure = make_measure(field)
    make_measure(field)
    make_example(measures=[measure])
    content = text(client.get(reverse("catalog:home")))
    assert "2 Maßnahmen · 1 Praxisbeispiel" in content


# -- fields of action -----------------------------------------------------------------------


def test_field_list_shows_published_fields_in_order(client, editor_client):
    make_field(number=2, title="Zweites Feld")
    make_field(number=1, title="Erstes Feld")
    make_field(title="Entwurfsfeld", publication_state=PublicationState.DRAFT)
    for browser in (client, editor_client):
        content = text(browser.get(reverse("catalog:field-list")))
        assert content.index("Erstes Feld") < content.index("Zweites Feld")
        assert "Entwurfsfeld" not in content
        assert "redaktionelle Startfassung" in content


def test_field_detail_lists_measures_in_guide_order_with_effort_horizon_and_examples(client):
    field = make_field(number=3, title="Verwaltungsprozesse", goal="Gemeinsam **schneller**.")
    second = make_measure(field, number=2, title="Zweite Maßnahme", effort=Effort.HIGH)
    make_measure(field, number=1, title="Erste Maßnahme", horizon=Horizon.LONG)
    make_measure(field, number=3, title="Entwurf", publication_state=PublicationState.DRAFT)
    make_example(title="Bürgerbüro Sachsen", measures=[second])
    make_example(title="Entwurfsbeispiel", measures=[second], publication_state="draft")
    response = client.get(field.get_absolute_url())
    content = text(response)
    assert response.status_code == 200
    assert content.index("3.1") < content.index("3.2")
    assert "Aufwand: hoch" in content and "Langfristig" in content
    assert "<strong>schneller</strong>" in content
    assert "Bürgerbüro Sachsen" in content
    assert "Entwurf" not in content.split("<main")[1].split("</main>")[0].replace("Entwurfs", "")
    assert "Entwurfsbeispiel" not in content


def test_field_detail_shows_draft_measures_to_editors_with_their_state(editor_client):
    field = make_field()
    make_measure(field, title="Noch in Arbeit", publication_state=PublicationState.DRAFT)
    content = text(editor_client.get(field.get_absolute_url()))
    assert "Noch in Arbeit" in content
    assert "Entwurf" in content


@pytest.mark.parametrize("examples", [10, 200])
def test_field_detail_query_count_does_not_grow(client, django_assert_num_queries, examples):
    field = make_field()
    measures = [make_measure(field) for _ in range(5)]
    district_places = [make_municipality() for _ in range(3)]
    for index in range(examples):
        make_example(measures=[measures[index % 5]], municipalities=district_places[:2])
    # field, content revision, measures, their examples, the examples' municipalities and districts
    with django_assert_num_queries(6):
        response = client.get(field.get_absolute_url())
    assert text(response).count('class="card card--example"') == examples
    with django_assert_num_queries(2):  # field and content revision: the block is cached
        response = client.get(field.get_absolute_url())
    assert text(response).count('class="card card--example"') == examples


# -- measure sheet ----------------------------------------------------------------------------


def full_measure():
    field = make_field(number=4, title="Personal und Wissen")
    measure = make_measure(
        field,
        number=2,
        title="Gemeinsame Spezialistenstellen",
        slug="spezialistenstellen",
        steps="1. Bedarf klären\n2. Vereinbarung schließen",
        prerequisites="Ein **Beschluss** der Räte.",
        benefits="Fachwissen für alle.",
        risks="Unklare Kostenteilung.",
        effort=Effort.MEDIUM,
        horizon=Horizon.SHORT,
        basis=Basis.DOCUMENTED,
        sources="https://ea-rlp.de/vier-rathaeuser-ein-experte",
    )
    measure.actors.add(make_actor(name="Hauptamt"), make_actor(name="Bürgermeister/in"))
    measure.tags.add("Personal")
    measure.resources.add(make_resource(title="Mustervereinbarung", kind=ResourceKind.TEMPLATE))
    measure.resources.add(make_resource(title="Geheime Vorlage", publication_state="draft"))
    previous = make_measure(field, number=1, title="Vorherige Maßnahme")
    following = make_measure(field, number=3, title="Nächste Maßnahme")
    related = make_measure(make_field(), title="Verwandte Maßnahme")
    measure.related.add(related)
    make_example(title="ZUCK Prozessdesigner", measures=[measure])
    return measure, previous, following


def test_measure_sheet_shows_every_part(client):
    measure, previous, following = full_measure()
    response = client.get(measure.get_absolute_url())
    content = text(response)
    assert response.status_code == 200
    for expected in [
        "Gemeinsame Spezialistenstellen",
        "Maßnahme 4.2",
        "Bedarf klären",
        "Aufwand: mittel",
        "Kurzfristig",
        "Hauptamt",
        "Bürgermeister/in",
        "<strong>Beschluss</strong>",
        "Fachwissen für alle",
        "Unklare Kostenteilung",
        "Mustervereinbarung",
        "Verwandte Maßnahme",
        "ZUCK Prozessdesigner",
        "https://ea-rlp.de/vier-rathaeuser-ein-experte",
        "belegt",
        "Personal",
    ]:
        assert expected in content, expected
    assert "Geheime Vorlage" not in content
    assert f'href="{previous.get_absolute_url()}" rel="prev"' in content
    assert f'href="{following.get_absolute_url()}" rel="next"' in content


def test_measure_sheet_marks_editorial_proposals(client):
    measure = make_measure(basis=Basis.PROPOSAL)
    assert "Vorschlag der Redaktion" in text(client.get(measure.get_absolute_url()))


def test_measure_sheet_has_breadcrumbs_to_its_field(client):
    measure = make_measure(make_field(title="Strategie"))
    content = text(client.get(measure.get_absolute_url()))
    assert 'aria-label="Brotkrumennavigation"' in content
    assert f'<a href="{measure.field_of_action.get_absolute_url()}">' in content
    assert '<span aria-current="page">' in content


@pytest.mark.parametrize("examples", [10, 200])
def test_measure_sheet_query_count_does_not_grow(client, django_assert_num_queries, examples):
    measure, _, _ = full_measure()
    places = [make_municipality() for _ in range(3)]
    for _ in range(examples):
        make_example(measures=[measure], municipalities=places)
    # measure+field, actors, tags, resources, related, examples, their municipalities and
    # districts, previous, next; "Wir planen das auch": municipalities, approved signals
    with django_assert_num_queries(12):
        response = client.get(measure.get_absolute_url())
    assert response.status_code == 200


def test_measure_of_a_draft_field_is_hidden_from_visitors(client, editor_client):
    field = make_field(publication_state=PublicationState.DRAFT)
    measure = make_measure(field)
    assert client.get(measure.get_absolute_url()).status_code == 404
    assert editor_client.get(measure.get_absolute_url()).status_code == 200


# -- publication states, for every detail page -------------------------------------------------


def detail_objects():
    return {
        "field": lambda **kw: make_field(**kw),
        "measure": lambda **kw: make_measure(**kw),
        "example": lambda **kw: make_example(**kw),
        "page": lambda **kw: make_page(**kw),
    }


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_drafts_are_404_for_visitors_and_a_private_preview_for_editors(client, editor_client, kind):
    obj = detail_objects()[kind](publication_state=PublicationState.DRAFT)
    assert client.get(obj.get_absolute_url()).status_code == 404
    response = editor_client.get(obj.get_absolute_url())
    assert response.status_code == 200
    assert "Vorschau – nicht veröffentlicht" in text(response)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert '<meta name="robots" content="noindex">' in text(response)


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_published_pages_have_no_preview_banner_even_for_editors(editor_client, kind):
    obj = detail_objects()[kind]()
    response = editor_client.get(obj.get_absolute_url())
    assert "Vorschau" not in text(response)
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_archived_items_answer_410_with_a_visible_notice(client, kind):
    obj = detail_objects()[kind](publication_state=PublicationState.ARCHIVED, title="Alte Sache")
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 410
    content = text(response)
    assert "archiviert" in content
    assert "Alte Sache" in content
    assert content.count("<h1") == 1


def test_measure_of_an_archived_field_is_gone(client):
    measure = make_measure(make_field(publication_state=PublicationState.ARCHIVED))
    assert client.get(measure.get_absolute_url()).status_code == 410


@pytest.mark.parametrize("kind", ["field", "measure", "example", "page"])
def test_outdated_slugs_redirect_permanently_to_the_canonical_url(client, kind):
    obj = detail_objects()[kind](slug="alter-name")
    old_url = obj.get_absolute_url()
    obj.slug = "neuer-name"
    obj.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_an_outdated_slug_of_a_draft_is_not_revealed_to_visitors(client, editor_client):
    measure = make_measure(slug="alter-name", publication_state=PublicationState.DRAFT)
    measure.slug = "neuer-name"
    measure.save()
    assert client.get("/massnahmen/alter-name/").status_code == 404
    assert editor_client.get("/massnahmen/alter-name/").status_code == 301


@pytest.mark.parametrize(
    "url", ["/handlungsfelder/gibt-es-nicht/", "/massnahmen/gibt-es-nicht/", "/gibt-es-nicht/"]
)
def test_unknown_slugs_get_the_helpful_german_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    content = text(response)
    assert "Diese Seite gibt es nicht (mehr)" in content
    assert 'name="q"' in content
    assert content.count("<h1") == 1


# -- tools and resources --------------------------------------------------------------------


def test_resources_can_be_filtered_by_kind(client, editor_client):
    make_resource(title="Checkliste Kooperation", kind=ResourceKind.CHECKLIST)
    make_resource(title="Förderprogramm Digital", kind=ResourceKind.FUNDING)
    make_resource(title="Entwurfswerkzeug", publication_state=PublicationState.DRAFT)
    for browser in (client, editor_client):
        everything = text(browser.get(reverse("catalog:resource-list")))
        assert "Checkliste Kooperation" in everything and "Förderprogramm Digital" in everything
        assert "Entwurfswerkzeug" not in everything
        funding = text(browser.get(reverse("catalog:resource-list"), {"art": "funding"}))
        assert "Förderprogramm Digital" in funding
        assert "Checkliste Kooperation" not in funding
        assert '<option value="funding" selected>' in funding


def test_an_unknown_resource_kind_is_reported_not_a_500(client):
    make_resource(title="Checkliste Kooperation")
    response = client.get(reverse("catalog:resource-list"), {"art": "<script>"})
    assert response.status_code == 200
    content = text(response)
    assert "Checkliste Kooperation" in content
    assert "Bitte eine gültige Auswahl treffen" in content
    assert "<script>" not in content


def test_resources_name_the_measures_they_help_with(client):
    resource = make_resource(title="Mustervereinbarung")
    make_measure(title="Gemeinsamer Bauhof").resources.add(resource)
    make_measure(title="Geheim", publication_state="draft").resources.add(resource)
    content = text(client.get(reverse("catalog:resource-list")))
    assert "Gemeinsamer Bauhof" in content
    assert "Geheim" not in content


@pytest.mark.parametrize("resources", [10, 200])
def test_resource_list_query_count_does_not_grow(client, django_assert_num_queries, resources):
    measure = make_measure()
    for _ in range(resources):
        measure.resources.add(make_resource())
    # count for the paginator, the page of resources, their measures
    with django_assert_num_queries(3):
        client.get(reverse("catalog:resource-list"))


# -- the guide -------------------------------------------------------------------------------


def test_guide_page_shows_chapters_method_glossary_and_fields(client, editor_client):
    make_glossary_term(term="Interkommunale Zusammenarbeit", slug="ikz")
    make_glossary_term(term="Unveröffentlicht", publication_state=PublicationState.DRAFT)
    make_field(title="Strategie und Steuerung")
    make_page(slug="methode", title="Methodischer Ansatz", summary="Wie wir vorgingen.")
    for browser in (client, editor_client):
        content = text(browser.get(reverse("catalog:guide")))
        assert "Kapitel 1" in content and "Kapitel 3" in content and "Anhang" in content
        assert 'id="begriff-ikz"' in content
        assert "Unveröffentlicht" not in content
        assert "Strategie und Steuerung" in content
        assert "Wie wir vorgingen." in content
        assert 'href="/methode/"' in content


def test_guide_page_offers_uploaded_downloads_only_when_published(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    download = Download(kind=DownloadKind.GUIDE, title="Leitfaden als PDF")
    download.file.save("leitfaden.pdf", ContentFile(b"%PDF-1.4"), save=False)
    download.save()
    assert "Leitfaden als PDF" not in text(client.get(reverse("catalog:guide")))
    download.publication_state = PublicationState.PUBLISHED
    download.save()
    content = text(client.get(reverse("catalog:guide")))
    assert "Leitfaden als PDF" in content
    assert "(PDF)" in content
    assert download.file.url in content


@pytest.mark.parametrize("terms", [10, 200])
def test_guide_page_query_count_does_not_grow(client, django_assert_num_queries, terms):
    for _ in range(terms):
        make_glossary_term()
        make_field()
    # fields, method page, glossary, downloads
    with django_assert_num_queries(4):
        client.get(reverse("catalog:guide"))


@pytest.mark.parametrize("fields", [10, 200])
def test_field_list_query_count_does_not_grow(client, django_assert_num_queries, fields):
    for _ in range(fields):
        make_example(measures=[make_measure(make_field())])
    client.get(reverse("catalog:field-list"))  # builds the in-memory index once
    # fields with measure counts, the content revision (examples per field from the index)
    with django_assert_num_queries(2):
        client.get(reverse("catalog:field-list"))


# -- content pages and the styleguide ----------------------------------------------------------


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


def test_start_page_query_count_does_not_grow_with_examples(client):
    """Same number of queries with 10 and with 200 practice examples.

    Fields of action with counts, the newest examples, their municipalities and districts make
    4; the planning tools' map of Saxony on the start page adds at most 2 more (now 1: the
    content revision of the in-memory index its counts come from).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    field = make_field()
    measures = [make_measure(field) for _ in range(3)]
    places = [make_municipality() for _ in range(3)]
    counts = []
    for total in (10, 200):
        while PracticeExample.objects.count() < total:
            make_example(measures=[measures[0]], municipalities=places)
        client.get(reverse("catalog:home"))  # builds the map's in-memory index once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("catalog:home"))
        assert text(response).count('class="card card--example"') == 6
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= START_PAGE_QUERIES + 2


def test_a_measure_without_examples_invites_a_report_through_the_form(client):
    measure = make_measure(title="Gemeinsamer Datenschutzbeauftragter")
    content = client.get(measure.get_absolute_url()).content.decode()
    assert f'href="/praxisbeispiel-melden/?massnahme={measure.slug}"' in content
    form = client.get(f"/praxisbeispiel-melden/?massnahme={measure.slug}").content.decode()
    assert f'value="{measure.pk}" id="id_measures_{measure.pk}" checked' in form
