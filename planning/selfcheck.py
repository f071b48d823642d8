"""Standortbestimmung: the questionnaire form and the evaluation of the answers.

The answers travel in the query string (``frage-<question id>=<option id>``), so a result is a
plain link that can be shared and nothing about the visitor is stored.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django import forms
from django.db.models import Prefetch

from catalog.models import Measure
from planning.advice import SHOWN, Recommendation, rank
from planning.models import AnswerOption
from practice.models import PracticeExample


class SelfCheckForm(forms.Form):
    def __init__(self, data=None, *, questions, initial=None):
        super().__init__(data, initial=initial)
        self.questions = list(questions)
        self.options = {}
        for question in self.questions:
            options = list(question.options.all())
            self.options.update({option.pk: option for option in options})
            self.fields[question.param] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(option.pk, option.text) for option in options],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Bitte wählen Sie eine der angebotenen Antworten."
                },
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.values()):
            raise forms.ValidationError(
                "Bitte beantworten Sie mindestens eine Frage, damit wir etwas auswerten können."
            )
        return cleaned

    def sections(self):
        """The bound fields grouped by field of action, for one fieldset each."""
        return [
            (field_of_action, [self[question.param] for question in questions])
            for field_of_action, questions in groupby(
                self.questions, key=lambda q: q.field_of_action
            )
        ]

    def preselection_key(self) -> str | None:
        """What the rendered questionnaire depends on besides the content revision: the valid
        preselected answers ("Antworten ändern"), in question order. ``None`` for a bound form,
        whose errors are rendered every time."""
        if self.is_bound:
            return None
        valid = {str(pk) for pk in self.options}
        return ",".join(
            f"{question.param}={self.initial[question.param]}"
            for question in self.questions
            if str(self.initial.get(question.param)) in valid
        )

    def chosen(self) -> dict:
        """question → chosen option, for the answered questions."""
        return {
            question: self.options[self.cleaned_data[question.param]]
            for question in self.questions
            if self.cleaned_data.get(question.param)
        }


@dataclass
class FieldScore:
    field_of_action: object
    points: int = 0
    max_points: int = 0
    answered: int = 0
    questions: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0

    @property
    def level(self) -> str:
        if not self.answered:
            return "nicht beantwortet"
        if self.percent < 34:
            return "am Anfang"
        if self.percent < 67:
            return "auf dem Weg"
        return "weit fortgeschritten"


@dataclass
class SelfCheckResult:
    profile: list[FieldScore]
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def measures(self) -> list:
        return [recommendation.measure for recommendation in self.recommendations]

    @property
    def shown(self) -> list[Recommendation]:
        return self.recommendations[:SHOWN]

    @property
    def more(self) -> list[Recommendation]:
        return self.recommendations[SHOWN:]


def evaluate(questions, chosen: dict) -> SelfCheckResult:
    """Score per field of action (points reached / points possible over the answered questions)
    and the measures the chosen answers point to, ranked and explained by ``planning.advice``."""
    scores = {}
    for question in questions:
        score = scores.setdefault(question.field_of_action_id, FieldScore(question.field_of_action))
        score.questions += 1
        option = chosen.get(question)
        if option is None:
            continue
        score.answered += 1
        score.points += option.weight
        score.max_points += max(o.weight for o in question.options.all())
    profile = list(scores.values())

    option_ids = [option.pk for option in chosen.values()]
    measures = list(
        Measure.objects.published()
        .filter(selfcheck_options__in=option_ids)
        .distinct()
        .for_list()
        .prefetch_related(
            Prefetch(
                "practice_examples",
                queryset=PracticeExample.objects.published().in_saxony().order_by("title"),
                to_attr="saxon_examples",
            )
        )
    )
    sources = {}
    links = AnswerOption.measures.through.objects.filter(answeroption_id__in=option_ids)
    for option_id, measure_id in links.values_list("answeroption_id", "measure_id"):
        sources.setdefault(measure_id, []).append(option_id)
    percent = {score.field_of_action.pk: score.percent for score in profile}
    return SelfCheckResult(
        profile=profile, recommendations=rank(measures, chosen, sources, percent)
    )
