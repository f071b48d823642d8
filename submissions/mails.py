"""The two mails of a submission: the confirmation to the submitter and the office's notice.

A mail failure never costs the submission: it is saved first, each mail that went out is marked
(``confirmation_sent_at`` / ``notification_sent_at``), and ``manage.py send_submission_mails``
(run every few minutes from cron) sends what is still missing. The admin's list of submissions
shows new ones whether or not the notice arrived.

The confirmation goes only to a submission that passed validation and the rate limits, and it
carries no free text of the submitter except a name that looks like one (``NAME_PATTERN``), so
the form cannot be used to send strangers text of someone else's choice.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_DAYS = 14


def _messages(submission):
    context = {
        "submission": submission,
        "contact_email": settings.CONTACT_EMAIL,
        "admin_url": settings.SITE_URL
        + reverse("admin:submissions_submission_change", args=[submission.pk]),
    }
    subject_title = " ".join(submission.title.split())[:120]
    if submission.confirmation_sent_at is None and submission.contact_email:
        yield (
            "confirmation_sent_at",
            f"Ihre Meldung Nr. {submission.pk} an den IKZ-Katalog",
            render_to_string("submissions/email/confirmation.txt", context),
            submission.contact_email,
        )
    if submission.notification_sent_at is None and settings.CONTACT_EMAIL:
        yield (
            "notification_sent_at",
            f"Neue Meldung eines Praxisbeispiels: {subject_title}",
            render_to_string("submissions/email/notification.txt", context),
            settings.CONTACT_EMAIL,
        )


def send_pending(submission) -> bool:
    """Send the mails of ``submission`` not sent yet; ``True`` if none is missing afterwards."""
    complete = True
    for field, subject, body, recipient in _messages(submission):
        try:
            send_mail(subject, body, None, [recipient])
        except (smtplib.SMTPException, OSError):
            logger.exception("E-Mail zur Meldung %s konnte nicht gesendet werden", submission.pk)
            complete = False
            continue
        setattr(submission, field, timezone.now())
        type(submission).objects.filter(pk=submission.pk).update(
            **{field: getattr(submission, field)}
        )
    return complete


def unsent(queryset):
    """Submissions of the last ``RETRY_DAYS`` days with a mail still to send."""
    recent = queryset.filter(created_at__gte=timezone.now() - timedelta(days=RETRY_DAYS))
    missing = Q(notification_sent_at__isnull=True)
    missing |= Q(confirmation_sent_at__isnull=True) & ~Q(contact_email="")
    return recent.filter(missing)
