from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from taggit.managers import TaggableManager

from catalog.import_admin import SpreadsheetAdminMixin
from catalog.import_export import MeasureResource
from catalog.models import (
    Actor,
    FieldOfAction,
    GlossaryTerm,
    Measure,
    PublicationState,
    Resource,
)
from catalog.tag_autocomplete import TagAutocompleteField
from editorial.admin import WorkflowAdminMixin, WorkflowInlineMixin

# Editors type "ssg-sachsen.de"; store "https://ssg-sachsen.de" (Django 6 default, no warning).
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}

PUBLICATION_FIELDSET = (
    _("Veröffentlichung"),
    {"fields": ("publication_state", "published_at", "last_reviewed")},
)


class PublishableAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    """Shared behaviour of all editorial content: state filter, read-only publication date."""

    readonly_fields = ("published_at",)
    formfield_overrides = HTTPS_URL_FIELDS
    list_filter = ("publication_state",)
    save_on_top = True

    #: Unpublished items can be previewed on their public page (detail views show drafts to
    #: editors). Items that appear only as an entry of a public list (resources, glossary terms,
    #: downloads) have nothing to show before they are published.
    previewable = True

    def view_on_site(self, obj):
        """ "Auf der Website anzeigen" for published items only: it opens the live page."""
        if obj.publication_state == PublicationState.PUBLISHED:
            return obj.get_absolute_url()
        return None

    def preview_url(self, obj) -> str | None:
        """The preview of an unpublished item, if its public page can show one."""
        if obj is None or not self.previewable:
            return None
        if obj.publication_state == PublicationState.PUBLISHED:
            return None
        return obj.get_absolute_url()

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["preview_url"] = self.preview_url(obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            return TagAutocompleteField(db_field, self.admin_site, label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MeasureInline(WorkflowInlineMixin, admin.TabularInline):
    model = Measure
    fields = ("number", "title", "slug", "effort", "horizon", "publication_state")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("number",)
    extra = 0
    show_change_link = True


@admin.register(FieldOfAction)
class FieldOfActionAdmin(PublishableAdmin):
    list_display = (
        "number",
        "title",
        "slug",
        "measure_count",
        "publication_state",
        "last_reviewed",
    )
    list_display_links = ("number", "title")
    search_fields = ("title", "summary", "description")
    prepopulated_fields = {"slug": ("title",)}
    ordering = ("number",)
    inlines = [MeasureInline]
    fieldsets = (
        (None, {"fields": ("number", "title", "slug", "summary")}),
        (_("Inhalt"), {"fields": ("goal", "description")}),
        PUBLICATION_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_measure_count=Count("measures"))

    @admin.display(description=_("Maßnahmen"), ordering="_measure_count")
    def measure_count(self, obj):
        return obj._measure_count


@admin.register(Measure)
class MeasureAdmin(SpreadsheetAdminMixin, PublishableAdmin):
    resource_classes = [MeasureResource]
    list_display = (
        "code_display",
        "title",
        "slug",
        "field_of_action",
        "effort",
        "horizon",
        "entry_point",
        "basis",
        "publication_state",
        "last_reviewed",
    )
    list_display_links = ("code_display", "title")
    list_select_related = ("field_of_action",)
    list_filter = (
        "publication_state",
        "field_of_action",
        "effort",
        "horizon",
        "entry_point",
        "basis",
        "actors",
    )
    search_fields = ("title", "slug", "summary", "description", "tags__name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("related", "resources")
    filter_horizontal = ("actors",)
    ordering = ("field_of_action__number", "number")
    fieldsets = (
        (None, {"fields": ("field_of_action", "number", "title", "slug", "summary")}),
        (_("Beschreibung"), {"fields": ("description", "steps")}),
        (_("Einordnung"), {"fields": ("effort", "horizon", "entry_point", "actors", "tags")}),
        (_("Bewertung"), {"fields": ("prerequisites", "benefits", "risks")}),
        (_("Bezüge und Quellen"), {"fields": ("related", "resources", "basis", "sources")}),
        PUBLICATION_FIELDSET,
    )

    @admin.display(description=_("Nr."), ordering="field_of_action__number")
    def code_display(self, obj):
        return obj.code


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    previewable = False  # an entry of a public list
    list_display = ("title", "kind", "publisher", "year", "publication_state")
    list_filter = ("publication_state", "kind")
    search_fields = ("title", "description", "publisher")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "description")}),
        (_("Fundstelle"), {"fields": ("url", "file", "publisher", "year")}),
        PUBLICATION_FIELDSET,
    )


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PublishableAdmin):
    previewable = False  # an entry of a public list
    list_display = ("term", "publication_state")
    search_fields = ("term", "definition")
    prepopulated_fields = {"slug": ("term",)}
    fieldsets = (
        (None, {"fields": ("term", "slug", "definition", "source_url")}),
        PUBLICATION_FIELDSET,
    )


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
