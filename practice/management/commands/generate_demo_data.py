"""Create many clearly marked demonstration practice examples, e.g. for load tests.

Every generated example has ``is_demo=True``, a title starting with "Demo:" and a summary that
says it is not a real cooperation. The command refuses to add demo data to a database that
already holds published real practice examples unless ``--force`` is given, and ``--delete``
removes all demo examples again.

Distributions (fixed by ``--seed``): the lead municipality is drawn weighted by the square root
of its population, so towns appear more often but every municipality can; most partners come
from the same district; measures, tags and cooperation forms follow a Zipf-like popularity;
start years lean towards recent years; about nine in ten examples are published.
"""

import math
import random
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from taggit.models import Tag

from catalog.models import Measure, PublicationState
from catalog.text import german_slugify
from ikz.invalidation import mark_content_changed
from practice.models import (
    CooperationForm,
    DigitalRelation,
    ExampleStatus,
    Municipality,
    PracticeExample,
    TaggedPracticeExample,
)

DEMO_PREFIX = "Demo: "
DEMO_NOTICE = "Demonstrationsdaten – keine reale Kooperation. "
BATCH_SIZE = 2000
FIRST_YEAR, LAST_YEAR = 2008, 2025

TOPICS = [
    "Gemeinsame E-Akte",
    "Digitaler Bauhof",
    "Online-Terminvergabe im Bürgerbüro",
    "Gemeinsames Rechenzentrum",
    "Interkommunale IT-Sicherheitsberatung",
    "Geoinformationssystem für Straßen und Kanäle",
    "Digitale Ratsarbeit",
    "Gemeinsame Vergabestelle",
    "Schulträger-IT aus einer Hand",
    "Breitbandausbau im Verbund",
    "Digitale Sitzungsverwaltung",
    "Gemeinsames Personalmanagement",
    "Elektronische Rechnungsbearbeitung",
    "Bürger-App für Mängelmeldungen",
    "Gemeinsamer Datenschutzbeauftragter",
    "Digitale Friedhofsverwaltung",
    "Smarte Straßenbeleuchtung",
    "Kommunales Open-Data-Portal",
    "Gemeinsame Kita-Platzvergabe online",
    "Digitales Fundbüro",
    "Zentrale Beschaffung von Endgeräten",
    "Videokonferenzen für Verwaltung und Rat",
    "Online-Gewerbeanmeldung",
    "Gemeinsames Dokumentenmanagement",
    "Digitale Baugenehmigung",
    "Telefonzentrale im Verbund",
    "Tourismusportal der Region",
    "Katastrophenschutz-Warnsystem",
    "Digitales Vereinsregister der Gemeinden",
    "Energiemonitoring kommunaler Gebäude",
]
TAGS = [
    "E-Akte",
    "Onlinezugangsgesetz",
    "IT-Sicherheit",
    "Cloud",
    "Geodaten",
    "Bürgerservice",
    "Personal",
    "Beschaffung",
    "Schule",
    "Breitband",
    "Open Data",
    "Datenschutz",
    "Ratsarbeit",
    "Bauhof",
    "Energie",
    "Tourismus",
    "Kita",
    "Finanzen",
    "Smart City",
    "Mobilität",
    "Feuerwehr",
    "Archiv",
    "Standesamt",
    "Meldewesen",
    "Telefonie",
    "Schulung",
    "Förderung",
    "Ländlicher Raum",
    "Verwaltungsverband",
    "Zweckverband",
]
OPENINGS = [
    "{lead} hat gemeinsam mit {partners} {topic_lower} aufgebaut.",
    "Unter Federführung von {lead} arbeiten {partners} an {topic_lower}.",
    "Seit {year} organisieren {lead} und {partners} {topic_lower} gemeinsam.",
]
SENTENCES = [
    "Die Beteiligten teilen sich Personal, Software und Betriebskosten.",
    "Eine Lenkungsgruppe der Bürgermeisterinnen und Bürgermeister trifft sich vierteljährlich.",
    "Die Fachverfahren laufen in einem gemeinsam beauftragten Rechenzentrum.",
    "Die Mitarbeitenden wurden in mehreren Workshops geschult.",
    "Fördermittel des Freistaates deckten einen Teil der Anschaffung.",
    "Die Bürgerinnen und Bürger erreichen die Leistung rund um die Uhr online.",
    "Die Zusammenarbeit ist in einer Zweckvereinbarung geregelt.",
    "Ein gemeinsamer Ansprechpartner koordiniert Technik und Datenschutz.",
    "Die Kosten werden nach Einwohnerzahl auf die Gemeinden verteilt.",
    "Vor dem Start wurden die Abläufe aller Beteiligten verglichen und vereinheitlicht.",
]
RESULTS = [
    "Bearbeitungszeiten sanken spürbar.",
    "Die Beteiligten sparen jährlich Lizenz- und Personalkosten.",
    "Vertretungen funktionieren jetzt über Gemeindegrenzen hinweg.",
    "Die Zufriedenheit der Nutzerinnen und Nutzer ist gestiegen.",
]
LESSONS = [
    "Früh alle Beteiligten einbinden, auch Personalrat und Datenschutz.",
    "Klare Kostenverteilung von Anfang an vereinbaren.",
    "Klein beginnen und schrittweise erweitern.",
    "Eine verantwortliche Person für die Koordination benennen.",
]
PARTNER_COUNT_WEIGHTS = [25, 35, 20, 12, 8]  # 0, 1, 2, 3, 4 partners besides the lead
STATUS_WEIGHTS = {
    ExampleStatus.PLANNED: 10,
    ExampleStatus.ONGOING: 50,
    ExampleStatus.COMPLETED: 30,
    ExampleStatus.ENDED: 10,
}
STATE_WEIGHTS = {
    PublicationState.PUBLISHED: 92,
    PublicationState.REVIEW: 3,
    PublicationState.DRAFT: 2,
    PublicationState.ARCHIVED: 3,
}
RELATION_WEIGHTS = {
    DigitalRelation.SUBJECT: 60,
    DigitalRelation.TOOL: 30,
    DigitalRelation.INDIRECT: 10,
}


def zipf_weights(count: int, exponent: float = 0.9) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def join_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " und " + names[-1]


class DemoGenerator:
    def __init__(self, rng: random.Random):
        self.rng = rng
        municipalities = list(
            Municipality.objects.active().values_list("pk", "name", "district_id", "population")
        )
        if not municipalities:
            raise CommandError(
                "Keine Gemeinden in der Datenbank. Bitte zuerst „manage.py load_content“ ausführen."
            )
        self.municipalities = municipalities
        self.municipality_weights = [math.sqrt(row[3] or 1000) for row in municipalities]
        self.by_district: dict[int, list[tuple]] = {}
        for row in municipalities:
            self.by_district.setdefault(row[2], []).append(row)
        measures = list(Measure.objects.published().values_list("pk", flat=True))
        rng.shuffle(measures)
        self.measures = measures
        self.measure_weights = zipf_weights(len(measures))
        forms = list(CooperationForm.objects.values_list("pk", flat=True))
        self.forms = forms
        self.form_weights = zipf_weights(len(forms), 1.2)
        self.tags = [self._tag(name) for name in TAGS]
        self.tag_weights = zipf_weights(len(self.tags))
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.year_weights = [1 + index for index in range(len(self.years))]

    @staticmethod
    def _tag(name: str) -> int:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name)
        return tag.pk

    def _choose(self, population, weights):
        return self.rng.choices(population, weights=weights, k=1)[0]

    def _distinct(self, population, weights, count):
        chosen = []
        for _ in range(count * 3):
            if len(chosen) == count:
                break
            item = self._choose(population, weights)
            if item not in chosen:
                chosen.append(item)
        return chosen

    def participants(self) -> list[tuple]:
        lead = self._choose(self.municipalities, self.municipality_weights)
        wanted = self._choose(range(5), PARTNER_COUNT_WEIGHTS)
        participants = [lead]
        neighbours = self.by_district[lead[2]]
        for _ in range(wanted * 3):
            if len(participants) > wanted:
                break
            pool = neighbours if self.rng.random() < 0.8 else self.municipalities
            partner = self.rng.choice(pool)
            if partner not in participants:
                participants.append(partner)
        return participants

    def example(self, number: int):
        """One unsaved example plus the ids of its municipalities, measures and tags."""
        rng = self.rng
        topic = rng.choice(TOPICS)
        participants = self.participants()
        names = [row[1] for row in participants]
        lead, partners = names[0], names[1:]
        status = self._choose(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))
        start_year = self._choose(self.years, self.year_weights)
        end_year = None
        if status in (ExampleStatus.COMPLETED, ExampleStatus.ENDED):
            end_year = min(LAST_YEAR, start_year + rng.randint(0, 5))
        state = self._choose(list(STATE_WEIGHTS), list(STATE_WEIGHTS.values()))
        published_at = None
        if state in (PublicationState.PUBLISHED, PublicationState.ARCHIVED):
            published_at = datetime(start_year, 1, 1, tzinfo=UTC).replace(
                month=rng.randint(1, 12), day=rng.randint(1, 28), hour=rng.randint(6, 18)
            )
        where = f"in {lead}" if not partners else f"von {join_names(names[:3])}"
        if len(names) > 3:
            where += " u. a."
        title = f"{DEMO_PREFIX}{topic} {where}"[:200]
        opening = rng.choice(OPENINGS).format(
            lead=lead,
            partners=join_names(partners) if partners else "dem Landkreis",
            topic_lower=topic[0].lower() + topic[1:],
            year=start_year,
        )
        summary = (DEMO_NOTICE + opening)[:600]
        body = " ".join(rng.sample(SENTENCES, k=rng.randint(3, 6)))
        example = PracticeExample(
            title=title,
            slug=f"demo-{number}-{german_slugify(topic)}"[:100],
            summary=summary,
            description=f"{opening}\n\n{body}\n\n*{DEMO_NOTICE.strip()}*",
            results=" ".join(rng.sample(RESULTS, k=rng.randint(1, 3))),
            lessons_learned="\n".join(f"- {line}" for line in rng.sample(LESSONS, k=2)),
            cooperation_form_id=(
                self._choose(self.forms, self.form_weights)
                if self.forms and rng.random() < 0.85
                else None
            ),
            start_year=start_year,
            end_year=end_year,
            status=status,
            digital_relation=self._choose(list(RELATION_WEIGHTS), list(RELATION_WEIGHTS.values())),
            publication_state=state,
            published_at=published_at,
            is_demo=True,
        )
        measures = (
            self._distinct(self.measures, self.measure_weights, rng.randint(1, 3))
            if self.measures
            else []
        )
        tags = self._distinct(self.tags, self.tag_weights, rng.randint(1, 4))
        return example, [row[0] for row in participants], measures, tags


class Command(BaseCommand):
    help = (
        "Erzeugt N deutlich gekennzeichnete Demonstrations-Praxisbeispiele (is_demo) für Last- "
        "und Skalierungstests; --delete entfernt sie wieder."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", nargs="?", type=int, default=0, help="Anzahl, z. B. 10000")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch dann erzeugen, wenn schon echte veröffentlichte Praxisbeispiele da sind.",
        )
        parser.add_argument("--delete", action="store_true", help="Alle Demodaten löschen.")
        parser.add_argument("--seed", type=int, default=2024, help="Zufallsstartwert")
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur anzeigen, was geschähe; nichts speichern."
        )

    def handle(self, *args, count, force, delete, seed, dry_run, **options):
        if delete:
            return self.delete(dry_run)
        if count <= 0:
            raise CommandError("Bitte eine Anzahl größer als 0 angeben oder --delete.")
        real = PracticeExample.objects.published().filter(is_demo=False).count()
        if real and not force:
            raise CommandError(
                f"Die Datenbank enthält {real} echte veröffentlichte Praxisbeispiele. "
                "Demodaten gehören in eine Test- oder Lastdatenbank; mit --force trotzdem erzeugen."
            )
        if dry_run:
            self.stdout.write(f"Probelauf: würde {count} Demo-Praxisbeispiele erzeugen.")
            return
        with transaction.atomic():
            created = self.generate(count, seed)
        mark_content_changed()  # bulk writes send no signals
        self.stdout.write(
            self.style.SUCCESS(f"{created} Demo-Praxisbeispiele erzeugt (is_demo=True).")
        )

    def generate(self, count: int, seed: int) -> int:
        start = (PracticeExample.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        # The seed and the start make every run different yet reproducible.
        generator = DemoGenerator(random.Random(f"{seed}-{start}"))  # noqa: S311 - not crypto
        municipality_links = PracticeExample.municipalities.through
        measure_links = PracticeExample.measures.through
        done = 0
        while done < count:
            size = min(BATCH_SIZE, count - done)
            rows = [generator.example(start + done + index) for index in range(size)]
            examples = PracticeExample.objects.bulk_create([row[0] for row in rows])
            if not connection.features.can_return_rows_from_bulk_insert:
                ids = dict(
                    PracticeExample.objects.filter(
                        slug__in=[example.slug for example in examples]
                    ).values_list("slug", "pk")
                )
                for example in examples:
                    example.pk = ids[example.slug]
            municipality_rows, measure_rows, tag_rows = [], [], []
            for example, (_, municipality_ids, measure_ids, tag_ids) in zip(
                examples, rows, strict=True
            ):
                municipality_rows += [
                    municipality_links(practiceexample_id=example.pk, municipality_id=pk)
                    for pk in municipality_ids
                ]
                measure_rows += [
                    measure_links(practiceexample_id=example.pk, measure_id=pk)
                    for pk in measure_ids
                ]
                tag_rows += [
                    TaggedPracticeExample(content_object_id=example.pk, tag_id=pk) for pk in tag_ids
                ]
            municipality_links.objects.bulk_create(municipality_rows)
            measure_links.objects.bulk_create(measure_rows)
            TaggedPracticeExample.objects.bulk_create(tag_rows)
            done += size
            self.stdout.write(f"  {done} von {count}")
        return done

    def delete(self, dry_run: bool):
        demo = PracticeExample.objects.filter(is_demo=True)
        count = demo.count()
        if dry_run:
            self.stdout.write(f"Probelauf: würde {count} Demo-Praxisbeispiele löschen.")
            return
        with transaction.atomic():
            # Link rows first in single statements, so deleting the examples stays fast.
            PracticeExample.municipalities.through.objects.filter(
                practiceexample__is_demo=True
            ).delete()
            PracticeExample.measures.through.objects.filter(practiceexample__is_demo=True).delete()
            TaggedPracticeExample.objects.filter(content_object__is_demo=True).delete()
            demo.delete()
            PracticeExample.history.filter(is_demo=True).delete()
        mark_content_changed()  # bulk writes send no signals
        self.stdout.write(self.style.SUCCESS(f"{count} Demo-Praxisbeispiele gelöscht."))
