import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import FieldOfAction, Measure
from planning.models import AnswerOption, Question

DEFAULT_SOURCE = settings.BASE_DIR / "content" / "selfcheck.json"


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Lädt den mitgelieferten Startfragebogen der Standortbestimmung (content/selfcheck.json) "
        "und markiert die dort genannten Einstiegsmaßnahmen, solange keine Maßnahme markiert ist. "
        "Vorhandene Fragen und Markierungen bleiben unverändert, außer mit --update. Braucht die "
        "Handlungsfelder und Maßnahmen (erst load_content)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur anzeigen, was geschähe; nichts speichern."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Vorhandene Fragen samt Antworten mit der mitgelieferten Fassung überschreiben.",
        )

    def handle(self, *args, source, dry_run=False, update=False, **options):
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"Fragebogen nicht gefunden: {source}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"Fragebogen ist kein gültiges JSON: {error}") from error
        self.fields = {f.number: f for f in FieldOfAction.objects.all()}
        self.measures = {}
        for measure in Measure.objects.select_related("field_of_action"):
            self.measures[measure.slug] = measure
            self.measures[measure.code] = measure
        self.counts = {"neu": 0, "aktualisiert": 0, "unverändert": 0, "übersprungen": 0}
        try:
            with transaction.atomic():
                for item in data["questions"]:
                    self.load_question(item, update)
                self.mark_entry_points(data.get("entry_measures", []), update)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write(self.style.WARNING("Probelauf: nichts wurde gespeichert."))
        except (KeyError, TypeError) as error:
            raise CommandError(f"Fragebogen unvollständig: {error!r} fehlt") from error
        summary = ", ".join(f"{count} {label}" for label, count in self.counts.items())
        self.stdout.write(f"Fragen der Standortbestimmung: {summary}")

    def load_question(self, item, update):
        field = self.fields.get(item["field"])
        if field is None:
            self.counts["übersprungen"] += 1
            self.stdout.write(
                self.style.WARNING(
                    f"{item['key']}: Handlungsfeld {item['field']} fehlt – übersprungen."
                )
            )
            return
        question = Question.objects.filter(key=item["key"]).first()
        if question is not None and not update:
            self.counts["unverändert"] += 1
            return
        values = {
            "field_of_action": field,
            "text": item["text"],
            "help_text": item.get("help", ""),
            "topic": item.get("topic", ""),
            "order": item.get("order", 0),
        }
        if question is None:
            question = Question.objects.create(key=item["key"], **values)
            self.counts["neu"] += 1
        else:
            for name, value in values.items():
                setattr(question, name, value)
            question.save()
            question.options.all().delete()
            self.counts["aktualisiert"] += 1
        for order, option_data in enumerate(item["options"], start=1):
            option = AnswerOption.objects.create(
                question=question,
                text=option_data["text"],
                weight=option_data["weight"],
                order=order,
            )
            option.measures.set(self.resolve_measures(item["key"], option_data["measures"]))

    def mark_entry_points(self, references, update):
        """The shipped "Einstieg" flags, unless editors have set their own (README)."""
        if not update and Measure.objects.filter(entry_point=True).exists():
            return
        entry = self.resolve_measures("entry_measures", references)
        Measure.objects.filter(entry_point=True).exclude(pk__in=[m.pk for m in entry]).update(
            entry_point=False
        )
        Measure.objects.filter(pk__in=[m.pk for m in entry]).update(entry_point=True)
        self.stdout.write(f"Einstiegsmaßnahmen: {len(entry)} markiert")

    def resolve_measures(self, key, references):
        found = []
        for reference in references:
            measure = self.measures.get(reference)
            if measure is None:
                self.stdout.write(
                    self.style.WARNING(f"{key}: Maßnahme {reference} nicht gefunden.")
                )
            else:
                found.append(measure)
        return found
