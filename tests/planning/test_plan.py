"""The Maßnahmenplan: created without an account, edited through its forms, shared by link."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import PublicationState
from planning.models import ItemStatus, Plan, PlanItem, Priority, plan_lifetime
from tests.conftest import (
    make_example,
    make_field,
    make_measure,
    make_municipality,
    same_site_browser,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("planning:plan-add")


def item_form_data(plan, changes=None):
    """The edit form as the browser would send it, with ``changes`` per item index."""
    items = list(plan.items.prefetch_related("partners"))
    data = {
        "plan-title": plan.title,
        "partner-keep": [str(pk) for pk in plan.partners.values_list("pk", flat=True)],
        "partner-search": "",
        "eintrag-TOTAL_FORMS": str(len(items)),
        "eintrag-INITIAL_FORMS": str(len(items)),
        "eintrag-MIN_NUM_FORMS": "0",
        "eintrag-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        prefix = f"eintrag-{index}-"
        data.update(
            {
                prefix + "id": str(item.pk),
                prefix + "position": str(item.position),
                prefix + "reason": item.reason,
                prefix + "partners": [str(m.pk) for m in item.partners.all()],
                prefix + "priority": str(item.priority),
                prefix + "status": item.status,
                prefix + "responsible": item.responsible,
                prefix + "target_quarter": item.target_quarter,
                prefix + "notes": item.notes,
            }
        )
        data.update({prefix + key: value for key, value in (changes or {}).get(index, {}).items()})
    return data


def add(client, *measures):
    return client.post(ADD_URL, {"massnahme": [m.slug for m in measures]})


def test_adding_a_measure_creates_a_plan_and_opens_its_edit_page(client):
    measure = make_measure(title="Gemeinsamer Datenschutzbeauftragter")
    response = add(client, measure)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_edit_url()
    assert list(plan.items.values_list("measure", flat=True)) == [measure.pk]
    page = client.get(response.url)
    assert "„Gemeinsamer Datenschutzbeauftragter“ steht jetzt in Ihrem Maßnahmenplan." in (
        page.content.decode()
    )


def test_further_adds_go_to_the_same_plan_and_twice_is_once(client):
    first, second = make_measure(), make_measure()
    add(client, first)
    add(client, second)
    add(client, second)
    plan = Plan.objects.get()
    assert set(plan.items.values_list("measure", flat=True)) == {first.pk, second.pk}


def test_another_browser_gets_its_own_plan(client):
    measure = make_measure()
    add(client, measure)
    add(same_site_browser(), measure)
    assert Plan.objects.count() == 2


def test_tokens_are_long_random_and_different():
    plan = Plan.objects.create()
    other = Plan.objects.create()
    assert len(plan.edit_token) >= 32 and len(plan.view_token) >= 32
    assert len({plan.edit_token, plan.view_token, other.edit_token, other.view_token}) == 4


def test_adding_an_unknown_or_unpublished_measure_is_a_clear_400(client):
    draft = make_measure(publication_state=PublicationState.DRAFT)
    response = client.post(ADD_URL, {"massnahme": [draft.slug]})
    assert response.status_code == 400
    assert "Diese Maßnahme gibt es nicht (mehr)" in response.content.decode()
    response = client.post(ADD_URL, {})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Maßnahme aus." in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://angreifer.example"},
        {"Origin": "null"},
        {"Referer": "https://angreifer.example/seite.html"},
        {},
    ],
    ids=["fetch-cross-site", "fetch-same-site", "origin", "origin-null", "referer", "no-header"],
)
def test_a_cross_site_add_is_refused_in_german(headers):
    browser = Client(enforce_csrf_checks=True, headers=headers)
    response = browser.post(ADD_URL, {"massnahme": [make_measure().slug]})
    assert response.status_code == 403
    assert "kam nicht von den Seiten des IKZ-Katalogs" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/massnahmen/"},
    ],
    ids=["fetch-same-origin", "origin", "referer"],
)
def test_a_same_origin_add_needs_no_csrf_token(headers):
    """The add buttons sit on cached pages, which carry no per-visitor token."""
    browser = Client(enforce_csrf_checks=True, headers=headers)
    response = browser.post(ADD_URL, {"massnahme": [make_measure().slug]})
    assert response.status_code == 302
    assert Plan.objects.count() == 1


def test_the_measure_page_offers_the_add_button(client):
    measure = make_measure()
    page = client.get(measure.get_absolute_url()).content.decode()
    assert f'action="{ADD_URL}"' in page
    assert f'name="massnahme" value="{measure.slug}"' in page
    # the accessible name names the measure
    assert (
        f'<span class="visually-hidden">Maßnahme {measure.code} </span>'
        '<span class="add-to-plan__label">zum Maßnahmenplan hinzufügen</span>'
    ) in page


def test_editing_saves_every_field_and_partner_municipalities(client):
    measure = make_measure()
    wurzen = make_municipality(name="Wurzen")
    add(client, measure)
    plan = Plan.objects.get()
    plan.partners.add(wurzen)
    data = item_form_data(
        plan,
        {
            0: {
                "priority": str(Priority.HIGH),
                "status": ItemStatus.IN_PROGRESS,
                "responsible": "Hauptamtsleitung",
                "target_quarter": f"{timezone.localdate().year + 1}-Q3",
                "notes": "Mit dem Gemeinderat im März besprechen.",
                "partners": [str(wurzen.pk)],
            }
        },
    )
    data["plan-title"] = "Verbundraum Partheland 2026"
    response = client.post(plan.get_edit_url(), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    item = plan.items.get()
    assert plan.title == "Verbundraum Partheland 2026"
    assert (item.priority, item.status, item.responsible) == (
        Priority.HIGH,
        ItemStatus.IN_PROGRESS,
        "Hauptamtsleitung",
    )
    assert item.target_quarter == f"{timezone.localdate().year + 1}-Q3"
    assert item.notes == "Mit dem Gemeinderat im März besprechen."
    assert list(item.partners.all()) == [wurzen]


def test_partners_are_removed_by_unticking_and_items_by_the_remove_box(client):
    keep, drop = make_measure(), make_measure()
    wurzen, brandis = make_municipality(name="Wurzen"), make_municipality(name="Brandis")
    add(client, keep, drop)
    plan = Plan.objects.get()
    kept_item = plan.items.get(measure=keep)
    kept_item.partners.set([wurzen, brandis])
    keep_index = list(plan.items.all()).index(kept_item)
    changes = {keep_index: {"partners": [str(brandis.pk)]}, 1 - keep_index: {"DELETE": "on"}}
    response = client.post(plan.get_edit_url(), item_form_data(plan, changes))
    assert response.status_code == 302
    assert list(plan.items.values_list("measure", flat=True)) == [keep.pk]
    assert list(plan.items.get().partners.all()) == [brandis]


def test_bad_input_is_shown_again_with_german_messages_and_nothing_is_saved(client):
    add(client, make_measure())
    plan = Plan.objects.get()
    data = item_form_data(
        plan,
        {
            0: {
                "target_quarter": "2026-Q9",
                "notes": "Bitte nicht verlieren",
                "responsible": "x" * 201,
            }
        },
    )
    response = client.post(plan.get_edit_url(), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Der Plan wurde nicht gespeichert" in page
    assert "Bitte eine gültige Auswahl treffen" in page
    assert "höchstens 200 Zeichen" in page
    assert "Bitte nicht verlieren" in page
    assert plan.items.get().notes == ""


def test_an_unknown_partner_municipality_is_rejected(client):
    add(client, make_measure())
    plan = Plan.objects.get()
    response = client.post(plan.get_edit_url(), item_form_data(plan, {0: {"partners": ["999999"]}}))
    assert response.status_code == 400
    assert not plan.items.get().partners.exists()


def test_the_read_only_link_shows_the_plan_but_cannot_edit_it(client):
    add(client, make_measure(title="E-Akte einführen"))
    plan = Plan.objects.get()
    stranger = same_site_browser()
    page = stranger.get(plan.get_absolute_url())
    assert page.status_code == 200
    assert "E-Akte einführen" in page.content.decode()
    assert plan.edit_token not in page.content.decode()
    assert "<textarea" not in page.content.decode()
    edit_with_view_token = reverse("planning:plan-edit", kwargs={"token": plan.view_token})
    assert stranger.get(edit_with_view_token).status_code == 404
    assert stranger.post(edit_with_view_token, item_form_data(plan)).status_code == 404
    add_with_view_token = reverse("planning:plan-edit-add", kwargs={"token": plan.view_token})
    assert stranger.post(add_with_view_token, {"massnahme": make_measure().slug}).status_code == 404
    assert plan.items.count() == 1


def test_the_edit_link_works_in_any_browser(client):
    add(client, make_measure())
    plan = Plan.objects.get()
    colleague = Client()
    data = item_form_data(plan, {0: {"responsible": "Bürgermeisterin"}})
    assert colleague.post(plan.get_edit_url(), data).status_code == 302
    assert plan.items.get().responsible == "Bürgermeisterin"


@pytest.mark.parametrize("name", ["plan-edit", "plan-detail", "plan-print", "plan-csv"])
def test_a_wrong_token_is_404(client, name):
    Plan.objects.create()
    assert (
        client.get(reverse(f"planning:{name}", kwargs={"token": "falsch" * 6})).status_code == 404
    )


@pytest.mark.parametrize("name", ["plan-edit", "plan-detail", "plan-print", "plan-csv"])
def test_an_expired_plan_is_gone(client, name):
    plan = Plan.objects.create()
    Plan.objects.filter(pk=plan.pk).update(
        last_used_at=timezone.now() - plan_lifetime() - datetime.timedelta(minutes=1)
    )
    token = plan.edit_token if name == "plan-edit" else plan.view_token
    response = client.get(reverse(f"planning:{name}", kwargs={"token": token}))
    assert response.status_code == 410
    if name != "plan-csv":
        assert "abgelaufen" in response.content.decode()


def test_using_a_plan_postpones_its_expiry(client):
    add(client, make_measure())
    plan = Plan.objects.get()
    almost = timezone.now() - plan_lifetime() + datetime.timedelta(days=1)
    Plan.objects.filter(pk=plan.pk).update(last_used_at=almost)
    assert client.get(plan.get_absolute_url()).status_code == 200
    plan.refresh_from_db()
    assert plan.last_used_at > timezone.now() - datetime.timedelta(minutes=1)


def test_an_expired_plan_in_the_session_is_not_reused(client):
    first = make_measure()
    add(client, first)
    Plan.objects.update(last_used_at=timezone.now() - plan_lifetime() * 2)
    add(client, make_measure())
    assert Plan.objects.count() == 2


def test_purge_expired_plans_deletes_only_expired_plans():
    fresh = Plan.objects.create()
    old = Plan.objects.create()
    PlanItem.objects.create(plan=old, measure=make_measure())
    Plan.objects.filter(pk=old.pk).update(last_used_at=timezone.now() - plan_lifetime() * 2)
    out = io.StringIO()
    call_command("purge_expired_plans", "--dry-run", stdout=out)
    assert "1 abgelaufene" in out.getvalue()
    assert Plan.objects.count() == 2
    call_command("purge_expired_plans", stdout=out)
    assert list(Plan.objects.all()) == [fresh]
    assert not PlanItem.objects.exists()


def test_the_plan_stores_nothing_about_the_visitor(client):
    add(client, make_measure())
    fields = {field.name for field in Plan._meta.get_fields()}
    assert fields == {
        "id",
        "items",
        "partners",
        "title",
        "edit_token",
        "view_token",
        "created_at",
        "last_used_at",
    }


def test_csv_has_bom_semicolons_german_headers_and_the_visitors_fields(client):
    field = make_field(title="Informationssicherheit")
    measure = make_measure(field_of_action=field, title="Gemeinsamer ISB")
    add(client, measure)
    plan = Plan.objects.get()
    item = plan.items.get()
    item.responsible = "=HYPERLINK(böse)"
    item.notes = "Zeile 1\nZeile 2; mit Semikolon"
    item.target_quarter = "2027-Q2"
    item.save()
    item.partners.set([make_municipality(name="Naunhof"), make_municipality(name="Borsdorf")])
    response = client.get(reverse("planning:plan-csv", kwargs={"token": plan.view_token}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:5] == ["Nr.", "Maßnahme", "Handlungsfeld", "Begründung", "Priorität"]
    assert rows[1][0] == measure.code
    assert rows[1][1:7] == [
        "Gemeinsamer ISB",
        "Informationssicherheit",
        "",
        "mittel",
        "Idee",
        "'=HYPERLINK(böse)",
    ]
    assert rows[1][7] == "Borsdorf, Naunhof"
    assert rows[1][8] == "2. Quartal 2027"
    assert rows[1][9] == "Zeile 1\nZeile 2; mit Semikolon"
    assert rows[1][10].endswith(measure.get_absolute_url())
    assert len(rows) == 2


def test_print_view_has_title_date_essentials_fields_and_examples(client):
    measure = make_measure(title="Zentraler Posteingang", summary="Post an einer Stelle scannen.")
    make_example(measures=[measure], title="DLZ Wurzener Land")
    make_example(measures=[measure], title="Entwurf", publication_state=PublicationState.DRAFT)
    add(client, measure)
    plan = Plan.objects.get()
    PlanItem.objects.update(responsible="Hauptamt")
    page = client.get(reverse("planning:plan-print", kwargs={"token": plan.view_token}))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<h1") == 1
    assert plan.title in html
    assert timezone.localdate().strftime("%Y") in html
    assert "Post an einer Stelle scannen." in html
    assert "Aufwand" in html and "Zeithorizont" in html
    assert "Hauptamt" in html
    assert "DLZ Wurzener Land" in html
    assert "Entwurf" not in html
    assert "planning-print.css" in html


def test_the_edit_page_shows_both_links_and_the_detail_page_only_the_read_only_one(client):
    add(client, make_measure())
    plan = Plan.objects.get()
    edit_page = client.get(plan.get_edit_url()).content.decode()
    assert plan.edit_token in edit_page and plan.view_token in edit_page
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert plan.edit_token not in detail


def _plan_with(count):
    plan = Plan.objects.create()
    field = make_field()
    for _ in range(count):
        measure = make_measure(field_of_action=field)
        make_example(measures=[measure])
        item = PlanItem.objects.create(plan=plan, measure=measure)
        item.partners.set([make_municipality(), make_municipality()])
    return plan


@pytest.mark.parametrize("count", [2, 8])
def test_plan_pages_need_a_constant_number_of_queries(client, django_assert_num_queries, count):
    plan = _plan_with(count)
    # plan, items with measures and fields, partners, published examples
    with django_assert_num_queries(4):
        assert client.get(plan.get_absolute_url()).status_code == 200
    with django_assert_num_queries(4):
        print_url = reverse("planning:plan-print", kwargs={"token": plan.view_token})
        assert client.get(print_url).status_code == 200
    with django_assert_num_queries(3):
        csv_url = reverse("planning:plan-csv", kwargs={"token": plan.view_token})
        assert client.get(csv_url).status_code == 200
    client.get(plan.get_edit_url())  # stores the edit link in the session
    # plan, session, municipalities for the partner select, items, partners, addable measures
    with django_assert_num_queries(6):
        assert client.get(plan.get_edit_url()).status_code == 200


def test_plan_pages_are_never_cached(client):
    add(client, make_measure())
    plan = Plan.objects.get()
    urls = [
        plan.get_edit_url(),
        plan.get_absolute_url(),
        reverse("planning:plan-print", kwargs={"token": plan.view_token}),
        reverse("planning:plan-csv", kwargs={"token": plan.view_token}),
    ]
    for url in urls:
        response = Client().get(url)
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_edit_link_cannot_change_the_items_of_another_plan(client):
    add(client, make_measure())
    mine = Plan.objects.get()
    other = Plan.objects.create()
    foreign = PlanItem.objects.create(plan=other, measure=make_measure(), responsible="Fremd")
    data = item_form_data(mine, {0: {"id": str(foreign.pk), "responsible": "Übernommen"}})
    response = client.post(mine.get_edit_url(), data)
    assert response.status_code == 400
    assert "gehört nicht (mehr) zu diesem Plan" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.responsible == "Fremd"
