"""Load the bundled editorial content from ``content/`` into the database.

The loader creates what is missing and leaves what exists alone, so editors' changes in the
admin survive every ``make run``. ``update=True`` brings corrections of the bundled content into
an existing database field by field, keeping every field an editor changed and the relations
(actors, measures, municipalities, tags, links) of an item an editor ever saved; that write rule
is ``catalog.content_upsert``. This module reads the files and maps them onto the models.
Models without history (districts, municipalities, actors) are overwritten.
"""

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from catalog.content_upsert import ContentUpsert, LoadReport
from catalog.models import Actor, FieldOfAction, GlossaryTerm, Measure, PublicationState, Resource
from catalog.text import german_slugify
from ikz.invalidation import mark_content_changed
from pages.models import Page
from practice.models import (
    AssociationKind,
    CooperationForm,
    District,
    ExampleLink,
    Municipality,
    MunicipalityKind,
    PracticeExample,
)

CONTENT_DIR = settings.BASE_DIR / "content"
MUNICIPALITY_KINDS = {
    "Gemeinde": MunicipalityKind.MUNICIPALITY,
    "Stadt": MunicipalityKind.TOWN,
    "kreisfreie Stadt": MunicipalityKind.URBAN_DISTRICT,
}
ASSOCIATION_KINDS = {
    "": AssociationKind.NONE,
    "Verwaltungsgemeinschaft": AssociationKind.ADMINISTRATIVE_COMMUNITY,
    "Verwaltungsverband": AssociationKind.ADMINISTRATIVE_UNION,
}


class ContentError(Exception):
    """The bundled content is inconsistent (unknown reference, bad value)."""


def site_url(url: str) -> str:
    """Bundled links to the site's own files ("/static/vorlagen/…") become absolute."""
    return settings.SITE_URL + url if url.startswith("/") else url


def municipality_display_name(raw: str) -> str:
    """Destatis writes "Wurzen, Stadt"; the catalogue shows "Wurzen"."""
    return raw.split(",")[0].strip()


class ContentLoader(ContentUpsert):
    def __init__(self, content_dir: Path = CONTENT_DIR, *, update: bool = False):
        super().__init__(update=update)
        self.content_dir = content_dir
        self.now_state = PublicationState.PUBLISHED

    @transaction.atomic
    def load(self) -> LoadReport:
        self.load_districts()
        self.load_municipalities()
        data = json.loads((self.content_dir / "catalogue.json").read_text(encoding="utf-8"))
        self.load_actors(data["actors"])
        self.load_cooperation_forms(data["cooperation_forms"])
        self.load_resources(data["resources"])
        self.load_fields(data["fields_of_action"])
        self.load_measures(data["measures"])
        self.load_glossary(data["glossary"])
        self.load_examples(data["practice_examples"])
        self.load_pages(data.get("pages", []))
        return self.report

    def load_districts(self):
        with (self.content_dir / "districts.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                self.upsert(
                    District,
                    "Landkreise und kreisfreie Städte",
                    {"key": row["key"]},
                    {
                        "name": row["name"],
                        "slug": row["slug"],
                        "kind": row["kind"],
                        "seat": row["seat"],
                    },
                )

    def load_municipalities(self):
        districts = {d.key: d for d in District.objects.all()}
        with (self.content_dir / "municipalities-saxony.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        names = [german_slugify(municipality_display_name(row["name"])) for row in rows]
        duplicates = {slug for slug in names if names.count(slug) > 1}
        existing = {m.ags: m for m in Municipality.objects.all()}
        new = []
        for row, slug in zip(rows, names, strict=True):
            district = districts.get(row["district_key"])
            if district is None:
                raise ContentError(
                    f"Unbekannter Kreisschlüssel {row['district_key']} bei {row['ags']}"
                )
            values = {
                "name": municipality_display_name(row["name"]),
                "slug": f"{slug}-{district.slug}" if slug in duplicates else slug,
                "kind": MUNICIPALITY_KINDS[row["kind"]],
                "district": district,
                "association_kind": ASSOCIATION_KINDS[row["association_kind"]],
                "association": row["association"],
                "population": int(row["population_2022"]) if row["population_2022"] else None,
                "area_km2": Decimal(row["area_km2"]) if row["area_km2"] else None,
                "postcode": row["postcode"],
                "longitude": Decimal(row["lon"]) if row["lon"] else None,
                "latitude": Decimal(row["lat"]) if row["lat"] else None,
            }
            if row["ags"] in existing:
                # One municipality at a time only where it exists already (rare: updates).
                self.upsert(Municipality, "Gemeinden", {"ags": row["ags"]}, values)
                continue
            municipality = Municipality(ags=row["ags"], **values)
            municipality.full_clean(validate_unique=False, validate_constraints=False)
            new.append(municipality)
            self.report.count("created", "Gemeinden")
        # Municipalities carry no history, so one bulk insert is equivalent and much faster.
        Municipality.objects.bulk_create(new)
        if new:
            mark_content_changed()  # a bulk insert sends no signals

    def load_actors(self, items):
        for item in items:
            self.upsert(
                Actor,
                "Akteure",
                {"slug": item["slug"]},
                {"name": item["name"], "order": item["order"]},
            )

    def load_cooperation_forms(self, items):
        for item in items:
            self.upsert(
                CooperationForm,
                "Kooperationsformen",
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "explanation": item["explanation"],
                    "legal_basis": item["legal_basis"],
                    "source_url": item["source_url"],
                    "order": item["order"],
                },
            )

    def _published(self, values: dict, item: dict) -> dict:
        """Bundled items are published unless marked otherwise (e.g. "draft" while in
        preparation) and carry the date their facts were last checked."""
        reviewed = item.get("last_reviewed")
        return {
            **values,
            "publication_state": item.get("publication_state", self.now_state),
            "last_reviewed": date.fromisoformat(reviewed) if reviewed else None,
        }

    def load_resources(self, items):
        for item in items:
            self.upsert(
                Resource,
                "Werkzeuge und Ressourcen",
                {"slug": item["slug"]},
                self._published(
                    {
                        "kind": item["kind"],
                        "title": item["title"],
                        "description": item["description"],
                        "url": site_url(item["url"]),
                        "publisher": item["publisher"],
                        "year": item["year"],
                    },
                    item,
                ),
            )

    def load_fields(self, items):
        for item in items:
            self.upsert(
                FieldOfAction,
                "Handlungsfelder",
                {"slug": item["slug"]},
                self._published(
                    {
                        "number": item["number"],
                        "title": item["title"],
                        "summary": item["summary"],
                        "goal": item["goal"],
                        "description": item["description"],
                    },
                    item,
                ),
            )

    def _lookup(self, model, slugs, what):
        objects = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
        missing = sorted(set(slugs) - set(objects))
        if missing:
            raise ContentError(f"{what}: unbekannte Kurznamen {', '.join(missing)}")
        return [objects[slug] for slug in slugs]

    def load_measures(self, items):
        fields = {f.slug: f for f in FieldOfAction.objects.all()}
        fresh = []
        for item in items:
            if item["field"] not in fields:
                raise ContentError(
                    f"Maßnahme {item['slug']}: unbekanntes Handlungsfeld {item['field']}"
                )
            measure, changed = self.upsert(
                Measure,
                "Maßnahmen",
                {"slug": item["slug"]},
                self._published(
                    {
                        "field_of_action": fields[item["field"]],
                        "number": item["number"],
                        "title": item["title"],
                        "summary": item["summary"],
                        "description": item["description"],
                        "steps": item["steps"],
                        "effort": item["effort"],
                        "horizon": item["horizon"],
                        "prerequisites": item["prerequisites"],
                        "benefits": item["benefits"],
                        "risks": item["risks"],
                        "basis": item["basis"],
                        "sources": "\n".join(item["sources"]),
                    },
                    item,
                ),
            )
            if changed:
                fresh.append((measure, item))
        # Relations need every measure to exist first.
        for measure, item in fresh:
            measure.actors.set(self._lookup(Actor, item["actors"], f"Maßnahme {item['slug']}"))
            measure.resources.set(
                self._lookup(Resource, item["resources"], f"Maßnahme {item['slug']}")
            )
            measure.related.set(self._lookup(Measure, item["related"], f"Maßnahme {item['slug']}"))
            measure.tags.set(item["tags"])

    def load_glossary(self, items):
        for item in items:
            self.upsert(
                GlossaryTerm,
                "Glossarbegriffe",
                {"slug": item["slug"]},
                self._published(
                    {
                        "term": item["term"],
                        "definition": item["definition"],
                        "source_url": item["source_url"],
                    },
                    item,
                ),
            )

    def load_examples(self, items):
        forms = {f.slug: f for f in CooperationForm.objects.all()}
        for item in items:
            form_slug = item["cooperation_form"]
            if form_slug and form_slug not in forms:
                raise ContentError(
                    f"Praxisbeispiel {item['slug']}: unbekannte Kooperationsform {form_slug}"
                )
            example, changed = self.upsert(
                PracticeExample,
                "Praxisbeispiele",
                {"slug": item["slug"]},
                self._published(
                    {
                        "title": item["title"],
                        "summary": item["summary"],
                        "description": item["description"],
                        "results": item["results"],
                        "lessons_learned": item["lessons_learned"],
                        "other_partners": item["other_partners"],
                        "federal_state": item["federal_state"],
                        "cooperation_form": forms.get(form_slug),
                        "start_year": item["start_year"],
                        "end_year": item["end_year"],
                        "status": item["status"],
                        "digital_relation": item["digital_relation"],
                        "funding": item["funding"],
                        "contact_organisation": item["contact_organisation"],
                        "sources": "\n".join(item["sources"]),
                    },
                    item,
                ),
            )
            if not changed:
                continue
            municipalities = {
                m.ags: m for m in Municipality.objects.filter(ags__in=item["municipalities"])
            }
            missing = sorted(set(item["municipalities"]) - set(municipalities))
            if missing:
                raise ContentError(
                    f"Praxisbeispiel {item['slug']}: unbekannte AGS {', '.join(missing)}"
                )
            example.municipalities.set(municipalities.values())
            example.measures.set(
                self._lookup(Measure, item["measures"], f"Praxisbeispiel {item['slug']}")
            )
            example.tags.set(item["tags"])
            example.links.all().delete()
            ExampleLink.objects.bulk_create(
                ExampleLink(example=example, title=link["title"], url=link["url"], order=index)
                for index, link in enumerate(item["links"])
            )

    def load_pages(self, items):
        for item in items:
            self.upsert(
                Page,
                "Inhaltsseiten",
                {"slug": item["slug"]},
                self._published(
                    {"title": item["title"], "summary": item["summary"], "body": item["body"]}, item
                ),
            )
