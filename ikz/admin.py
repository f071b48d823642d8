"""German admin for the third-party models editors see: django-taggit's tags.

taggit's own ``TagAdmin`` has an English merge action and merge page and lists every tagged
item inline; editors here rename, search and delete tags and see how often measures and
examples use each.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "measure_count", "example_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                measure_count=Count("catalog_taggedmeasure_items", distinct=True),
                example_count=Count("practice_taggedpracticeexample_items", distinct=True),
            )
        )

    @admin.display(description=_("Maßnahmen"), ordering="measure_count")
    def measure_count(self, obj):
        return obj.measure_count

    @admin.display(description=_("Praxisbeispiele"), ordering="example_count")
    def example_count(self, obj):
        return obj.example_count
