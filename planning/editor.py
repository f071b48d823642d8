"""The plan editor: title, items, order and partner municipalities on one light page.

Every button of the page submits the whole form, and every action first saves what was typed,
so nothing is lost: "Speichern" (per item and in the sticky bar), "nach oben"/"nach unten"
(``verschieben``) and "Suchen" (the first button, so also Enter in any field), which after saving
shows the partner search's hits as checkboxes (``?gemeinde=…``). With JavaScript the order
changes in place and the search completes as you type (``partner_search``, a few hundred bytes
of JSON).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from catalog.models import Measure
from ikz import ratelimit
from planning.editor_forms import (
    PlanItemFormSet,
    PlanPartnersForm,
    PlanTitleForm,
    search_municipalities,
)
from planning.models import PlanItem, plan_lifetime
from planning.plan_views import (
    SESSION_KEY,
    TOO_MANY_PLAN_WRITES,
    PlanGone,
    gone,
    plan_or_gone,
)
from practice.models import Municipality

MOVES = {"hoch": -1, "runter": 1}


def _move(plan, item_pk: int, step: int) -> PlanItem | None:
    """Swap an item with its neighbour and number the plan 1…n."""
    items = list(plan.items.all())
    index = next((i for i, item in enumerate(items) if item.pk == item_pk), None)
    if index is None:
        return None
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items, start=1):
        item.position = position
    PlanItem.objects.bulk_update(items, ["position"])
    return items[max(0, min(target, len(items) - 1))]


def _save_partners(plan, partners_form, formset) -> None:
    kept = set(partners_form.cleaned_data.get("keep") or [])
    dropped = {m.pk for m in plan.partners.all()} - kept
    added = partners_form.municipalities_to_add()
    plan.partners.set(kept | set(added))
    through = PlanItem.partners.through
    if dropped:
        through.objects.filter(planitem__plan=plan, municipality_id__in=dropped).delete()
    if added and partners_form.cleaned_data.get("add_to_all"):
        items = [form.instance for form in formset.forms if form not in formset.deleted_forms]
        through.objects.bulk_create(
            [through(planitem_id=i.pk, municipality_id=m) for i in items for m in added],
            ignore_conflicts=True,
        )


def _found(request, query) -> list[Municipality]:
    """Hits of the search plus any ticked hits posted back, so a re-shown form keeps them."""
    found = search_municipalities(query)
    posted = [v for v in request.POST.getlist("partner-add") if v.isdigit()]
    if posted:
        known = {m.pk for m in found}
        extra = Municipality.objects.active().filter(pk__in=posted).select_related("district")
        found += [m for m in extra if m.pk not in known]
    return found


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request, token):
    try:
        plan = plan_or_gone(edit_token=token)
    except PlanGone:
        return gone(request)
    if request.session.get(SESSION_KEY) != plan.edit_token:
        request.session[SESSION_KEY] = plan.edit_token
    partners = list(plan.partners.select_related("district").order_by("name"))
    items = plan.items.for_plan_page()
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("partner-search" if data else "gemeinde", "")[:80]
    title_form = PlanTitleForm(data, instance=plan, prefix="plan")
    partners_form = PlanPartnersForm(
        data, prefix="partner", partners=partners, found=_found(request, query)
    )
    formset = PlanItemFormSet(data, queryset=items, prefix="eintrag", plan_partners=partners)
    if data is not None:
        if not ratelimit.hit(request, "plan-edit"):
            title_form.add_error(None, TOO_MANY_PLAN_WRITES)  # the input stays in the form
            status = 429
        elif title_form.is_valid() and partners_form.is_valid() and formset.is_valid():
            return _save(request, plan, title_form, partners_form, formset)
        else:
            status = 400
    else:
        plan.touch()
        partners_form.initial["search"] = query
        status = 200
    in_plan = {form.instance.measure_id for form in formset.forms}
    addable = [m for m in Measure.objects.published().for_list() if m.pk not in in_plan]
    return render(
        request,
        "planning/plan_edit.html",
        {
            "plan": plan,
            "title_form": title_form,
            "partners_form": partners_form,
            "formset": formset,
            "searched": bool(query),
            "addable_measures": addable,
            "share_url": request.build_absolute_uri(plan.get_absolute_url()),
            "edit_url": request.build_absolute_uri(plan.get_edit_url()),
            "lifetime_days": plan_lifetime().days,
        },
        status=status,
    )


def _save(request, plan, title_form, partners_form, formset):
    with transaction.atomic():
        title_form.save()
        formset.save()
        _save_partners(plan, partners_form, formset)
        plan.touch(force=True)
        move = request.POST.get("verschieben", "")
        item_pk, _, direction = move.partition(":")
        moved = None
        if item_pk.isdigit() and direction in MOVES:
            moved = _move(plan, int(item_pk), MOVES[direction])
    messages.success(request, "Ihr Maßnahmenplan ist gespeichert.")
    url = plan.get_edit_url()
    action = request.POST.get("aktion", "")
    query = partners_form.cleaned_data.get("search", "").strip()
    if query and action == "suchen":
        return redirect(f"{url}?{urlencode({'gemeinde': query})}#partner")
    if moved is not None:
        return redirect(f"{url}#eintrag-{moved.pk}")
    anchor = action
    return redirect(f"{url}#eintrag-{anchor}" if anchor.isdigit() else url)


@require_safe
def partner_search(request):
    """Autocomplete for the partner search: few bytes, no page around it."""
    found = search_municipalities(request.GET.get("q", "")[:80])
    return JsonResponse(
        {"results": [{"id": m.pk, "name": m.name, "district": m.district.name} for m in found]}
    )
