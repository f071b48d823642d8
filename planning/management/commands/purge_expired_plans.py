from django.core.management.base import BaseCommand
from django.db import transaction

from planning.models import Plan


class Command(BaseCommand):
    help = (
        "Löscht Maßnahmenpläne, die IKZ_PLAN_LIFETIME_DAYS Tage (Standard 180) lang weder "
        "geöffnet noch geändert wurden (täglich per cron aufrufen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts löschen.")

    def handle(self, *args, dry_run=False, **options):
        expired = Plan.objects.expired()
        count = expired.count()
        if dry_run:
            self.stdout.write(f"Probelauf: {count} abgelaufene Maßnahmenpläne würden gelöscht.")
            return
        with transaction.atomic():
            expired.delete()
        self.stdout.write(self.style.SUCCESS(f"{count} abgelaufene Maßnahmenpläne gelöscht."))
