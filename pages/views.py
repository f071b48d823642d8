from django.contrib.admin.views.decorators import staff_member_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from catalog.models import (
    Basis,
    Effort,
    FieldOfAction,
    Horizon,
    Measure,
    PublicationState,
    Resource,
    ResourceKind,
)
from catalog.publishing import PublishableDetailView
from pages.models import Page
from practice.models import CooperationForm, District, Municipality, PracticeExample


class PageDetailView(PublishableDetailView):
    """An editable content page: Impressum, Datenschutz, Barrierefreiheit, Über diesen Katalog."""

    model = Page
    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_trail(self):
        return [(None, self.object.title)]


@method_decorator(staff_member_required, name="dispatch")
class StyleguideView(TemplateView):
    """Every component of the public pages with sample content, for designers and editors.

    The sample objects are never saved: the page issues no content queries.
    """

    template_name = "pages/styleguide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        district = District(name="Landkreis Leipzig", slug="landkreis-leipzig")
        municipality = Municipality(
            name="Großpösna", slug="grosspoesna", district=district, population=5412
        )
        field = FieldOfAction(
            number=3,
            title="Verwaltungsprozesse gemeinsam digitalisieren",
            slug="verwaltungsprozesse",
            summary="Prozesse einmal gemeinsam gestalten und mehrfach nutzen.",
            publication_state=PublicationState.PUBLISHED,
        )
        field.measure_count, field.example_count = 6, 4
        measure = Measure(
            field_of_action=field,
            number=2,
            title="Gemeinsame E-Akte einführen",
            slug="gemeinsame-e-akte",
            summary="Mehrere Gemeinden führen die elektronische Akte gemeinsam ein.",
            effort=Effort.HIGH,
            horizon=Horizon.MEDIUM,
            basis=Basis.DOCUMENTED,
        )
        example = PracticeExample(
            title="Gemeinsames Bürgerbüro im Verwaltungsverband",
            slug="gemeinsames-buergerbuero",
            summary="Drei Gemeinden betreiben ein gemeinsames digitales Bürgerbüro.",
            start_year=2021,
            status="ongoing",
            cooperation_form=CooperationForm(
                name="Zweckvereinbarung", explanation="Eine Gemeinde übernimmt eine Aufgabe."
            ),
        )
        resource = Resource(
            kind=ResourceKind.CHECKLIST,
            title="Checkliste Kooperationsvereinbarung",
            slug="checkliste",
            publisher="Servicestelle IKZ",
            year=2024,
            url="https://ssg-sachsen.de/",
        )
        context.update(
            field=field,
            measure=measure,
            example=example,
            example_municipalities=[municipality],
            resource=resource,
            sample_measures=[measure],
            source_urls=[
                "https://ssg-sachsen.de/de/projekte/ikz/veroeffentlichungen/ikz-in-einer-digitalisierten-welt-leitfaden"
            ],
            sample_trail=[("/", "Beispielebene"), (None, "Styleguide")],
            sample_markdown=(
                "Ein Absatz mit **fetter** Schrift und einem [Link](https://ssg-sachsen.de/).\n\n"
                "- erster Punkt\n- zweiter Punkt\n\n1. erster Schritt\n2. zweiter Schritt"
            ),
        )
        return context
