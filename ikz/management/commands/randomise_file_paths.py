"""Move editors' files from guessable paths (uploaded before ``RandomPath``) to random ones."""

from pathlib import PurePath

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from ikz.files import PUBLIC_FILE_FIELDS, is_random_path


class Command(BaseCommand):
    help = (
        "Verschiebt Dateien von Werkzeugen, Downloads und Bildern der Praxisbeispiele, die noch "
        "unter einem erratbaren Pfad liegen (z. B. resources/2025/plan.pdf), unter einen "
        "zufälligen Pfad und trägt ihn in den Eintrag, seine Versionsgeschichte und wartende "
        "Änderungen ein. Die alte Datei wird gelöscht. Mehrfach ausführbar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur auflisten, nichts verschieben."
        )

    def handle(self, *args, dry_run=False, **options):
        moved = missing = 0
        for label, field_names in PUBLIC_FILE_FIELDS:
            model = apps.get_model(label)
            for field_name in field_names:
                field = model._meta.get_field(field_name)
                names = (
                    model.objects.exclude(**{field_name: ""})
                    .values_list(field_name, flat=True)
                    .distinct()
                )
                for old in sorted(name for name in names if not is_random_path(name)):
                    if not field.storage.exists(old):
                        self.stderr.write(self.style.WARNING(f"{label}: {old} fehlt im Speicher"))
                        missing += 1
                        continue
                    if dry_run:
                        self.stdout.write(f"{label}: {old} würde verschoben")
                    else:
                        new = self._move(model, field, old)
                        self.stdout.write(f"{label}: {old} → {new}")
                    moved += 1
        verb = "würden verschoben" if dry_run else "verschoben"
        self.stdout.write(
            self.style.SUCCESS(f"{moved} Dateien {verb}, {missing} fehlen im Speicher.")
        )

    def _move(self, model, field, old: str) -> str:
        storage = field.storage
        instance = model.objects.filter(**{field.name: old}).first()
        with storage.open(old, "rb") as source:
            new = storage.save(field.generate_filename(instance, PurePath(old).name), source)
        saved = False
        try:
            with transaction.atomic():
                rows = model.objects.filter(**{field.name: old})
                pks = list(rows.values_list("pk", flat=True))
                rows.update(**{field.name: new})
                history = getattr(model, "history", None)
                if history is not None:
                    history.model.objects.filter(**{field.name: old}).update(**{field.name: new})
                self._rename_in_pending_changes(model, pks, field.name, old, new)
                transaction.on_commit(lambda: storage.delete(old))
            saved = True
        finally:
            if not saved:  # the rows still name the old file, which stays
                storage.delete(new)
        return new

    @staticmethod
    def _rename_in_pending_changes(model, pks, field_name: str, old: str, new: str) -> None:
        """Waiting changes keep field values (and the live values they were based on) as JSON."""
        pending = apps.get_model("editorial", "PendingChange").objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=pks
        )
        for change in pending:
            changed = False
            for values in (change.data, change.base):
                if values.get(field_name) == old:
                    values[field_name] = new
                    changed = True
            if changed:
                change.save(update_fields=["data", "base"])
