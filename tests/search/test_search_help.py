"""Search that never dead-ends: any-word fallback, "Meinten Sie …?", synonyms, the empty page.

These run on SQLite and, in the PostgreSQL pass, on PostgreSQL (pg_trgm, full text).
"""

import pytest

from search.models import SearchTerm
from tests.conftest import make_example, make_field, make_glossary_term, make_measure

pytestmark = pytest.mark.django_db

URL = "/suche/"


def titles(response, key):
    group = next(group for group in response.context["results"].groups if group.key == key)
    return [hit.title for hit in group.hits]


@pytest.fixture
def catalogue():
    field = make_field(number=3, title="Bauhof und Infrastruktur", slug="bauhof")
    make_measure(field, number=1, title="Gemeinsamer Maschinenpark", summary="Geräte teilen.")
    make_example(title="Bauhof-Verbund Muldental", summary="Drei Gemeinden teilen Maschinen.")
    make_example(title="Kooperation Bürgerbüro", summary="Ein Bürgerbüro für zwei Orte.")
    make_example(
        title="Bauhof und Kooperation am Fluss", summary="Ein Bauhof in enger Kooperation."
    )
    make_glossary_term(term="Zweckverband", definition="Eine Körperschaft mehrerer Gemeinden.")


def test_every_word_must_match_first(client, catalogue):
    response = client.get(URL, {"q": "Bauhof Kooperation"})
    results = response.context["results"]
    assert titles(response, "examples") == ["Bauhof und Kooperation am Fluss"]
    assert not results.any_word
    assert "Keine Treffer für alle Begriffe" not in response.content.decode()


def test_when_no_row_has_every_word_the_rows_with_most_words_come_first(client, catalogue):
    response = client.get(URL, {"q": "bauhof kooperation raumfahrt"})
    html = response.content.decode()
    assert response.context["results"].any_word
    assert "Keine Treffer für alle Begriffe – Ergebnisse für einzelne Begriffe" in html
    found = titles(response, "examples")
    assert found[0] == "Bauhof und Kooperation am Fluss"  # two of three words
    assert set(found[1:]) == {"Bauhof-Verbund Muldental", "Kooperation Bürgerbüro"}


def test_a_misspelt_word_gets_a_suggestion_that_runs_the_corrected_search(client, catalogue):
    response = client.get(URL, {"q": "Zweckferband"})
    html = response.content.decode()
    assert response.context["results"].suggestion == "Zweckverband"
    assert 'Meinten Sie <a href="/suche/?q=Zweckverband">Zweckverband</a>?' in html
    corrected = client.get(URL, {"q": "Zweckverband"})
    assert titles(corrected, "glossary") == ["Zweckverband"]
    assert not corrected.context["results"].suggestion


def test_only_the_misspelt_word_of_several_is_corrected(client, catalogue):
    response = client.get(URL, {"q": "Bauhof Maschienenpark"})
    assert response.context["results"].suggestion == "Bauhof Maschinenpark"


def test_known_and_unrelated_words_get_no_suggestion(client, catalogue):
    assert client.get(URL, {"q": "Raumfahrt"}).context["results"].suggestion == ""
    assert client.get(URL, {"q": "Bauhof"}).context["results"].suggestion == ""


def test_synonyms_find_what_editors_said_a_word_should_also_find(client, catalogue):
    make_example(title="Glasfaser für alle Ortsteile", summary="Ausbau im Landkreis.")
    SearchTerm.objects.update_or_create(
        term="Breitband", defaults={"also_finds": "Glasfaser, Gigabit"}
    )
    response = client.get(URL, {"q": "breitband"})
    assert titles(response, "examples") == ["Glasfaser für alle Ortsteile"]
    listed = client.get("/praxisbeispiele/", {"q": "Breitband"})
    assert [example.title for example in listed.context["examples"]] == [
        "Glasfaser für alle Ortsteile"
    ]


def test_a_synonym_edit_applies_at_once(client, catalogue):
    make_example(title="Gemeinsames Rechnungsprüfungsamt", summary="Prüfung für vier Gemeinden.")
    assert client.get(URL, {"q": "Kassenprüfung"}).context["results"].total == 0
    SearchTerm.objects.create(term="Kassenprüfung", also_finds="Rechnungsprüfungsamt")
    response = client.get(URL, {"q": "Kassenprüfung"})
    assert titles(response, "examples") == ["Gemeinsames Rechnungsprüfungsamt"]


def test_inactive_synonyms_are_not_applied(client, catalogue):
    make_example(title="Glasfaser für alle Ortsteile")
    SearchTerm.objects.update_or_create(
        term="Breitband", defaults={"also_finds": "Glasfaser", "active": False}
    )
    assert client.get(URL, {"q": "Breitband"}).context["results"].total == 0


def test_the_starting_set_of_search_terms_is_shipped():
    terms = dict(SearchTerm.objects.values_list("term", "also_finds"))
    assert "Glasfaser" in terms["Breitband"]
    assert "Rechnungsprüfungsamt" in terms["Rechnungsprüfung"]
    assert len(terms) >= 15


def test_the_empty_page_offers_the_way_on(client, catalogue, settings):
    response = client.get(URL, {"q": "Bauhoff Raumfahrt"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"].total == 0
    assert 'href="/handlungsfelder/bauhof/"' in html  # related field of action
    assert "Passende Handlungsfelder" in html
    assert 'href="/fehlende-beispiele/"' in html
    assert 'href="/praxisbeispiel-melden/?titel=Bauhoff+Raumfahrt"' in html
    assert f'href="mailto:{settings.CONTACT_EMAIL}"' in html
    assert html.count("<h1") == 1


def test_without_a_related_field_the_empty_page_lists_all_fields(client, catalogue):
    html = client.get(URL, {"q": "Raumfahrt"}).content.decode()
    assert "In den Handlungsfeldern stöbern" in html
    assert 'href="/handlungsfelder/bauhof/"' in html


def test_the_report_form_takes_the_query_as_title(client):
    html = client.get("/praxisbeispiel-melden/", {"titel": "  Bauhof   Raumfahrt "}).content
    assert b'value="Bauhof Raumfahrt"' in html
