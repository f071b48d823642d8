"""Downloads of any filtered list as CSV or JSON.

``/praxisbeispiele/export.csv`` (or ``.json``) and ``/massnahmen/export.csv`` (or ``.json``) take
exactly the query string of the HTML list and return all matching published items, unpaginated,
in the list's order. Like the HTML list, an invalid filter value is ignored (the JSON download names
it under ``meta.ignorierte_filter``); the API answers the same mistake with 400.

CSV dialect (documented on /daten/): UTF-8 with byte order mark, semicolon, double quotes around
fields that need them (doubled inside), CRLF line ends; several values in one cell are separated by
`` | ``. Cells in any column that begin with ``= + - @`` (or a tab or line break) get a leading
apostrophe so that spreadsheets do not run them as formulas (``ikz.spreadsheets.write_csv``, the
writer of every CSV the site produces). The last
column ``lizenz`` carries the licence and the attributions in every row, so they stay with the
data when the file is passed on; the response also names the licence in a
``Link: <…>; rel="license"`` header.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from api.licence import licence, licence_line, link_header
from api.querysets import example_queryset, measure_queryset
from api.serializers import MeasureSerializer, PracticeExampleSerializer
from api.throttling import TooManyRequests
from catalog.filters import MeasureFilter
from ikz.spreadsheets import write_csv
from practice.filters import PracticeExampleFilter

MULTI_VALUE_SEPARATOR = " | "


def _joined(values) -> str:
    return MULTI_VALUE_SEPARATOR.join(str(value) for value in values)


def _datetime(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable


def _web(obj, request):
    return request.build_absolute_uri(obj.get_absolute_url())


def _licence(obj, request):
    return licence_line()


def _example_fields(example):
    fields = {m.field_of_action.pk: m.field_of_action for m in example.measures.all()}
    return [str(field) for field in sorted(fields.values(), key=lambda field: field.number)]


def _example_districts(example):
    return sorted({m.district.name for m in example.municipalities.all()})


def _example_population(example):
    populations = [m.population for m in example.municipalities.all() if m.population is not None]
    return sum(populations) if populations else ""


EXAMPLE_COLUMNS = [
    Column("slug", "Kurzname, eindeutig und Teil der Adresse", lambda e, r: e.slug),
    Column("titel", "Titel des Praxisbeispiels", lambda e, r: e.title),
    Column("kurzbeschreibung", "Kurzbeschreibung", lambda e, r: e.summary),
    Column(
        "gemeinden",
        "Namen der beteiligten Gemeinden",
        lambda e, r: _joined(m.name for m in e.municipalities.all()),
    ),
    Column(
        "gemeindeschluessel",
        "Amtliche Gemeindeschlüssel (AGS, 8 Ziffern) in derselben Reihenfolge",
        lambda e, r: _joined(m.ags for m in e.municipalities.all()),
    ),
    Column(
        "landkreise",
        "Landkreise und kreisfreie Städte der beteiligten Gemeinden",
        lambda e, r: _joined(_example_districts(e)),
    ),
    Column(
        "einwohner_gesamt",
        "Summe der Einwohner der beteiligten Gemeinden (Zensus 2022), leer ohne Gemeinden",
        lambda e, r: _example_population(e),
    ),
    Column("weitere_beteiligte", "Weitere Beteiligte (Freitext)", lambda e, r: e.other_partners),
    Column(
        "kooperationsform",
        "Rechts- oder Organisationsform der Zusammenarbeit",
        lambda e, r: e.cooperation_form.name if e.cooperation_form else "",
    ),
    Column(
        "handlungsfelder",
        "Handlungsfelder der umgesetzten Maßnahmen („Nummer. Titel“)",
        lambda e, r: _joined(_example_fields(e)),
    ),
    Column(
        "massnahmen",
        "Umgesetzte Maßnahmen („Kennung Titel“, z. B. „3.2 …“)",
        lambda e, r: _joined(f"{m.code} {m.title}" for m in e.measures.all()),
    ),
    Column(
        "stand", "geplant, laufend, abgeschlossen oder beendet", lambda e, r: e.get_status_display()
    ),
    Column("digitalbezug", "Art des Digitalbezugs", lambda e, r: e.get_digital_relation_display()),
    Column("beginn", "Jahr des Beginns", lambda e, r: e.start_year or ""),
    Column("ende", "Jahr des Endes", lambda e, r: e.end_year or ""),
    Column("bundesland", "Bundesland", lambda e, r: e.get_federal_state_display()),
    Column(
        "schlagwoerter",
        "Schlagwörter",
        lambda e, r: _joined(tag.name for tag in e.tags.all()),
    ),
    Column(
        "kontakt_organisation",
        "Ansprechende Organisation (Personendaten stehen nur auf der Webseite)",
        lambda e, r: e.contact_organisation,
    ),
    Column(
        "demonstrationsdaten",
        "„ja“ bei automatisch erzeugten Beispieldaten",
        lambda e, r: "ja" if e.is_demo else "nein",
    ),
    Column("webseite", "Adresse der Seite im Katalog", _web),
    Column(
        "veroeffentlicht_am",
        "Zeitpunkt der Veröffentlichung (ISO 8601)",
        lambda e, r: _datetime(e.published_at),
    ),
    Column(
        "geaendert_am",
        "Zeitpunkt der letzten Änderung (ISO 8601)",
        lambda e, r: _datetime(e.updated_at),
    ),
    Column("lizenz", "Lizenz und Namensnennungen (in jeder Zeile gleich)", _licence),
]

MEASURE_COLUMNS = [
    Column("kennung", "Nummer im Leitfaden-Stil, z. B. 3.2", lambda m, r: m.code),
    Column("slug", "Kurzname, eindeutig und Teil der Adresse", lambda m, r: m.slug),
    Column("titel", "Titel der Maßnahme", lambda m, r: m.title),
    Column("kurzbeschreibung", "Kurzbeschreibung", lambda m, r: m.summary),
    Column("handlungsfeld", "Handlungsfeld („Nummer. Titel“)", lambda m, r: str(m.field_of_action)),
    Column("aufwand", "niedrig, mittel oder hoch", lambda m, r: m.get_effort_display()),
    Column(
        "zeithorizont",
        "kurzfristig, mittelfristig oder langfristig",
        lambda m, r: m.get_horizon_display(),
    ),
    Column("grundlage", "belegt oder Vorschlag der Redaktion", lambda m, r: m.get_basis_display()),
    Column("akteure", "Beteiligte Akteure", lambda m, r: _joined(a.name for a in m.actors.all())),
    Column(
        "schlagwoerter",
        "Schlagwörter",
        lambda m, r: _joined(tag.name for tag in m.tags.all()),
    ),
    Column(
        "werkzeuge",
        "Titel der zugeordneten Werkzeuge und Ressourcen",
        lambda m, r: _joined(res.title for res in m.resources.all()),
    ),
    Column(
        "praxisbeispiele",
        "Kurznamen der veröffentlichten Praxisbeispiele, die die Maßnahme umsetzen",
        lambda m, r: _joined(e.slug for e in m.practice_examples.all()),
    ),
    Column("webseite", "Adresse der Seite im Katalog", _web),
    Column(
        "veroeffentlicht_am",
        "Zeitpunkt der Veröffentlichung (ISO 8601)",
        lambda m, r: _datetime(m.published_at),
    ),
    Column(
        "geaendert_am",
        "Zeitpunkt der letzten Änderung (ISO 8601)",
        lambda m, r: _datetime(m.updated_at),
    ),
    Column("lizenz", "Lizenz und Namensnennungen (in jeder Zeile gleich)", _licence),
]


def csv_text(items, columns, request) -> str:
    rows = [[column.name for column in columns]]
    rows += ([column.value(item, request) for column in columns] for item in items)
    buffer = io.StringIO()
    write_csv(buffer, rows)
    return buffer.getvalue()


@extend_schema(exclude=True)
class ExportView(GenericAPIView):
    """A filtered list as a download; subclasses name the FilterSet, queryset and columns."""

    pagination_class = None
    filter_backends = []
    output = "csv"  # or "json", set in the URLconf
    title = ""
    basename = ""
    list_url_name = ""
    columns: list[Column] = []

    def throttled(self, request, wait):
        raise TooManyRequests(wait)

    def filtered(self, filterset):
        return filterset.qs

    def get_filterset(self):
        return self.filterset_class(
            self.request.GET, queryset=self.get_queryset(), request=self.request
        )

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        items = list(self.filtered(filterset))
        filename = f"{self.basename}-{timezone.localdate().isoformat()}.{self.output}"
        if self.output == "csv":
            response = HttpResponse(
                csv_text(items, self.columns, request), content_type="text/csv; charset=utf-8"
            )
        else:
            response = Response(
                {
                    "meta": self.meta(request, filterset, len(items)),
                    "daten": self.get_serializer(items, many=True).data,
                }
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Link"] = link_header()
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def meta(self, request, filterset, count) -> dict:
        page = reverse(self.list_url_name)
        query = request.GET.urlencode()
        return {
            "titel": self.title,
            "quelle": request.build_absolute_uri(f"{page}?{query}" if query else page),
            "dokumentation": request.build_absolute_uri(reverse("opendata:overview")),
            "erstellt_am": timezone.localtime().isoformat(timespec="seconds"),
            "anzahl": count,
            "filter": {
                key: values
                for key, values in request.GET.lists()
                if key in filterset.filters and key not in filterset.form.errors
            },
            "ignorierte_filter": {
                key: [str(message) for message in messages]
                for key, messages in filterset.form.errors.items()
            },
            "lizenz": licence(),
        }


class PracticeExampleExportView(ExportView):
    title = "Praxisbeispiele"
    basename = "praxisbeispiele"
    list_url_name = "practice:example-list"
    columns = EXAMPLE_COLUMNS
    filterset_class = PracticeExampleFilter
    serializer_class = PracticeExampleSerializer

    def get_queryset(self):
        return example_queryset()


class MeasureExportView(ExportView):
    title = "Maßnahmen"
    basename = "massnahmen"
    list_url_name = "catalog:measure-list"
    columns = MEASURE_COLUMNS
    filterset_class = MeasureFilter
    serializer_class = MeasureSerializer

    def get_queryset(self):
        return measure_queryset()

    def filtered(self, filterset):
        return filterset.qs.for_list()
