"""Ranked, explained advice from the answers of the Standortbestimmung.

The rule, in the order it decides (README, "Standortbestimmung"):

1. **Least maturity first.** Each recommended measure comes from one or more chosen answers; the
   one showing the least maturity (its weight relative to the question's best answer) is the
   measure's *reason*. Measures whose reason shows less maturity come first.
2. **Foundations and quick wins, or ambitious projects.** Among measures from equally mature
   answers, the measure's *ease* decides: an editor's "Einstieg" flag (foundation of other
   measures) counts two points, low effort and a short horizon one or two points each. Where the
   answer shows little maturity (below half), the easiest measures come first; where it shows a
   lot, the foundations are laid and the ambitious projects lead.
3. Then the field of action with the lower score, then the catalogue number.

Editors weight the ranking with ``Measure.entry_point`` ("Einstieg") in the admin.
"""

from dataclasses import dataclass

from catalog.models import Effort, Horizon
from planning.models import Priority

#: How many recommendations the result page shows before "Weitere Empfehlungen".
SHOWN = 8
#: How many recommendations are ticked for the take-over into a plan.
PRESELECTED = 3
#: Places (1-based) in a take-over that start as "hoch" and "mittel"; the rest start "niedrig".
HIGH_UNTIL, MEDIUM_UNTIL = 3, 8

_EFFORT_EASE = {Effort.LOW: 2, Effort.MEDIUM: 1, Effort.HIGH: 0}
_HORIZON_EASE = {Horizon.SHORT: 2, Horizon.MEDIUM: 1, Horizon.LONG: 0}


def maturity(option) -> float:
    """0 (not started) … 1 (best answer) for a chosen option (needs ``question.options``)."""
    best = max(o.weight for o in option.question.options.all())
    return option.weight / best if best else 1.0


def ease(measure) -> int:
    """0 (ambitious: high effort, long horizon, no foundation) … 6 (an easy foundation)."""
    return (
        2 * measure.entry_point
        + _EFFORT_EASE.get(measure.effort, 1)
        + _HORIZON_EASE.get(measure.horizon, 1)
    )


def _sentence(text: str) -> str:
    return text.strip().rstrip(".")


@dataclass
class Recommendation:
    measure: object
    question: object
    option: object
    rank: int = 0

    @property
    def reason(self) -> str:
        topic = self.question.topic or _sentence(self.question.text)
        return f"weil Sie bei „{topic}“ „{_sentence(self.option.text)}“ angegeben haben"

    @property
    def preselected(self) -> bool:
        return self.rank <= PRESELECTED


def rank(measures, chosen: dict, sources: dict, percent: dict) -> list[Recommendation]:
    """``chosen``: question → option; ``sources``: measure id → ids of the chosen options that
    recommend it; ``percent``: field of action id → score. Returns the ranked recommendations."""
    order = {question: index for index, question in enumerate(chosen)}
    options = {option.pk: (question, option) for question, option in chosen.items()}
    recommendations = []
    for measure in measures:
        candidates = [options[pk] for pk in sources.get(measure.pk, ()) if pk in options]
        if not candidates:
            continue
        question, option = min(candidates, key=lambda qo: (maturity(qo[1]), order[qo[0]]))
        recommendations.append(Recommendation(measure, question, option))

    def key(recommendation):
        measure, level = recommendation.measure, maturity(recommendation.option)
        direction = -1 if level < 0.5 else 1
        return (
            round(level, 3),
            direction * ease(measure),
            percent.get(measure.field_of_action_id, 100),
            measure.field_of_action.number,
            measure.number,
        )

    recommendations.sort(key=key)
    for index, recommendation in enumerate(recommendations, start=1):
        recommendation.rank = index
    return recommendations


def priority_for(position: int):
    """The priority a taken-over recommendation starts with, from its place in the plan."""
    if position <= HIGH_UNTIL:
        return Priority.HIGH
    if position <= MEDIUM_UNTIL:
        return Priority.MEDIUM
    return Priority.LOW
