from django.contrib import admin

from catalog.admin import PUBLICATION_FIELDSET, PublishableAdmin
from pages.models import Page


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = ("title", "slug", "publication_state", "updated_at")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        PUBLICATION_FIELDSET,
    )
