"""The Maßnahmenplan: start, take-over of measures or advice, the editor and the read-only views.

The exports (CSV, DOCX) live in ``planning.exports``; the editor's forms in ``planning.forms``.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ikz import ratelimit
from ikz.origin import same_origin_required
from planning.advice import priority_for
from planning.forms import AddMeasuresForm
from planning.models import Plan, PlanItem, Question, plan_lifetime
from planning.selfcheck import SelfCheckForm, evaluate
from practice.models import PracticeExample

SESSION_KEY = "planning_edit_token"


class PlanGone(Exception):
    """The plan existed but expired: answered with 410 Gone."""


def plan_or_gone(**lookup) -> Plan:
    plan = get_object_or_404(Plan, **lookup)
    if plan.is_expired():
        raise PlanGone
    return plan


def gone(request):
    return render(
        request,
        "planning/plan_gone.html",
        {"lifetime_days": plan_lifetime().days},
        status=410,
    )


def session_plan(request) -> Plan | None:
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    plan = Plan.objects.filter(edit_token=token).first()
    if plan is None or plan.is_expired():
        request.session.pop(SESSION_KEY, None)
        return None
    return plan


def plan_items(plan):
    """The items with what the read-only pages show; examples only for measures in the catalogue."""
    return plan.items.for_plan_page().prefetch_related(
        Prefetch(
            "measure__practice_examples",
            queryset=PracticeExample.objects.published().order_by("-federal_state", "title"),
            to_attr="published_examples",
        )
    )


# -- Start and take-over ----------------------------------------------------------------------


@never_cache
@require_safe
def plan_start(request):
    return render(
        request,
        "planning/plan_start.html",
        {"plan": session_plan(request), "lifetime_days": plan_lifetime().days},
    )


TOO_MANY_PLAN_WRITES = (
    "Von Ihrem Anschluss kamen in kurzer Zeit zu viele Änderungen an Maßnahmenplänen. "
    "Bitte versuchen Sie es später noch einmal."
)


def too_many_plan_writes(request, scope):
    """429 for ``ikz.ratelimit``'s scopes ``plan`` (new plans) and ``plan-edit``."""
    context = {"message": TOO_MANY_PLAN_WRITES}
    response = render(request, "planning/plan_limited.html", context, status=429)
    response["Retry-After"] = str(ratelimit.retry_after(scope))
    return response


@require_POST
def plan_create(request):
    if not ratelimit.hit(request, "plan"):
        return too_many_plan_writes(request, "plan")
    plan = Plan.objects.create()
    request.session[SESSION_KEY] = plan.edit_token
    messages.success(request, "Ihr Maßnahmenplan ist angelegt. Speichern Sie sich den Link.")
    return redirect(plan.get_edit_url())


def _advice_for(request) -> dict:
    """measure id → recommendation, when the POST carries the answers of a self-check."""
    if not any(key.startswith("frage-") for key in request.POST):
        return {}
    questions = list(Question.objects.active().for_questionnaire())
    form = SelfCheckForm(request.POST, questions=questions)
    if not form.is_valid():
        return {}
    result = evaluate(questions, form.chosen())
    return {recommendation.measure.pk: recommendation for recommendation in result.recommendations}


def _new_items(plan, measures, advice) -> list[PlanItem]:
    """Items for ``measures`` not yet in the plan: advice in its rank order with its reason and a
    priority from the rank, other measures in catalogue order; all after the plan's items."""
    existing = set(plan.items.values_list("measure_id", flat=True))
    measures = [m for m in measures if m.pk not in existing]
    ranked = sorted(
        measures,
        key=lambda m: (
            (advice[m.pk].rank, 0, 0)
            if m.pk in advice
            else (len(advice) + 1, m.field_of_action.number, m.number)
        ),
    )
    start = plan.items.next_position()
    items = []
    for offset, measure in enumerate(ranked):
        recommendation = advice.get(measure.pk)
        item = PlanItem(
            plan=plan, measure=measure, measure_title=measure.title, position=start + offset
        )
        if recommendation is not None:
            item.reason = recommendation.reason
            item.priority = priority_for(offset + 1)
        items.append(item)
    return items


@same_origin_required  # the buttons sit on cached pages: no CSRF token there
@require_POST
def plan_add(request, token=None):
    """Add measures to the plan of the edit link, the plan in the session, or a new plan.
    With the answers of a self-check, the ticked recommendations keep rank, reason and priority."""
    if token:
        try:
            plan = plan_or_gone(edit_token=token)
        except PlanGone:
            return gone(request)
    else:
        plan = session_plan(request)
    scope = "plan" if plan is None else "plan-edit"
    if not ratelimit.hit(request, scope):
        return too_many_plan_writes(request, scope)
    form = AddMeasuresForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "planning/plan_start.html",
            {"plan": plan, "add_form": form, "lifetime_days": plan_lifetime().days},
            status=400,
        )
    advice = _advice_for(request)
    with transaction.atomic():
        if plan is None:
            plan = Plan.objects.create()
        measures = form.cleaned_data["massnahme"].select_related("field_of_action")
        added = PlanItem.objects.bulk_create(_new_items(plan, measures, advice))
        plan.touch(force=True)
    request.session[SESSION_KEY] = plan.edit_token
    if len(added) == 1:
        messages.success(request, f"„{added[0].measure.title}“ steht jetzt in Ihrem Maßnahmenplan.")
    elif added:
        messages.success(request, f"{len(added)} Maßnahmen stehen jetzt in Ihrem Maßnahmenplan.")
    else:
        messages.info(request, "Die Maßnahme stand schon in Ihrem Maßnahmenplan.")
    return redirect(plan.get_edit_url())


# -- Read-only views ---------------------------------------------------------------------------


def read_only_context(request, token) -> dict:
    plan = plan_or_gone(view_token=token)
    plan.touch()
    return {
        "plan": plan,
        "items": plan_items(plan),
        "today": timezone.localdate(),
        "share_url": request.build_absolute_uri(plan.get_absolute_url()),
        "lifetime_days": plan_lifetime().days,
    }


def _read_only(template):
    @never_cache
    @require_safe
    def view(request, token):
        try:
            context = read_only_context(request, token)
        except PlanGone:
            return gone(request)
        return render(request, template, context)

    return view


plan_detail = _read_only("planning/plan_detail.html")
plan_print = _read_only("planning/plan_print.html")
