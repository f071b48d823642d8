"""Standortbestimmung: questionnaire, profile, recommendations, and the shipped questionnaire."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import PublicationState
from planning.models import AnswerOption, Plan, Question
from tests.conftest import make_example, make_field, make_measure

pytestmark = pytest.mark.django_db

FORM_URL = reverse("planning:selfcheck")
RESULT_URL = reverse("planning:selfcheck-result")


def make_question(field, text="Wie weit sind Sie?", options=((0, ()), (1, ()), (3, ()))):
    question = Question.objects.create(
        field_of_action=field, key=f"frage-{Question.objects.count() + 1}", text=text
    )
    for order, (weight, measures) in enumerate(options):
        option = AnswerOption.objects.create(
            question=question, text=f"Antwort mit Gewicht {weight}", weight=weight, order=order
        )
        option.measures.set(measures)
    return question


def option(question, weight):
    return question.options.get(weight=weight)


def test_the_questionnaire_groups_active_questions_by_field_of_action(client):
    strategy = make_field(title="Strategie")
    security = make_field(title="Sicherheit")
    make_question(strategy, text="Gibt es eine Strategie?")
    make_question(security, text="Gibt es einen Notfallplan?")
    hidden = make_question(security, text="Ausgemusterte Frage")
    hidden.is_active = False
    hidden.save()
    page = client.get(FORM_URL).content.decode()
    assert page.count("<h1") == 1
    assert "Gibt es eine Strategie?" in page and "Gibt es einen Notfallplan?" in page
    assert "Ausgemusterte Frage" not in page
    assert page.index("Strategie") < page.index("Sicherheit")
    assert 'method="get"' in page
    assert page.count('class="selfcheck-section"') == 2


def test_recommendations_come_from_the_chosen_answers_weakest_field_first(client):
    strong_field, weak_field = make_field(title="Stark"), make_field(title="Schwach")
    strong_measure = make_measure(field_of_action=strong_field, title="Für die Starken")
    weak_measure = make_measure(field_of_action=weak_field, title="Für die Schwachen")
    unchosen = make_measure(field_of_action=weak_field, title="Nicht gewählt")
    strong_q = make_question(strong_field, options=((0, ()), (2, (strong_measure,)), (3, ())))
    weak_q = make_question(weak_field, options=((0, (weak_measure,)), (3, (unchosen,))))
    response = client.get(
        RESULT_URL,
        {strong_q.param: option(strong_q, 2).pk, weak_q.param: option(weak_q, 0).pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    recommended = [m.title for m in response.context["result"].measures]
    assert recommended == ["Für die Schwachen", "Für die Starken"]
    assert "Nicht gewählt" not in html


def test_the_profile_shows_percent_per_field_as_chart_and_table(client):
    field = make_field(title="Prozesse")
    first, second = make_question(field), make_question(field)
    response = client.get(
        RESULT_URL, {first.param: option(first, 3).pk, second.param: option(second, 0).pk}
    )
    html = response.content.decode()
    [score] = response.context["result"].profile
    assert (score.points, score.max_points, score.percent) == (3, 6, 50)
    assert '<svg role="img" aria-labelledby="profil-titel profil-beschreibung"' in html
    assert "Prozesse: 50 Prozent" in html
    assert re.search(r"<td>3 von 6</td><td>50 %</td>", html)


def test_unanswered_fields_are_marked_and_not_scored(client):
    answered, skipped = make_field(title="Beantwortet"), make_field(title="Übersprungen")
    question = make_question(answered)
    make_question(skipped)
    response = client.get(RESULT_URL, {question.param: option(question, 1).pk})
    scores = {s.field_of_action.title: s for s in response.context["result"].profile}
    assert scores["Übersprungen"].answered == 0
    assert scores["Übersprungen"].level == "nicht beantwortet"
    assert "nicht beantwortet" in response.content.decode()


def test_recommended_measures_show_published_saxon_examples_only(client):
    field = make_field()
    measure = make_measure(field_of_action=field)
    make_example(measures=[measure], title="Rathaus-Cloud Sachsen")
    make_example(measures=[measure], title="Beispiel aus Bayern", federal_state="BY")
    make_example(
        measures=[measure], title="Noch im Entwurf", publication_state=PublicationState.DRAFT
    )
    question = make_question(field, options=((0, (measure,)), (3, ())))
    html = client.get(RESULT_URL, {question.param: option(question, 0).pk}).content.decode()
    assert "Rathaus-Cloud Sachsen" in html
    assert "Beispiel aus Bayern" not in html
    assert "Noch im Entwurf" not in html


def test_unpublished_measures_are_never_recommended(client):
    field = make_field()
    draft = make_measure(field_of_action=field, publication_state=PublicationState.DRAFT)
    question = make_question(field, options=((0, (draft,)), (3, ())))
    response = client.get(RESULT_URL, {question.param: option(question, 0).pk})
    assert response.context["result"].measures == []


def test_an_answer_that_does_not_exist_is_a_clear_400(client):
    question = make_question(make_field())
    response = client.get(RESULT_URL, {question.param: "99999"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine der angebotenen Antworten." in response.content.decode()
    response = client.get(RESULT_URL, {question.param: "<script>"})
    assert response.status_code == 400


def test_no_answer_at_all_asks_for_one(client):
    make_question(make_field())
    response = client.get(RESULT_URL)
    assert response.status_code == 400
    assert "mindestens eine Frage" in response.content.decode()


def test_the_result_is_a_shareable_link_and_changing_answers_keeps_them(client):
    question = make_question(make_field())
    chosen = option(question, 1)
    response = client.get(RESULT_URL, {question.param: chosen.pk})
    html = response.content.decode()
    assert f"{RESULT_URL}?{question.param}={chosen.pk}" in html
    assert f'href="{FORM_URL}?{question.param}={chosen.pk}"' in html
    form_page = client.get(FORM_URL, {question.param: chosen.pk}).content.decode()
    assert re.search(rf'value="{chosen.pk}"[^>]*checked', form_page)


def test_recommendations_go_into_a_plan_in_one_step(client):
    field = make_field()
    first, second = make_measure(field_of_action=field), make_measure(field_of_action=field)
    question = make_question(field, options=((0, (first, second)), (3, ())))
    html = client.get(RESULT_URL, {question.param: option(question, 0).pk}).content.decode()
    assert f'action="{reverse("planning:plan-add")}"' in html
    slugs = re.findall(r'name="massnahme" value="([^"]+)"', html)
    response = client.post(reverse("planning:plan-add"), {"massnahme": slugs})
    plan = Plan.objects.get()
    assert response.url == plan.get_edit_url()
    assert set(plan.items.values_list("measure", flat=True)) == {first.pk, second.pk}


def _questionnaire(size):
    for _ in range(size):
        field = make_field()
        measure = make_measure(field_of_action=field)
        make_example(measures=[measure])
        make_question(field, options=((0, (measure,)), (3, ())))
    return {q.param: option(q, 0).pk for q in Question.objects.all()}


@pytest.mark.parametrize("size", [2, 7])
def test_questionnaire_and_result_need_a_constant_number_of_queries(
    client, django_assert_num_queries, size
):
    answers = _questionnaire(size)
    with django_assert_num_queries(3):  # questions with fields, options, content revision
        assert client.get(FORM_URL).status_code == 200
    # questions, options, measures, their examples, which answer recommends which measure
    with django_assert_num_queries(5):
        assert client.get(RESULT_URL, answers).status_code == 200


def test_the_shipped_questionnaire_loads_and_links_measures_by_number():
    fields = {number: make_field(number=number) for number in range(1, 8)}
    make_measure(field_of_action=fields[1], number=4)
    out = io.StringIO()
    call_command("load_selfcheck", stdout=out)
    with open("content/selfcheck.json", encoding="utf-8") as handle:
        shipped = json.load(handle)["questions"]
    assert Question.objects.count() == len(shipped) >= 7
    numbers = set(Question.objects.values_list("field_of_action__number", flat=True))
    assert numbers == set(range(1, 8))
    assert AnswerOption.objects.filter(measures__number=4).exists()
    assert "Maßnahme 1.1 nicht gefunden" in out.getvalue()
    # Running it again changes nothing, and editors' changes survive.
    Question.objects.filter(key="strategie-grundlage").update(text="Von der Redaktion geändert")
    call_command("load_selfcheck", stdout=io.StringIO())
    assert Question.objects.count() == len(shipped)
    assert Question.objects.get(key="strategie-grundlage").text == "Von der Redaktion geändert"
    call_command("load_selfcheck", "--update", stdout=io.StringIO())
    assert Question.objects.get(key="strategie-grundlage").text != "Von der Redaktion geändert"


def test_load_selfcheck_dry_run_saves_nothing_and_skips_missing_fields():
    out = io.StringIO()
    call_command("load_selfcheck", "--dry-run", stdout=out)
    assert not Question.objects.exists()
    assert "Probelauf" in out.getvalue()
    assert "übersprungen" in out.getvalue()


def test_the_shipped_questionnaire_matches_the_shipped_catalogue():
    call_command("load_content", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_selfcheck", stdout=out)
    assert "nicht gefunden" not in out.getvalue()
    assert "übersprungen" not in out.getvalue().replace("0 übersprungen", "")
    questions = Question.objects.prefetch_related("options__measures")
    assert questions.count() >= 14
    for question in questions:
        weights = [option.weight for option in question.options.all()]
        assert weights == [0, 1, 2, 3], question.key
        # the least advanced answers always lead somewhere
        assert question.options.all()[0].measures.exists(), question.key
