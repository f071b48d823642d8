"""Read-only representations of the catalogue for the API and the JSON downloads.

Field names are German like the query parameters and the CSV columns. Related objects appear as
small references with ``slug`` and ``url`` (the API address); ``webseite`` is the public HTML page.
Long texts are the editors' Markdown as written. Personal contact data is never part of the
open data.
"""

from urllib.parse import quote, urlencode

from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse
from taggit.models import Tag

from catalog.models import FieldOfAction, Measure, Resource
from practice.models import CooperationForm, District, Municipality, PracticeExample


@extend_schema_field(OpenApiTypes.URI)
class WebPageField(serializers.Field):
    """The absolute address of the object's public HTML page."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
class UrlLinesField(serializers.Field):
    """A text field with one address per line, as a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [line.strip() for line in value.splitlines() if line.strip()]


class ApiLinkField(serializers.HyperlinkedIdentityField):
    """The object's API address; reverses the URL pattern once per list, not once per row."""

    PLACEHOLDER = "00000000"  # matches both the slug and the AGS patterns

    def get_url(self, obj, view_name, request, format):
        if not hasattr(self, "_template"):
            url = self.reverse(
                view_name,
                kwargs={self.lookup_url_kwarg: self.PLACEHOLDER},
                request=request,
                format=format,
            )
            self._template = url.rsplit(self.PLACEHOLDER, 1)
        prefix, suffix = self._template
        return prefix + quote(str(getattr(obj, self.lookup_field)), safe="-_~") + suffix


def _api_url(view_name, lookup_field="slug"):
    return ApiLinkField(view_name=view_name, lookup_field=lookup_field)


def _filtered_list_url(serializer, view_name, parameter, value):
    request = serializer.context["request"]
    url = reverse(view_name, request=request)
    return f"{url}?{urlencode({parameter: value})}"


# --- references -------------------------------------------------------------------------------


class FieldOfActionRefSerializer(serializers.ModelSerializer):
    url = _api_url("api:field-detail")
    nummer = serializers.IntegerField(source="number")
    titel = serializers.CharField(source="title")

    class Meta:
        model = FieldOfAction
        fields = ["slug", "nummer", "titel", "url"]


class MeasureRefSerializer(serializers.ModelSerializer):
    url = _api_url("api:measure-detail")
    kennung = serializers.CharField(source="code")
    titel = serializers.CharField(source="title")

    class Meta:
        model = Measure
        fields = ["slug", "kennung", "titel", "url"]


class ExampleRefSerializer(serializers.ModelSerializer):
    url = _api_url("api:example-detail")
    titel = serializers.CharField(source="title")

    class Meta:
        model = PracticeExample
        fields = ["slug", "titel", "url"]


class ResourceRefSerializer(serializers.ModelSerializer):
    url = _api_url("api:resource-detail")
    titel = serializers.CharField(source="title")

    class Meta:
        model = Resource
        fields = ["slug", "titel", "url"]


class DistrictRefSerializer(serializers.ModelSerializer):
    url = _api_url("api:district-detail")
    schluessel = serializers.CharField(source="key")

    class Meta:
        model = District
        fields = ["slug", "schluessel", "name", "url"]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    url = _api_url("api:municipality-detail", lookup_field="ags")
    landkreis = serializers.SlugRelatedField(source="district", slug_field="slug", read_only=True)

    class Meta:
        model = Municipality
        fields = ["ags", "slug", "name", "landkreis", "url"]


class CooperationFormRefSerializer(serializers.ModelSerializer):
    url = _api_url("api:cooperation-form-detail")

    class Meta:
        model = CooperationForm
        fields = ["slug", "name", "url"]


class NamedSlugSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


# --- full representations -----------------------------------------------------------------------


class FieldOfActionSerializer(serializers.ModelSerializer):
    url = _api_url("api:field-detail")
    webseite = WebPageField()
    nummer = serializers.IntegerField(source="number")
    titel = serializers.CharField(source="title")
    kurzbeschreibung = serializers.CharField(source="summary")
    ziel = serializers.CharField(source="goal")
    beschreibung = serializers.CharField(source="description")
    massnahmen = MeasureRefSerializer(source="measures", many=True, read_only=True)
    praxisbeispiele = serializers.SerializerMethodField()
    veroeffentlicht_am = serializers.DateTimeField(source="published_at")
    geaendert_am = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = FieldOfAction
        fields = [
            "slug",
            "url",
            "webseite",
            "nummer",
            "titel",
            "kurzbeschreibung",
            "ziel",
            "beschreibung",
            "massnahmen",
            "praxisbeispiele",
            "veroeffentlicht_am",
            "geaendert_am",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_praxisbeispiele(self, obj) -> str:
        """The practice example list filtered by this field of action."""
        return _filtered_list_url(self, "api:example-list", "handlungsfeld", obj.slug)


class MeasureSerializer(serializers.ModelSerializer):
    url = _api_url("api:measure-detail")
    webseite = WebPageField()
    kennung = serializers.CharField(source="code")
    nummer = serializers.IntegerField(source="number")
    titel = serializers.CharField(source="title")
    kurzbeschreibung = serializers.CharField(source="summary")
    beschreibung = serializers.CharField(source="description")
    umsetzungsschritte = serializers.CharField(source="steps")
    voraussetzungen = serializers.CharField(source="prerequisites")
    nutzen = serializers.CharField(source="benefits")
    risiken = serializers.CharField(source="risks")
    aufwand = serializers.CharField(source="effort")
    aufwand_bezeichnung = serializers.CharField(source="get_effort_display")
    zeithorizont = serializers.CharField(source="horizon")
    zeithorizont_bezeichnung = serializers.CharField(source="get_horizon_display")
    grundlage = serializers.CharField(source="basis")
    grundlage_bezeichnung = serializers.CharField(source="get_basis_display")
    handlungsfeld = FieldOfActionRefSerializer(source="field_of_action", read_only=True)
    akteure = NamedSlugSerializer(source="actors", many=True, read_only=True)
    werkzeuge = ResourceRefSerializer(source="resources", many=True, read_only=True)
    verwandte_massnahmen = MeasureRefSerializer(source="related", many=True, read_only=True)
    praxisbeispiele = ExampleRefSerializer(source="practice_examples", many=True, read_only=True)
    schlagwoerter = NamedSlugSerializer(source="tags", many=True, read_only=True)
    quellen = UrlLinesField(source="sources")
    veroeffentlicht_am = serializers.DateTimeField(source="published_at")
    geaendert_am = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Measure
        fields = [
            "slug",
            "url",
            "webseite",
            "kennung",
            "nummer",
            "titel",
            "kurzbeschreibung",
            "beschreibung",
            "umsetzungsschritte",
            "voraussetzungen",
            "nutzen",
            "risiken",
            "aufwand",
            "aufwand_bezeichnung",
            "zeithorizont",
            "zeithorizont_bezeichnung",
            "grundlage",
            "grundlage_bezeichnung",
            "handlungsfeld",
            "akteure",
            "werkzeuge",
            "verwandte_massnahmen",
            "praxisbeispiele",
            "schlagwoerter",
            "quellen",
            "veroeffentlicht_am",
            "geaendert_am",
        ]


class LinkSerializer(serializers.Serializer):
    titel = serializers.CharField(source="title")
    url = serializers.URLField()


class AttachmentSerializer(serializers.Serializer):
    titel = serializers.CharField(source="title")
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        path = attachment.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PracticeExampleSerializer(serializers.ModelSerializer):
    url = _api_url("api:example-detail")
    webseite = WebPageField()
    titel = serializers.CharField(source="title")
    kurzbeschreibung = serializers.CharField(source="summary")
    beschreibung = serializers.CharField(source="description")
    ergebnisse = serializers.CharField(source="results")
    erfahrungen = serializers.CharField(source="lessons_learned")
    gemeinden = MunicipalityRefSerializer(source="municipalities", many=True, read_only=True)
    landkreise = serializers.SerializerMethodField()
    weitere_beteiligte = serializers.CharField(source="other_partners")
    bundesland = serializers.CharField(source="federal_state")
    kooperationsform = CooperationFormRefSerializer(
        source="cooperation_form", read_only=True, allow_null=True
    )
    handlungsfelder = serializers.SerializerMethodField()
    massnahmen = MeasureRefSerializer(source="measures", many=True, read_only=True)
    beginn = serializers.IntegerField(source="start_year", allow_null=True)
    ende = serializers.IntegerField(source="end_year", allow_null=True)
    stand = serializers.CharField(source="status")
    stand_bezeichnung = serializers.CharField(source="get_status_display")
    digitalbezug = serializers.CharField(source="digital_relation")
    digitalbezug_bezeichnung = serializers.CharField(source="get_digital_relation_display")
    finanzierung = serializers.CharField(source="funding")
    kontakt_organisation = serializers.CharField(source="contact_organisation")
    bild = serializers.ImageField(source="image", use_url=True, allow_null=True)
    bild_alternativtext = serializers.CharField(source="image_alt")
    links = LinkSerializer(many=True, read_only=True)
    anhaenge = AttachmentSerializer(source="public_attachments", many=True, read_only=True)
    quellen = UrlLinesField(source="sources")
    schlagwoerter = NamedSlugSerializer(source="tags", many=True, read_only=True)
    demonstrationsdaten = serializers.BooleanField(source="is_demo")
    veroeffentlicht_am = serializers.DateTimeField(source="published_at")
    geaendert_am = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = PracticeExample
        fields = [
            "slug",
            "url",
            "webseite",
            "titel",
            "kurzbeschreibung",
            "beschreibung",
            "ergebnisse",
            "erfahrungen",
            "gemeinden",
            "landkreise",
            "weitere_beteiligte",
            "bundesland",
            "kooperationsform",
            "handlungsfelder",
            "massnahmen",
            "beginn",
            "ende",
            "stand",
            "stand_bezeichnung",
            "digitalbezug",
            "digitalbezug_bezeichnung",
            "finanzierung",
            "kontakt_organisation",
            "bild",
            "bild_alternativtext",
            "links",
            "anhaenge",
            "quellen",
            "schlagwoerter",
            "demonstrationsdaten",
            "veroeffentlicht_am",
            "geaendert_am",
        ]

    # One reference serializer per list, not one per row: building serializers is expensive.
    @cached_property
    def _district_ref(self):
        return DistrictRefSerializer(context=self.context)

    @cached_property
    def _field_ref(self):
        return FieldOfActionRefSerializer(context=self.context)

    @extend_schema_field(DistrictRefSerializer(many=True))
    def get_landkreise(self, obj):
        districts = {m.district.pk: m.district for m in obj.municipalities.all()}
        ordered = sorted(districts.values(), key=lambda district: district.name)
        return [self._district_ref.to_representation(district) for district in ordered]

    @extend_schema_field(FieldOfActionRefSerializer(many=True))
    def get_handlungsfelder(self, obj):
        fields = {m.field_of_action.pk: m.field_of_action for m in obj.measures.all()}
        ordered = sorted(fields.values(), key=lambda field: field.number)
        return [self._field_ref.to_representation(field) for field in ordered]


class ResourceSerializer(serializers.ModelSerializer):
    url = _api_url("api:resource-detail")
    webseite = WebPageField()
    art = serializers.CharField(source="kind")
    art_bezeichnung = serializers.CharField(source="get_kind_display")
    titel = serializers.CharField(source="title")
    beschreibung = serializers.CharField(source="description")
    internetadresse = serializers.CharField(source="url")
    datei = serializers.FileField(source="file", use_url=True, allow_null=True)
    herausgeber = serializers.CharField(source="publisher")
    jahr = serializers.IntegerField(source="year", allow_null=True)
    massnahmen = MeasureRefSerializer(source="measures", many=True, read_only=True)
    veroeffentlicht_am = serializers.DateTimeField(source="published_at")
    geaendert_am = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Resource
        fields = [
            "slug",
            "url",
            "webseite",
            "art",
            "art_bezeichnung",
            "titel",
            "beschreibung",
            "internetadresse",
            "datei",
            "herausgeber",
            "jahr",
            "massnahmen",
            "veroeffentlicht_am",
            "geaendert_am",
        ]


class MunicipalitySerializer(serializers.ModelSerializer):
    url = _api_url("api:municipality-detail", lookup_field="ags")
    art = serializers.CharField(source="kind")
    art_bezeichnung = serializers.CharField(source="get_kind_display")
    landkreis = DistrictRefSerializer(source="district", read_only=True)
    verbund_art = serializers.CharField(source="association_kind")
    verbund = serializers.CharField(source="association")
    einwohner = serializers.IntegerField(source="population", allow_null=True)
    flaeche_km2 = serializers.DecimalField(
        source="area_km2", max_digits=8, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    postleitzahl = serializers.CharField(source="postcode")
    laengengrad = serializers.DecimalField(
        source="longitude", max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    breitengrad = serializers.DecimalField(
        source="latitude", max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    besteht = serializers.BooleanField(source="is_active")
    aufgegangen_in = MunicipalityRefSerializer(
        source="merged_into", read_only=True, allow_null=True
    )
    praxisbeispiele = ExampleRefSerializer(source="practice_examples", many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "ags",
            "slug",
            "url",
            "name",
            "art",
            "art_bezeichnung",
            "landkreis",
            "verbund_art",
            "verbund",
            "einwohner",
            "flaeche_km2",
            "postleitzahl",
            "laengengrad",
            "breitengrad",
            "besteht",
            "aufgegangen_in",
            "praxisbeispiele",
        ]


class DistrictSerializer(serializers.ModelSerializer):
    url = _api_url("api:district-detail")
    schluessel = serializers.CharField(source="key")
    art = serializers.CharField(source="kind")
    art_bezeichnung = serializers.CharField(source="get_kind_display")
    kreissitz = serializers.CharField(source="seat")
    anzahl_gemeinden = serializers.IntegerField(source="municipality_count")
    gemeinden = serializers.SerializerMethodField()
    praxisbeispiele = serializers.SerializerMethodField()

    class Meta:
        model = District
        fields = [
            "slug",
            "url",
            "schluessel",
            "name",
            "art",
            "art_bezeichnung",
            "kreissitz",
            "anzahl_gemeinden",
            "gemeinden",
            "praxisbeispiele",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_gemeinden(self, obj) -> str:
        return _filtered_list_url(self, "api:municipality-list", "landkreis", obj.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_praxisbeispiele(self, obj) -> str:
        return _filtered_list_url(self, "api:example-list", "landkreis", obj.slug)


class CooperationFormSerializer(serializers.ModelSerializer):
    url = _api_url("api:cooperation-form-detail")
    erklaerung = serializers.CharField(source="explanation")
    rechtsgrundlage = serializers.CharField(source="legal_basis")
    quelle = serializers.CharField(source="source_url")
    anzahl_praxisbeispiele = serializers.IntegerField(source="example_count")
    praxisbeispiele = serializers.SerializerMethodField()

    class Meta:
        model = CooperationForm
        fields = [
            "slug",
            "url",
            "name",
            "erklaerung",
            "rechtsgrundlage",
            "quelle",
            "anzahl_praxisbeispiele",
            "praxisbeispiele",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_praxisbeispiele(self, obj) -> str:
        return _filtered_list_url(self, "api:example-list", "form", obj.slug)


class TagSerializer(serializers.ModelSerializer):
    url = _api_url("api:tag-detail")
    anzahl_massnahmen = serializers.IntegerField(source="measure_count")
    anzahl_praxisbeispiele = serializers.IntegerField(source="example_count")
    massnahmen = serializers.SerializerMethodField()
    praxisbeispiele = serializers.SerializerMethodField()

    class Meta:
        model = Tag
        fields = [
            "slug",
            "url",
            "name",
            "anzahl_massnahmen",
            "anzahl_praxisbeispiele",
            "massnahmen",
            "praxisbeispiele",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_massnahmen(self, obj) -> str:
        return _filtered_list_url(self, "api:measure-list", "schlagwort", obj.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_praxisbeispiele(self, obj) -> str:
        return _filtered_list_url(self, "api:example-list", "schlagwort", obj.slug)
