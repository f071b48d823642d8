"""The light plan editor: order, partner search with and without JavaScript, budgets (issue 14)."""

import pytest
from django.urls import reverse

from planning.models import Plan, PlanItem, Priority
from tests.conftest import make_district, make_field, make_measure, make_municipality
from tests.planning.test_plan import item_form_data

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("planning:partner-search")


def make_plan(count: int) -> Plan:
    plan = Plan.objects.create(title="Verbundraum")
    field = make_field()
    for position in range(1, count + 1):
        measure = make_measure(field_of_action=field, title=f"Maßnahme Nummer {position}")
        PlanItem.objects.create(
            plan=plan,
            measure=measure,
            measure_title=measure.title,
            position=position,
            reason="weil Sie bei „IT-Betrieb“ „Jede Kommune allein“ angegeben haben",
        )
    return plan


def titles(plan) -> list[str]:
    return list(plan.items.values_list("measure__title", flat=True))


def test_up_and_down_buttons_reorder_without_javascript_and_keep_what_was_typed(client):
    plan = make_plan(3)
    first, second, third = plan.items.all()
    data = item_form_data(plan, {0: {"notes": "Nicht verlieren"}})
    response = client.post(plan.get_edit_url(), {**data, "verschieben": f"{third.pk}:hoch"})
    assert response.status_code == 302
    assert response.url == f"{plan.get_edit_url()}#eintrag-{third.pk}"
    assert titles(plan) == ["Maßnahme Nummer 1", "Maßnahme Nummer 3", "Maßnahme Nummer 2"]
    assert plan.items.get(pk=first.pk).notes == "Nicht verlieren"
    client.post(plan.get_edit_url(), {**item_form_data(plan), "verschieben": f"{first.pk}:runter"})
    assert titles(plan) == ["Maßnahme Nummer 3", "Maßnahme Nummer 1", "Maßnahme Nummer 2"]
    assert list(plan.items.values_list("position", flat=True)) == [1, 2, 3]
    # the top one cannot go higher; the page offers the button disabled
    client.post(plan.get_edit_url(), {**item_form_data(plan), "verschieben": f"{third.pk}:hoch"})
    assert titles(plan)[0] == "Maßnahme Nummer 3"
    page = client.get(plan.get_edit_url()).content.decode()
    assert page.index("Maßnahme Nummer 3") < page.index("Maßnahme Nummer 1")
    assert f'value="{third.pk}:hoch" class="button button--move" ' in page


def test_with_javascript_the_order_travels_in_the_hidden_position_fields(client):
    plan = make_plan(3)
    changes = {0: {"position": "3"}, 2: {"position": "1"}}  # what plan-edit.js writes
    assert client.post(plan.get_edit_url(), item_form_data(plan, changes)).status_code == 302
    assert titles(plan) == ["Maßnahme Nummer 3", "Maßnahme Nummer 2", "Maßnahme Nummer 1"]


def test_the_search_step_without_javascript_finds_and_adds_several_partners_at_once(client):
    plan = make_plan(2)
    leipzig = make_district(name="Landkreis Leipzig")
    wurzen = make_municipality(name="Wurzen", district=leipzig)
    bennewitz = make_municipality(name="Bennewitz", district=leipzig)
    make_municipality(name="Borsdorf", district=leipzig)
    data = {**item_form_data(plan, {0: {"notes": "Gespräch im Mai"}}), "partner-search": "wi"}
    response = client.post(plan.get_edit_url(), {**data, "aktion": "suchen"})
    assert response.status_code == 302
    assert response.url == f"{plan.get_edit_url()}?gemeinde=wi#partner"
    assert plan.items.first().notes == "Gespräch im Mai"  # saved before searching
    page = client.get(response.url).content.decode()
    assert "Bennewitz (Landkreis Leipzig)" in page and "Borsdorf" not in page
    data = {
        **item_form_data(plan),
        "partner-add": [str(wurzen.pk), str(bennewitz.pk)],
        "partner-add_to_all": "on",
    }
    assert client.post(plan.get_edit_url(), data).status_code == 302
    assert set(plan.partners.all()) == {wurzen, bennewitz}
    for item in plan.items.all():
        assert set(item.partners.all()) == {wurzen, bennewitz}
    page = client.get(plan.get_edit_url()).content.decode()
    assert page.count('name="eintrag-0-partners"') == 2  # a checkbox per plan partner


def test_partners_are_ticked_per_item_and_dropped_from_the_plan_everywhere(client):
    plan = make_plan(2)
    wurzen, brandis = make_municipality(name="Wurzen"), make_municipality(name="Brandis")
    plan.partners.set([wurzen, brandis])
    data = item_form_data(plan, {0: {"partners": [str(wurzen.pk), str(brandis.pk)]}})
    data["eintrag-1-partners"] = [str(brandis.pk)]
    client.post(plan.get_edit_url(), data)
    first, second = plan.items.all()
    assert set(first.partners.all()) == {wurzen, brandis}
    assert list(second.partners.all()) == [brandis]
    data = item_form_data(plan)
    data["partner-keep"] = [str(wurzen.pk)]
    client.post(plan.get_edit_url(), data)
    assert list(plan.partners.all()) == [wurzen]
    assert list(first.partners.all()) == [wurzen] and not second.partners.exists()


def test_the_autocomplete_answers_few_bytes_and_its_ids_are_accepted(client):
    district = make_district(name="Landkreis Nordsachsen")
    eilenburg = make_municipality(name="Eilenburg", district=district)
    make_municipality(name="Bad Düben", district=district)
    response = client.get(SEARCH_URL, {"q": "eil"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": eilenburg.pk, "name": "Eilenburg", "district": "Landkreis Nordsachsen"}]
    }
    assert len(response.content) < 200
    assert client.get(SEARCH_URL, {"q": "e"}).json() == {"results": []}
    plan = make_plan(1)
    data = {**item_form_data(plan), "partner-add": [str(eilenburg.pk), "999999"]}
    assert client.post(plan.get_edit_url(), data).status_code == 302
    assert list(plan.partners.all()) == [eilenburg]


def test_a_validation_error_keeps_everything_typed_including_ticked_hits(client):
    plan = make_plan(2)
    wurzen = make_municipality(name="Wurzen")
    data = item_form_data(
        plan,
        {0: {"notes": "Bitte nicht verlieren", "responsible": "x" * 201}, 1: {"reason": "Eigene"}},
    )
    data.update({"partner-add": [str(wurzen.pk)], "plan-title": "Neuer Titel"})
    response = client.post(plan.get_edit_url(), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Der Plan wurde nicht gespeichert" in page
    assert "Bitte nicht verlieren" in page and 'value="Eigene"' in page
    assert 'value="Neuer Titel"' in page
    assert (
        f'value="{wurzen.pk}"' in page and "checked" in page.split(f'value="{wurzen.pk}"')[1][:40]
    )
    assert not plan.partners.exists()


def test_every_item_has_its_own_save_button_and_the_page_a_sticky_one(client):
    plan = make_plan(3)
    page = client.get(plan.get_edit_url()).content.decode()
    assert page.count('name="aktion" value="') == 3 + 1 + 1  # per item, search, save bar
    assert 'class="plan-savebar"' in page
    item = plan.items.last()
    response = client.post(plan.get_edit_url(), {**item_form_data(plan), "aktion": str(item.pk)})
    assert response.url == f"{plan.get_edit_url()}#eintrag-{item.pk}"


@pytest.mark.parametrize("count", [5, 30])
def test_the_editor_stays_light(client, django_assert_num_queries, count):
    plan = make_plan(count)
    partners = [make_municipality() for _ in range(5)]
    plan.partners.set(partners)
    for item in plan.items.all():
        item.partners.set(partners[:2])
    for _ in range(40):  # the number of municipalities does not matter: no select of them
        make_municipality()
    client.get(plan.get_edit_url())  # stores the edit link in the session
    # session, plan, plan partners, items with measures, item partners, addable measures
    with django_assert_num_queries(6):
        response = client.get(plan.get_edit_url())
    size = len(response.content)
    assert size < 150_000, size
    assert "<select" in response.content.decode()  # priority, status, quarter, add measure
    assert response.content.decode().count("<option") < count * 40


def test_priority_and_reason_are_editable(client):
    plan = make_plan(1)
    data = item_form_data(plan, {0: {"priority": str(Priority.LOW), "reason": "Eigene Gründe"}})
    client.post(plan.get_edit_url(), data)
    item = plan.items.get()
    assert (item.priority, item.reason) == (Priority.LOW, "Eigene Gründe")
