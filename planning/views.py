import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalog.models import Measure
from editorial.security import client_key
from ikz.origin import same_origin_required
from planning.forms import (
    AddMeasuresForm,
    InterestSignalForm,
    PlanItemFormSet,
    PlanTitleForm,
    municipality_choices,
)
from planning.models import PLAN_LIFETIME, Plan, PlanItem, Question
from planning.selfcheck import SelfCheckForm, evaluate
from practice.models import PracticeExample

SESSION_KEY = "planning_edit_token"
SIGNAL_RATE_LIMIT = 5  # interest signals per address and hour
SIGNAL_RATE_WINDOW = 60 * 60


class PlanGone(Exception):
    """The plan existed but expired: answered with 410 Gone."""


def _plan_or_gone(**lookup) -> Plan:
    plan = get_object_or_404(Plan, **lookup)
    if plan.is_expired():
        raise PlanGone
    return plan


def _gone(request):
    return render(
        request, "planning/plan_gone.html", {"lifetime_days": PLAN_LIFETIME.days}, status=410
    )


def _session_plan(request) -> Plan | None:
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    plan = Plan.objects.filter(edit_token=token).first()
    if plan is None or plan.is_expired():
        request.session.pop(SESSION_KEY, None)
        return None
    return plan


def _plan_items(plan):
    return plan.items.for_plan_page().prefetch_related(
        Prefetch(
            "measure__practice_examples",
            queryset=PracticeExample.objects.published().order_by("-federal_state", "title"),
            to_attr="published_examples",
        )
    )


# -- Maßnahmenplan ---------------------------------------------------------------------------


@never_cache
@require_safe
def plan_start(request):
    return render(
        request,
        "planning/plan_start.html",
        {"plan": _session_plan(request), "lifetime_days": PLAN_LIFETIME.days},
    )


@require_POST
def plan_create(request):
    plan = Plan.objects.create()
    request.session[SESSION_KEY] = plan.edit_token
    messages.success(request, "Ihr Maßnahmenplan ist angelegt. Speichern Sie sich den Link.")
    return redirect(plan.get_edit_url())


@same_origin_required  # the button sits on cached pages: no CSRF token there
@require_POST
def plan_add(request, token=None):
    """Add measures to the plan of the edit link, the plan in the session, or a new plan."""
    if token:
        try:
            plan = _plan_or_gone(edit_token=token)
        except PlanGone:
            return _gone(request)
    else:
        plan = _session_plan(request)
    form = AddMeasuresForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "planning/plan_start.html",
            {"plan": plan, "add_form": form, "lifetime_days": PLAN_LIFETIME.days},
            status=400,
        )
    with transaction.atomic():
        if plan is None:
            plan = Plan.objects.create()
        existing = set(plan.items.values_list("measure_id", flat=True))
        added = [m for m in form.cleaned_data["massnahme"] if m.pk not in existing]
        PlanItem.objects.bulk_create([PlanItem(plan=plan, measure=m) for m in added])
        plan.touch(force=True)
    request.session[SESSION_KEY] = plan.edit_token
    if len(added) == 1:
        messages.success(request, f"„{added[0].title}“ steht jetzt in Ihrem Maßnahmenplan.")
    elif added:
        messages.success(request, f"{len(added)} Maßnahmen stehen jetzt in Ihrem Maßnahmenplan.")
    else:
        messages.info(request, "Die Maßnahme stand schon in Ihrem Maßnahmenplan.")
    return redirect(plan.get_edit_url())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request, token):
    try:
        plan = _plan_or_gone(edit_token=token)
    except PlanGone:
        return _gone(request)
    if request.session.get(SESSION_KEY) != plan.edit_token:
        request.session[SESSION_KEY] = plan.edit_token
    choices = municipality_choices()
    items = plan.items.for_plan_page()
    if request.method == "POST":
        title_form = PlanTitleForm(request.POST, instance=plan, prefix="plan")
        formset = PlanItemFormSet(
            request.POST,
            queryset=items,
            prefix="eintrag",
            form_kwargs={"municipality_choices": choices},
        )
        if title_form.is_valid() and formset.is_valid():
            with transaction.atomic():
                title_form.save()
                formset.save()
                plan.touch(force=True)
            messages.success(request, "Ihr Maßnahmenplan ist gespeichert.")
            return redirect(plan.get_edit_url())
        status = 400
    else:
        plan.touch()
        title_form = PlanTitleForm(instance=plan, prefix="plan")
        formset = PlanItemFormSet(
            queryset=items, prefix="eintrag", form_kwargs={"municipality_choices": choices}
        )
        status = 200
    in_plan = {form.instance.measure_id for form in formset.forms}
    addable = [m for m in Measure.objects.published().for_list() if m.pk not in in_plan]
    return render(
        request,
        "planning/plan_edit.html",
        {
            "plan": plan,
            "title_form": title_form,
            "formset": formset,
            "addable_measures": addable,
            "share_url": request.build_absolute_uri(plan.get_absolute_url()),
            "edit_url": request.build_absolute_uri(plan.get_edit_url()),
            "lifetime_days": PLAN_LIFETIME.days,
        },
        status=status,
    )


def _read_only(template):
    @never_cache
    @require_safe
    def view(request, token):
        try:
            plan = _plan_or_gone(view_token=token)
        except PlanGone:
            return _gone(request)
        plan.touch()
        context = {
            "plan": plan,
            "items": _plan_items(plan),
            "today": timezone.localdate(),
            "share_url": request.build_absolute_uri(plan.get_absolute_url()),
            "lifetime_days": PLAN_LIFETIME.days,
        }
        return render(request, template, context)

    return view


plan_detail = _read_only("planning/plan_detail.html")
plan_print = _read_only("planning/plan_print.html")

CSV_HEADER = [
    "Nr.",
    "Maßnahme",
    "Handlungsfeld",
    "Priorität",
    "Stand",
    "Verantwortlich",
    "Partnerkommunen",
    "Zielquartal",
    "Notizen",
    "Maßnahmenblatt",
]


def _csv_cell(value: str) -> str:
    """Text typed by visitors must not run as a formula in a spreadsheet."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@never_cache
@require_safe
def plan_csv(request, token):
    try:
        plan = _plan_or_gone(view_token=token)
    except PlanGone:
        return _gone(request)
    plan.touch()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="massnahmenplan.csv"'
    response.write("\ufeff")  # BOM: Excel opens UTF-8 with umlauts correctly
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in plan.items.for_plan_page():
        measure = item.measure
        writer.writerow(
            [
                measure.code,
                _csv_cell(measure.title),
                _csv_cell(measure.field_of_action.title),
                item.get_priority_display(),
                item.get_status_display(),
                _csv_cell(item.responsible),
                _csv_cell(", ".join(m.name for m in item.partners.all())),
                item.target_quarter_label,
                _csv_cell(item.notes),
                request.build_absolute_uri(measure.get_absolute_url()),
            ]
        )
    return response


# -- Standortbestimmung ----------------------------------------------------------------------


def _questions():
    return list(Question.objects.active().for_questionnaire())


@require_safe
def selfcheck(request):
    """The questionnaire; answers in the query string ("Antworten ändern") are preselected."""
    form = SelfCheckForm(questions=_questions(), initial=request.GET.dict())
    return render(request, "planning/selfcheck.html", {"form": form})


@require_safe
def selfcheck_result(request):
    questions = _questions()
    form = SelfCheckForm(request.GET, questions=questions)
    if not form.is_valid():
        return render(request, "planning/selfcheck.html", {"form": form}, status=400)
    result = evaluate(questions, form.chosen())
    return render(
        request,
        "planning/selfcheck_result.html",
        {
            "form": form,
            "result": result,
            "answers": form.chosen(),
            "share_url": request.build_absolute_uri(),
        },
    )


# -- Fehlende Beispiele ----------------------------------------------------------------------


def report_example_url(measure) -> str:
    """The submission form pre-filled with the measure, or an e-mail while there is no form."""
    try:
        base = reverse("submissions:form")
    except NoReverseMatch:
        subject = f"Praxisbeispiel für die Maßnahme {measure.code} {measure.title}"
        return f"mailto:{settings.CONTACT_EMAIL}?{urlencode({'subject': subject})}"
    return f"{base}?{urlencode({'massnahme': measure.slug})}"


@require_safe
def gaps(request):
    measures = list(Measure.objects.published().without_examples().for_list())
    for measure in measures:
        measure.report_url = report_example_url(measure)
    return render(request, "planning/gaps.html", {"measures": measures})


# -- Wir planen das auch ---------------------------------------------------------------------


def _rate_limited(request) -> bool:
    """At most SIGNAL_RATE_LIMIT signals per address and hour. Without a working cache the
    limit is not enforced (the honeypot and moderation still are)."""
    key = client_key(request, "planning:signal")
    cache.add(key, 0, SIGNAL_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, SIGNAL_RATE_WINDOW)
        count = 1
    return isinstance(count, int) and count > SIGNAL_RATE_LIMIT


@require_http_methods(["GET", "HEAD", "POST"])
def interest_create(request, slug):
    measure = get_object_or_404(
        Measure.objects.published().select_related("field_of_action"), slug=slug
    )
    choices = municipality_choices()
    if request.method == "POST":
        form = InterestSignalForm(request.POST, municipality_choices=choices)
        if form.is_spam:
            # Pretend success; nothing is stored.
            messages.success(request, "Danke! Die Redaktion prüft Ihre Meldung.")
            return redirect(measure.get_absolute_url())
        if _rate_limited(request):
            form.add_error(
                None,
                "Von Ihrem Anschluss kamen in der letzten Stunde zu viele Meldungen. "
                "Bitte versuchen Sie es später noch einmal.",
            )
            status = 429
        elif form.is_valid():
            signal = form.save(commit=False)
            signal.measure = measure
            signal.save()
            messages.success(
                request,
                "Danke! Die Redaktion prüft Ihre Meldung und schaltet sie dann hier frei.",
            )
            return redirect(measure.get_absolute_url())
        else:
            status = 400
    else:
        form = InterestSignalForm(municipality_choices=choices)
        status = 200
    return render(
        request, "planning/interest_form.html", {"measure": measure, "form": form}, status=status
    )
