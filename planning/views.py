"""Standortbestimmung, the gaps page and "Wir planen das auch".

The Maßnahmenplan's views are in ``planning.plan_views``, ``planning.editor`` and
``planning.exports``.
"""

from functools import cache
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from catalog.models import Measure
from ikz import ratelimit
from planning.forms import InterestSignalForm, municipality_choices
from planning.models import Question
from planning.selfcheck import SelfCheckForm, evaluate

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
    """The submission form pre-filled with the measure."""
    return f"{reverse('submissions:form')}?{urlencode({'massnahme': measure.slug})}"


def _measures_without_examples() -> list:
    measures = list(Measure.objects.published().without_examples().for_list())
    for measure in measures:
        measure.report_url = report_example_url(measure)
    return measures


@require_safe
def gaps(request):
    # A callable: the template asks for it only when it renders the block rather than taking it
    # from the fragment cache ({% revision_cache %}).
    return render(request, "planning/gaps.html", {"measures": cache(_measures_without_examples)})


# -- Wir planen das auch ---------------------------------------------------------------------


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
        if not ratelimit.hit(request, "interest-signal"):
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
