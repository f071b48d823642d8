"""CSV/XLSX import and export of measures for the editors (django-import-export).

The export format is the import format: one row per item, identified by its Kurzname (``slug``),
with German column headers and German labels for choices; related objects are written as readable
keys (slugs, tag names) separated by commas, so a file can be edited in a spreadsheet and imported
again. The rules every import follows are ``catalog.import_resource.EditorialResource``.
"""

from django.utils.translation import gettext as _
from import_export import fields

from catalog.import_resource import EditorialResource
from catalog.import_templates import choice_table
from catalog.import_widgets import SlugForeignKeyWidget, choice_field, key_list_field, tags_field
from catalog.models import (
    Actor,
    Basis,
    Effort,
    FieldOfAction,
    Horizon,
    Measure,
    PublicationState,
    Resource,
)


class MeasureResource(EditorialResource):
    HEADERS = {
        "field_of_action": "Handlungsfeld",
        "number": "Nummer im Handlungsfeld",
        "steps": "Umsetzungsschritte",
        "effort": "Aufwand",
        "horizon": "Zeithorizont",
        "actors": "Akteure",
        "prerequisites": "Voraussetzungen",
        "benefits": "Nutzen",
        "risks": "Risiken und Stolpersteine",
        "basis": "Grundlage",
        "related": "Verwandte Maßnahmen",
        "resources": "Werkzeuge und Ressourcen",
    }

    field_of_action = fields.Field(
        attribute="field_of_action",
        column_name="field_of_action",
        widget=SlugForeignKeyWidget(FieldOfAction, label=_("Das Handlungsfeld")),
    )
    effort = choice_field("effort", Effort)
    horizon = choice_field("horizon", Horizon)
    basis = choice_field("basis", Basis)
    actors = key_list_field("actors", Actor, label=_("Akteure"))
    tags = tags_field()
    related = key_list_field("related", Measure, label=_("verwandte Maßnahmen"))
    resources = key_list_field("resources", Resource, label=_("Werkzeuge und Ressourcen"))

    select = ("field_of_action",)
    prefetch = ("actors", "tags", "related", "resources")

    def template_example(self) -> dict:
        field = FieldOfAction.objects.order_by("number").first()
        return {
            "slug": "beispiel-massnahme",
            "field_of_action": field.slug if field else "",
            "number": "99",
            "title": _("Beispiel: Titel der Maßnahme (bitte überschreiben)"),
            "summary": _("Ein bis zwei Sätze, die auf Karten und in Listen erscheinen."),
            "description": _("Absatz eins.\n\n- Aufzählung\n- [Linktext](https://www.example.org)"),
            "effort": Effort.MEDIUM.label,
            "horizon": Horizon.SHORT.label,
            "basis": Basis.PROPOSAL.label,
            "publication_state": PublicationState.DRAFT.label,
        }

    def valid_values(self) -> list:
        fields = FieldOfAction.objects.order_by("number")
        measures = Measure.objects.select_related("field_of_action").order_by(
            "field_of_action__number", "number"
        )
        return [
            (
                _("Handlungsfelder (Spalte „%(column)s“)")
                % {"column": self.column("field_of_action")},
                [_("Kurzname"), _("Titel"), _("Nr.")],
                [[f.slug, f.title, str(f.number)] for f in fields],
            ),
            (
                _("Maßnahmen (Spalte „%(column)s“)") % {"column": self.column("related")},
                [_("Kurzname"), _("Titel"), _("Nr.")],
                [[m.slug, m.title, m.code] for m in measures],
            ),
            (
                _("Akteure (Spalte „%(column)s“)") % {"column": self.column("actors")},
                [_("Kurzname"), _("Bezeichnung")],
                [[a.slug, a.name] for a in Actor.objects.order_by("order", "name")],
            ),
            (
                _("Werkzeuge und Ressourcen (Spalte „%(column)s“)")
                % {"column": self.column("resources")},
                [_("Kurzname"), _("Titel")],
                [[r.slug, r.title] for r in Resource.objects.order_by("title")],
            ),
            choice_table(_("Aufwand"), Effort, self.column("effort")),
            choice_table(_("Zeithorizont"), Horizon, self.column("horizon")),
            choice_table(_("Grundlage"), Basis, self.column("basis")),
            *super().valid_values(),
        ]

    class Meta:
        model = Measure
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "field_of_action",
            "number",
            "title",
            "summary",
            "description",
            "steps",
            "effort",
            "horizon",
            "actors",
            "tags",
            "prerequisites",
            "benefits",
            "risks",
            "basis",
            "sources",
            "related",
            "resources",
            "publication_state",
            "last_reviewed",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
