from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from search.models import SearchLogEntry, SearchTerm


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    list_display = ["term", "also_finds", "active"]
    list_editable = ["active"]
    list_filter = ["active"]
    search_fields = ["term", "also_finds", "note"]
    fieldsets = [(None, {"fields": ["term", "also_finds", "active", "note"]})]


class NoResultsFilter(admin.SimpleListFilter):
    title = _("Treffer")
    parameter_name = "treffer"

    def lookups(self, request, model_admin):
        return [("keine", _("ohne Treffer")), ("mit", _("mit Treffern"))]

    def queryset(self, request, queryset):
        if self.value() == "keine":
            return queryset.filter(results=0)
        if self.value() == "mit":
            return queryset.filter(results__gt=0)
        return queryset


@admin.register(SearchLogEntry)
class SearchLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the search page and deleted by ``purge_search_log``."""

    list_display = ["query", "day", "searches", "results"]
    list_filter = [NoResultsFilter, "day"]
    search_fields = ["query"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
