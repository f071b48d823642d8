import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from catalog.models import Measure
from ikz import ratelimit
from submissions.forms import SubmissionForm

logger = logging.getLogger(__name__)


def send_confirmation(submission) -> None:
    """Confirm to the submitter and tell the service office; a mail failure loses nothing."""
    context = {"submission": submission, "contact_email": settings.CONTACT_EMAIL}
    subject_title = " ".join(submission.title.split())[:120]
    messages = [
        (
            f"Ihre Meldung an den IKZ-Katalog: {subject_title}",
            render_to_string("submissions/email/confirmation.txt", context),
            [submission.contact_email] if submission.contact_email else [],
        ),
        (
            f"Neue Meldung eines Praxisbeispiels: {subject_title}",
            render_to_string("submissions/email/notification.txt", context),
            [settings.CONTACT_EMAIL] if settings.CONTACT_EMAIL else [],
        ),
    ]
    for subject, body, recipients in messages:
        if not recipients:
            continue
        try:
            send_mail(subject, body, None, recipients)
        except (smtplib.SMTPException, OSError):
            logger.exception("E-Mail zur Meldung %s konnte nicht gesendet werden", submission.pk)


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

    form = SubmissionForm(request.POST, request.FILES, min_seconds=min_seconds)
    # Only accepted reports count (IKZ_RATE_SUBMISSIONS), so a visitor fixing errors is not
    # locked out.
    if ratelimit.exceeded(request, "submission"):
        context = {"form": form, "rate_limited": True}
        return render(request, "submissions/submission_form.html", context, status=429)
    if form.is_valid() or form.is_spam:
        if not form.is_spam:  # bots are told the same as people, but nothing is stored
            submission = form.save()
            ratelimit.count(request, "submission")
            send_confirmation(submission)
        return redirect("submissions:thanks")
    return render(request, "submissions/submission_form.html", {"form": form}, status=400)


class ThanksView(TemplateView):
    template_name = "submissions/thanks.html"
