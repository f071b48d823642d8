from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.content_loader import CONTENT_DIR, ContentError, ContentLoader


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Lädt die mitgelieferten Inhalte (Handlungsfelder, Maßnahmen, Praxisbeispiele, "
        "Gemeinden …) aus content/. Vorhandene Einträge bleiben unverändert, außer mit --update."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=CONTENT_DIR,
            help="Ordner mit den Inhalten (Standard: content/).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur anzeigen, was geschähe; nichts speichern."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Vorhandene Einträge mit der mitgelieferten Fassung überschreiben.",
        )

    def handle(self, *args, source, dry_run=False, update=False, **options):
        if not (source / "catalogue.json").is_file():
            raise CommandError(f"Keine Inhalte gefunden: {source / 'catalogue.json'} fehlt.")
        loader = ContentLoader(source, update=update)
        try:
            with transaction.atomic():
                loader.load()
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write(self.style.WARNING("Probelauf: nichts wurde gespeichert."))
        except ContentError as error:
            raise CommandError(f"Inhalte fehlerhaft, nichts wurde gespeichert: {error}") from error
        for line in loader.report.lines():
            self.stdout.write(line)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Inhalte geladen."))
