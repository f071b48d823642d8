from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search.models import SearchLogEntry


class Command(BaseCommand):
    help = (
        "Löscht Einträge des Suchprotokolls, die älter als SEARCH_LOG_DAYS Tage sind "
        "(Standard 180; für einen täglichen Cron-Job)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Aufbewahrungsdauer in Tagen (statt der Einstellung).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Nur zählen, nichts löschen.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.SEARCH_LOG_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days darf nicht negativ sein.")
        with transaction.atomic():
            old = SearchLogEntry.objects.older_than(days)
            count = old.count()
            if not dry_run:
                old.delete()
        verb = "würden gelöscht" if dry_run else "gelöscht"
        self.stdout.write(self.style.SUCCESS(f"{count} Einträge älter als {days} Tage {verb}."))
