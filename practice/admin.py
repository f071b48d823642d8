from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from catalog.admin import HTTPS_URL_FIELDS, PUBLICATION_FIELDSET, PublishableAdmin
from catalog.import_admin import SpreadsheetAdminMixin
from editorial.admin import GermanHistoryMixin
from practice.import_export import PracticeExampleResource
from practice.models import (
    CooperationForm,
    District,
    ExampleAttachment,
    ExampleLink,
    Municipality,
    PracticeExample,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "kind", "seat", "municipality_count")
    list_filter = ("kind",)
    search_fields = ("name", "key")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_municipality_count=Count("municipalities"))

    @admin.display(description=_("Gemeinden"), ordering="_municipality_count")
    def municipality_count(self, obj):
        return obj._municipality_count


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "ags", "kind", "district", "association", "population", "is_active")
    list_select_related = ("district",)
    list_filter = ("is_active", "kind", "district", "association_kind")
    search_fields = ("name", "ags", "association", "postcode")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("merged_into",)
    fieldsets = (
        (None, {"fields": ("ags", "name", "slug", "kind", "district")}),
        (_("Verwaltungsverbund"), {"fields": ("association_kind", "association")}),
        (
            _("Kennzahlen und Lage"),
            {"fields": ("population", "area_km2", "postcode", "longitude", "latitude")},
        ),
        (_("Gebietsänderungen"), {"fields": ("is_active", "merged_into")}),
    )


@admin.register(CooperationForm)
class CooperationFormAdmin(GermanHistoryMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("name", "slug", "legal_basis", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug", "explanation", "legal_basis")
    prepopulated_fields = {"slug": ("name",)}


class ExampleLinkInline(admin.TabularInline):
    model = ExampleLink
    formfield_overrides = HTTPS_URL_FIELDS
    extra = 0


class PrivateFileInput(forms.ClearableFileInput):
    """The private storage has no public URL: the inline links the download view instead."""

    def is_initial(self, value):
        return False


class ExampleAttachmentInline(admin.TabularInline):
    model = ExampleAttachment
    fields = ("title", "download_link", "file", "is_public", "order")
    readonly_fields = ("download_link",)
    formfield_overrides = {models.FileField: {"widget": PrivateFileInput}}
    extra = 0

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Read-only, Django would link the file by its URL, which the private storage does not
        # have (a 500); the download link stands for it.
        return [name for name in fields if name != "file"]

    @admin.display(description=_("aktuelle Datei"))
    def download_link(self, obj):
        if not obj.pk or not obj.file:
            return "–"
        state = _("öffentlich") if obj.is_public else _("nur für die Redaktion")
        return format_html('<a href="{}">{}</a> ({})', obj.get_absolute_url(), obj.filename, state)


@admin.register(PracticeExample)
class PracticeExampleAdmin(SpreadsheetAdminMixin, PublishableAdmin):
    resource_classes = [PracticeExampleResource]
    list_display = (
        "title",
        "cooperation_form",
        "federal_state",
        "status",
        "start_year",
        "publication_state",
        "last_reviewed",
    )
    list_select_related = ("cooperation_form",)
    list_filter = (
        "publication_state",
        "status",
        "federal_state",
        "cooperation_form",
        "digital_relation",
        "measures__field_of_action",
        "municipalities__district",
        "is_demo",
    )
    search_fields = ("title", "summary", "description", "municipalities__name", "tags__name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("municipalities", "measures", "cooperation_form")
    inlines = [ExampleLinkInline, ExampleAttachmentInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary")}),
        (_("Beschreibung"), {"fields": ("description", "results", "lessons_learned")}),
        (
            _("Beteiligte und Form"),
            {"fields": ("municipalities", "other_partners", "federal_state", "cooperation_form")},
        ),
        (
            _("Einordnung"),
            {
                "fields": (
                    "measures",
                    "tags",
                    "digital_relation",
                    "status",
                    "start_year",
                    "end_year",
                    "funding",
                )
            },
        ),
        (
            _("Kontakt"),
            {
                "fields": (
                    "contact_organisation",
                    "contact_consent",
                    "contact_person",
                    "contact_email",
                    "contact_phone",
                ),
                "description": _(
                    "Eine Person nur nennen, wenn ihre Einwilligung zur Veröffentlichung vorliegt."
                ),
            },
        ),
        (_("Bild und Quellen"), {"fields": ("image", "image_alt", "sources", "is_demo")}),
        PUBLICATION_FIELDSET,
    )
