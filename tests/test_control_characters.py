"""Control characters in an address or a form never reach a view or the database: 400.

PostgreSQL refuses NUL in a string, so before this rule these routes answered 500 there; the
test runs on both databases (``DATABASE_URL=postgres://…`` for the PostgreSQL pass).
"""

import pytest

from tests.conftest import make_measure

pytestmark = pytest.mark.django_db

ROUTES = [
    "/suche/?q=a%00b",
    "/suche/?q=a%01b",
    "/praxisbeispiel-melden/?massnahme=%00",
    "/massnahmen/?handlungsfeld=%1b",
    "/praxisbeispiele/?q=%7f",
    "/massnahmenplan/a%00/",
    "/massnahmenplan/a%00/druck/",
    "/massnahmenplan/a%00/massnahmenplan.csv",
    "/massnahmenplan/bearbeiten/a%00/",
    "/massnahmen/a%00b/",
    "/massnahmen/%0a/",
]


@pytest.mark.parametrize("url", ROUTES)
def test_control_characters_in_the_address_give_a_german_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Diese Anfrage können wir nicht beantworten" in html
    assert "Steuerzeichen" in html


@pytest.mark.parametrize("url", ["/api/v1/massnahmen/?q=%00", "/api/v1/massnahmen/a%00/"])
def test_the_api_answers_400_as_json(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "Steuerzeichen" in response.json()["detail"]


def test_a_form_post_with_nul_gives_400(client):
    measure = make_measure()

    response = client.post("/massnahmenplan/hinzufuegen/", {"massnahme": f"{measure.slug}\x00"})

    assert response.status_code == 400
    assert "Steuerzeichen" in response.content.decode()


@pytest.mark.parametrize("query", ["q=Bauhof%09Winterdienst", "q=Zeile%0Aumbruch", "q=%C3%BCber"])
def test_tab_newline_and_umlauts_in_a_search_are_fine(client, query):
    assert client.get(f"/suche/?{query}").status_code == 200


def test_a_form_post_with_line_breaks_and_tabs_is_fine(client):
    measure = make_measure()
    response = client.post("/massnahmenplan/hinzufuegen/", {"massnahme": measure.slug})
    edit_url = response["Location"]

    response = client.post(
        edit_url,
        {
            "plan-title": "Plan\r\nzweite Zeile\t",
            "eintrag-TOTAL_FORMS": "0",
            "eintrag-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code in (200, 302, 400)
    assert "Steuerzeichen" not in response.content.decode()
