"""The plan editor: title, items, order and partner municipalities on one light page."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from catalog.models import Measure
from ikz import ratelimit
from planning.forms import PlanItemFormSet, PlanTitleForm, municipality_choices
from planning.models import plan_lifetime
from planning.plan_views import (
    SESSION_KEY,
    TOO_MANY_PLAN_WRITES,
    PlanGone,
    gone,
    plan_or_gone,
)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request, token):
    try:
        plan = plan_or_gone(edit_token=token)
    except PlanGone:
        return gone(request)
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
        if not ratelimit.hit(request, "plan-edit"):
            title_form.add_error(None, TOO_MANY_PLAN_WRITES)  # the input stays in the form
            status = 429
        elif title_form.is_valid() and formset.is_valid():
            with transaction.atomic():
                title_form.save()
                formset.save()
                plan.touch(force=True)
            messages.success(request, "Ihr Maßnahmenplan ist gespeichert.")
            return redirect(plan.get_edit_url())
        else:
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
            "lifetime_days": plan_lifetime().days,
        },
        status=status,
    )
