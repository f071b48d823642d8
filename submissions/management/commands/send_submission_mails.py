from django.core.management.base import BaseCommand

from submissions.mails import RETRY_DAYS, send_pending, unsent
from submissions.models import Submission


class Command(BaseCommand):
    help = (
        "Sendet Eingangsbestätigungen und Benachrichtigungen zu Meldungen der letzten "
        f"{RETRY_DAYS} Tage, die beim Absenden nicht verschickt werden konnten "
        "(z. B. alle 10 Minuten per cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur anzeigen, nichts senden.")

    def handle(self, *args, dry_run=False, **options):
        waiting = list(unsent(Submission.objects.order_by("pk")))
        if dry_run:
            for submission in waiting:
                self.stdout.write(f"Meldung {submission.pk}: E-Mail offen")
            return
        failed = [submission.pk for submission in waiting if not send_pending(submission)]
        sent = len(waiting) - len(failed)
        self.stdout.write(self.style.SUCCESS(f"{sent} Meldung(en) mit allen E-Mails versorgt."))
        if failed:
            self.stdout.write(self.style.WARNING(f"Noch nicht versandt für Meldung(en): {failed}"))
