from django.contrib import admin

from catalog.admin import PUBLICATION_FIELDSET, PublishableAdmin
from pages.models import Download, Page


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ("title", "slug", "publication_state", "updated_at")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        PUBLICATION_FIELDSET,
    )


@admin.register(Download)
class DownloadAdmin(PublishableAdmin):
    previewable = False  # an entry of the downloads list
    list_display = ("title", "kind", "order", "publication_state", "updated_at")
    list_editable = ("order",)
    list_filter = ("kind", "publication_state")
    search_fields = ("title", "description")
    fieldsets = (
        (None, {"fields": ("kind", "title", "description", "file", "order")}),
        PUBLICATION_FIELDSET,
    )
