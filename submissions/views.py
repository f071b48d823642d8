from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from catalog.models import Measure
from ikz import ratelimit
from submissions.forms import SubmissionForm
from submissions.mails import send_pending


def _prefilled_measures(request) -> list[int]:
    slug = request.GET.get("massnahme", "")
    if not slug:
        return []
    return list(Measure.objects.published().filter(slug=slug).values_list("pk", flat=True))


@never_cache
def submission_form(request):
    min_seconds = settings.SUBMISSIONS_MIN_SECONDS
    if request.method != "POST":
        form = SubmissionForm(
            # ?titel=… comes from the search page's empty result ("Praxisbeispiel melden").
            initial={
                "measures": _prefilled_measures(request),
                "title": " ".join(request.GET.get("titel", "").split())[:200],
            },
            min_seconds=min_seconds,
        )
        return render(request, "submissions/submission_form.html", {"form": form})

    # Every attempt counts (IKZ_RATE_SUBMISSIONS), valid or not, spam included: files are
    # checked only within the limit, so a flood of crafted uploads is cut off before any is read.
    # Over the limit the input comes back, the files are not opened.
    if not ratelimit.hit(request, "submission"):
        form = SubmissionForm(request.POST, min_seconds=min_seconds)
        context = {"form": form, "rate_limited": True}
        response = render(request, "submissions/submission_form.html", context, status=429)
        response["Retry-After"] = str(ratelimit.retry_after("submission"))
        return response
    form = SubmissionForm(request.POST, request.FILES, min_seconds=min_seconds)
    if form.is_valid() or form.is_spam:
        if not form.is_spam:  # bots are told the same as people, but nothing is stored
            submission = form.save()  # saved first: neither mail nor the cache can lose it
            send_pending(submission)  # what fails is retried by send_submission_mails
        return redirect("submissions:thanks")
    return render(request, "submissions/submission_form.html", {"form": form}, status=400)


class ThanksView(TemplateView):
    template_name = "submissions/thanks.html"
