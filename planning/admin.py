from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ikz.invalidation import mark_content_changed
from planning.models import AnswerOption, InterestSignal, Question, SignalStatus


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    fields = ("order", "text", "weight", "measures")
    autocomplete_fields = ("measures",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "field_of_action", "order", "is_active", "option_count")
    list_filter = ("is_active", "field_of_action")
    list_editable = ("order", "is_active")
    list_select_related = ("field_of_action",)
    search_fields = ("text", "key", "options__text")
    prepopulated_fields = {"key": ("text",)}
    fieldsets = (
        (None, {"fields": ("field_of_action", "text", "topic", "help_text")}),
        (_("Anzeige"), {"fields": ("order", "is_active", "key")}),
    )
    inlines = [AnswerOptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(option_count=Count("options"))

    @admin.display(description=_("Antworten"), ordering="option_count")
    def option_count(self, obj):
        return obj.option_count


@admin.register(InterestSignal)
class InterestSignalAdmin(admin.ModelAdmin):
    list_display = ("organisation", "municipality", "measure", "status", "created_at")
    list_filter = ("status", "measure__field_of_action")
    list_select_related = ("municipality", "measure")
    search_fields = ("organisation", "municipality__name", "measure__title", "contact_email")
    autocomplete_fields = ("measure", "municipality")
    readonly_fields = ("created_at", "updated_at", "reviewed_at", "consent")
    fields = (
        "measure",
        "municipality",
        "organisation",
        "contact_email",
        "consent",
        "status",
        "created_at",
        "reviewed_at",
    )
    actions = ["approve", "reject"]
    date_hierarchy = "created_at"

    def _review(self, request, queryset, status, verb):
        count = queryset.update(status=status, reviewed_at=timezone.now())
        mark_content_changed()  # update() sends no post_save
        self.message_user(
            request,
            ngettext("%(count)d Meldung %(verb)s.", "%(count)d Meldungen %(verb)s.", count)
            % {"count": count, "verb": verb},
            messages.SUCCESS,
        )

    @admin.action(description=_("Ausgewählte Meldungen freigeben"), permissions=["change"])
    def approve(self, request, queryset):
        self._review(request, queryset, SignalStatus.APPROVED, "freigegeben")

    @admin.action(description=_("Ausgewählte Meldungen ablehnen"), permissions=["change"])
    def reject(self, request, queryset):
        self._review(request, queryset, SignalStatus.REJECTED, "abgelehnt")

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status != SignalStatus.PENDING:
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)
