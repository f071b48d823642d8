"""CSV/XLSX import and export of practice examples (see ``catalog.import_resource`` for the rules).

Municipalities are written as their Amtlicher Gemeindeschlüssel (AGS), measures and the
cooperation form as slugs, tags as names and the web links as one "Linktext | https://…" per line.
The image and the attachments are files and stay in the admin.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from import_export import fields, widgets

from catalog.import_resource import EditorialResource
from catalog.import_templates import choice_table
from catalog.import_widgets import (
    SlugForeignKeyWidget,
    YesNoWidget,
    choice_field,
    key_list_field,
    tags_field,
)
from catalog.models import Measure, PublicationState
from practice.models import (
    CooperationForm,
    DigitalRelation,
    District,
    ExampleLink,
    ExampleStatus,
    FederalState,
    Municipality,
    PracticeExample,
)

LINK_SEPARATOR = " | "


def parse_links(text: str) -> list[tuple[str, str]]:
    """Read "Linktext | https://…" lines (a line with only a URL uses the URL as its text)."""
    validator = URLValidator(schemes=["http", "https"])
    links = []
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, _sep, url = line.rpartition("|")
        title, url = title.strip(), url.strip()
        try:
            validator(url)
        except ValidationError:
            raise ValueError(
                _("Weblinks, Zeile %(number)s: „%(url)s“ ist keine gültige Internetadresse.")
                % {"number": number, "url": url[:80]}
            ) from None
        links.append((title or url, url))
    return links


def render_links(links) -> str:
    return "\n".join(f"{title}{LINK_SEPARATOR}{url}" for title, url in links)


class LinksWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_links(value)

    def render(self, value, obj=None, **kwargs):
        if value is None or value.instance.pk is None:  # a new row has no links yet
            return ""
        return render_links((link.title, link.url) for link in value.all())


class PracticeExampleResource(EditorialResource):
    HEADERS = {
        "results": "Ergebnisse",
        "lessons_learned": "Erfahrungen und Lehren",
        "municipalities": "Gemeinden (AGS)",
        "other_partners": "Weitere Beteiligte",
        "federal_state": "Bundesland",
        "cooperation_form": "Kooperationsform",
        "measures": "Maßnahmen",
        "start_year": "Beginn (Jahr)",
        "end_year": "Ende (Jahr)",
        "status": "Stand",
        "digital_relation": "Digitalbezug",
        "funding": "Finanzierung und Förderung",
        "contact_organisation": "Kontakt: Organisation",
        "contact_person": "Kontakt: Person",
        "contact_email": "Kontakt: E-Mail",
        "contact_phone": "Kontakt: Telefon",
        "contact_consent": "Einwilligung Kontaktperson",
        "image_alt": "Alternativtext des Bildes",
        "links": "Weblinks",
        "is_demo": "Demonstrationsdaten",
    }

    municipalities = key_list_field(
        "municipalities", Municipality, field="ags", label=_("Gemeinden (AGS)")
    )
    measures = key_list_field("measures", Measure, label=_("Maßnahmen"))
    cooperation_form = fields.Field(
        attribute="cooperation_form",
        column_name="cooperation_form",
        widget=SlugForeignKeyWidget(CooperationForm, label=_("Die Kooperationsform")),
    )
    federal_state = choice_field("federal_state", FederalState)
    status = choice_field("status", ExampleStatus)
    digital_relation = choice_field("digital_relation", DigitalRelation)
    contact_consent = fields.Field(
        attribute="contact_consent", column_name="contact_consent", widget=YesNoWidget()
    )
    is_demo = fields.Field(attribute="is_demo", column_name="is_demo", widget=YesNoWidget())
    tags = tags_field()
    links = fields.Field(attribute="links", column_name="links", widget=LinksWidget())

    select = ("cooperation_form",)
    prefetch = ("municipalities", "measures", "tags", "links")

    def template_example(self) -> dict:
        municipality = Municipality.objects.active().order_by("name").first()
        measure = Measure.objects.published().order_by("slug").first()
        form = CooperationForm.objects.first()
        return {
            "slug": "beispiel-praxisbeispiel",
            "title": _("Beispiel: Titel des Praxisbeispiels (bitte überschreiben)"),
            "summary": _("Ein bis drei Sätze, die auf Karten und in Listen erscheinen."),
            "description": _("Absatz eins.\n\n- Aufzählung\n- [Linktext](https://www.example.org)"),
            "municipalities": municipality.ags if municipality else "",
            "federal_state": FederalState.SN.label,
            "cooperation_form": form.slug if form else "",
            "measures": measure.slug if measure else "",
            "start_year": "2024",
            "status": ExampleStatus.ONGOING.label,
            "digital_relation": DigitalRelation.TOOL.label,
            "contact_consent": _("nein"),
            "links": f"Projektseite{LINK_SEPARATOR}https://www.example.org/projekt",
            "is_demo": _("nein"),
            "publication_state": PublicationState.DRAFT.label,
        }

    def valid_values(self) -> list:
        measures = Measure.objects.select_related("field_of_action").order_by(
            "field_of_action__number", "number"
        )
        municipalities = Municipality.objects.active().select_related("district")
        return [
            (
                _("Maßnahmen (Spalte „%(column)s“)") % {"column": self.column("measures")},
                [_("Kurzname"), _("Titel"), _("Nr.")],
                [[m.slug, m.title, m.code] for m in measures],
            ),
            (
                _("Kooperationsformen (Spalte „%(column)s“)")
                % {"column": self.column("cooperation_form")},
                [_("Kurzname"), _("Bezeichnung")],
                [[f.slug, f.name] for f in CooperationForm.objects.all()],
            ),
            (
                _("Gemeinden (Spalte „%(column)s“): der Amtliche Gemeindeschlüssel")
                % {"column": self.column("municipalities")},
                [_("AGS"), _("Name"), _("Landkreis / kreisfreie Stadt")],
                [[m.ags, m.name, m.district.name] for m in municipalities.order_by("name")],
            ),
            (
                _("Landkreise und kreisfreie Städte (zur Orientierung)"),
                [_("Kreisschlüssel"), _("Name")],
                [[d.key, d.name] for d in District.objects.order_by("name")],
            ),
            choice_table(_("Bundesländer"), FederalState, self.column("federal_state")),
            choice_table(_("Stand"), ExampleStatus, self.column("status")),
            choice_table(_("Digitalbezug"), DigitalRelation, self.column("digital_relation")),
            *super().valid_values(),
        ]

    class Meta:
        model = PracticeExample
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title",
            "summary",
            "description",
            "results",
            "lessons_learned",
            "municipalities",
            "other_partners",
            "federal_state",
            "cooperation_form",
            "measures",
            "tags",
            "start_year",
            "end_year",
            "status",
            "digital_relation",
            "funding",
            "contact_organisation",
            "contact_person",
            "contact_email",
            "contact_phone",
            "contact_consent",
            "image_alt",
            "sources",
            "links",
            "is_demo",
            "publication_state",
            "last_reviewed",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    # Links are rows of their own model: read them with the row, write them after the save.

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "links":
            if field.column_name in row:
                instance._imported_links = field.clean(row)
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def row_changes(self, instance, original, row):
        changes = super().row_changes(instance, original, row)
        imported = getattr(instance, "_imported_links", None)
        if imported is not None:
            stored = [(link.title, link.url) for link in original.links.all()]
            if imported != stored:
                column = self.fields["links"].column_name
                changes.append((column, render_links(stored), render_links(imported)))
        return changes

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        imported = getattr(instance, "_imported_links", None)
        if imported is None:
            return
        stored = [(link.title, link.url) for link in instance.links.all()]
        if imported != stored:
            instance.links.all().delete()
            ExampleLink.objects.bulk_create(
                ExampleLink(example=instance, title=title, url=url, order=position)
                for position, (title, url) in enumerate(imported)
            )
