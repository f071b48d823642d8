"""The search page and the search backend (SQLite matching; PostgreSQL full text on the PG pass)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from catalog.models import PublicationState
from catalog.search import search
from search.counting import pending_searches
from search.models import SearchLogEntry
from tests.conftest import (
    make_example,
    make_field,
    make_glossary_term,
    make_measure,
    make_resource,
)

pytestmark = pytest.mark.django_db

URL = "/suche/"


def hit_titles(results, key):
    group = next(group for group in results.groups if group.key == key)
    return [hit.title for hit in group.hits]


@pytest.fixture
def content():
    field = make_field(number=1, title="Verwaltungsprozesse", slug="verwaltungsprozesse")
    measure = make_measure(
        field,
        number=1,
        title="Digitalisierung der Bauhöfe",
        summary="Gemeinsame Software für die Bauhöfe.",
        description="Eine Kooperation mehrerer Gemeinden spart Lizenzkosten.",
    )
    example = make_example(
        title="Bauhof-Verbund Muldental",
        summary="Drei Gemeinden teilen sich Maschinen.",
        description="Die Kooperation begann 2019.",
        measures=[measure],
    )
    make_resource(title="Checkliste Kooperation", description="Was vor dem Start zu klären ist.")
    make_glossary_term(term="Zweckverband", definition="Eine Körperschaft für eine Kooperation.")
    make_example(
        title="Entwurf Kooperation", publication_state=PublicationState.DRAFT, measures=[measure]
    )
    return {"field": field, "measure": measure, "example": example}


def test_it_groups_results_by_type_with_highlighted_snippets(client, content):
    response = client.get(URL, {"q": "Kooperation"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    results = response.context["results"]
    assert [group.key for group in results.non_empty_groups] == [
        "measures",
        "examples",
        "resources",
        "glossary",
    ]
    assert hit_titles(results, "measures") == ["1.1 Digitalisierung der Bauhöfe"]
    assert "<mark>Kooperation</mark>" in html
    assert "Entwurf Kooperation" not in html
    assert 'href="/praxisbeispiele/?q=Kooperation"' in html


def test_editors_find_drafts(editor_client, content):
    response = editor_client.get(URL, {"q": "Entwurf"})
    assert "Entwurf Kooperation" in hit_titles(response.context["results"], "examples")


def test_snippets_are_escaped(client):
    make_example(title="Sicher", summary="<script>alert(1)</script> Sicher & gut")
    html = client.get(URL, {"q": "Sicher"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html or "alert(1)" not in html


def test_empty_and_strange_queries_never_fail(client, content):
    for query in ["", "   ", '"', "-", "a OR", "x" * 500, "<b>", "%", "(((", "Bau höfe"]:
        response = client.get(URL, {"q": query})
        assert response.status_code == 200, query
    assert "Geben Sie einen Begriff ein" in client.get(URL).content.decode()


def test_nothing_found_gives_hints(client, content):
    html = client.get(URL, {"q": "Raumfahrt"}).content.decode()
    assert "Keine Treffer für „Raumfahrt“" in html


def test_the_example_list_uses_the_same_search(client, content):
    response = client.get("/praxisbeispiele/", {"q": "Kooperation"})
    assert [example.title for example in response.context["examples"]] == [
        "Bauhof-Verbund Muldental"
    ]


@pytest.mark.parametrize("count", [10, 200])
def test_query_count_does_not_grow(client, django_assert_num_queries, settings, count):
    settings.FRAGMENT_CACHE_SECONDS = 0  # the searching path (below: the cached one)
    field = make_field()
    for _ in range(count):
        make_measure(field, description="Kooperation")
        make_example(description="Kooperation")
    # One query per content type and the synonyms; the search is counted in memory.
    with django_assert_num_queries(6):
        response = client.get(URL, {"q": "Kooperation"})
    assert response.context["results"].more == (count > 20)


def test_a_search_seen_before_is_answered_per_content_revision_and_still_counted(
    client, django_assert_num_queries
):
    make_example(title="Bauhof-Verbund", description="Kooperation")
    client.get(URL, {"q": " Bauhof  "})
    # the content revision only: no search, no synonyms, no write to the log
    with django_assert_num_queries(1):
        again = client.get(URL, {"q": "Bauhof"})
    hits = [hit.title for group in again.context["results"].groups for hit in group.hits]
    assert hits == ["Bauhof-Verbund"]
    pending_searches.flush()
    assert SearchLogEntry.objects.get(query="bauhof").searches == 2
    make_example(title="Bauhof Nord", description="Kooperation")  # a new content revision
    assert client.get(URL, {"q": "Bauhof"}).context["results"].total == 2


# -- PostgreSQL full-text search ---------------------------------------------------------------


@pytest.mark.postgres
def test_pg_plural_finds_singular(content):
    results = search("Kooperationen", AnonymousUser())
    assert hit_titles(results, "examples") == ["Bauhof-Verbund Muldental"]
    assert "Checkliste Kooperation" in hit_titles(results, "resources")
    assert not results.fuzzy


@pytest.mark.postgres
def test_pg_stemming_matches_inflected_forms(content):
    make_example(title="Gemeinsames Rechenzentrum", summary="Eine digitale Plattform.")
    assert hit_titles(search("Gemeinde", AnonymousUser()), "examples") == [
        "Bauhof-Verbund Muldental"
    ]
    assert hit_titles(search("Bauhöfe", AnonymousUser()), "examples") == [
        "Bauhof-Verbund Muldental"
    ]
    assert hit_titles(search("digital", AnonymousUser()), "examples") == [
        "Gemeinsames Rechenzentrum"
    ]


@pytest.mark.postgres
def test_pg_title_matches_rank_before_body_matches():
    make_example(title="Alltag", summary="Nichts", description="Am Rande auch Breitband.")
    make_example(title="Breitband im Landkreis", summary="Ausbau")
    make_example(title="Netze", summary="Breitband für alle Ortsteile")
    titles = hit_titles(search("Breitband", AnonymousUser()), "examples")
    assert titles == ["Breitband im Landkreis", "Netze", "Alltag"]


@pytest.mark.postgres
def test_pg_snippets_highlight_stemmed_matches(content):
    results = search("Kooperationen", AnonymousUser())
    example_hit = next(g for g in results.groups if g.key == "examples").hits[0]
    assert "<mark>Kooperation</mark>" in example_hit.snippet


@pytest.mark.postgres
def test_pg_typo_falls_back_to_trigram_similarity(content):
    results = search("Digitalisirung", AnonymousUser())
    assert results.fuzzy
    assert hit_titles(results, "measures") == ["1.1 Digitalisierung der Bauhöfe"]


@pytest.mark.postgres
def test_pg_vectors_follow_updates_and_queryset_updates(content):
    example = content["example"]
    example.title = "Winterdienst Muldental"
    example.save()
    assert hit_titles(search("Winterdienst", AnonymousUser()), "examples") == [
        "Winterdienst Muldental"
    ]
    type(example).objects.filter(pk=example.pk).update(summary="Streugut gemeinsam einkaufen")
    assert hit_titles(search("Streugut", AnonymousUser()), "examples") == ["Winterdienst Muldental"]


@pytest.mark.postgres
def test_pg_search_uses_the_gin_index(content, django_assert_num_queries):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM practice_practiceexample "
            "WHERE search_vector @@ websearch_to_tsquery('german', 'Kooperation')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "practiceexample_search_gin" in plan


@pytest.mark.postgres
def test_pg_example_list_orders_by_rank(client):
    make_example(title="Randnotiz", summary="x", description="Breitband")
    make_example(title="Breitband", summary="y")
    response = client.get("/praxisbeispiele/", {"q": "Breitband"})
    assert [example.title for example in response.context["examples"]] == [
        "Breitband",
        "Randnotiz",
    ]


@pytest.mark.postgres
@pytest.mark.parametrize("count", [10, 200])
def test_pg_query_count_with_and_without_fallback(
    client, django_assert_num_queries, settings, count
):
    settings.FRAGMENT_CACHE_SECONDS = 0  # the searching path
    field = make_field()
    for _ in range(count):
        make_measure(field, title="Digitalisierung", description="Kooperation")
        make_example(description="Kooperation")
    # One full-text query per content type and the synonyms (the log counts in memory).
    with django_assert_num_queries(6):
        assert client.get(URL, {"q": "Kooperationen"}).context["results"].total
    # Synonyms now cached; + one trigram query per suggestion source (7) + one similarity query
    # per type (5).
    with django_assert_num_queries(17):
        results = client.get(URL, {"q": "Digitalisirung"}).context["results"]
    assert results.fuzzy
    assert results.more == (count > 20)
