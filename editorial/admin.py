"""Admin building blocks for the publication workflow, history and recovery of deleted items.

``WorkflowAdminMixin`` sits in the bases of ``catalog.admin.PublishableAdmin`` and so serves every
publishable model: state changes are checked on the server in the form and in the bulk actions,
editors see a "Vorschau" link, the history shows a readable diff and restores earlier versions
including the tracked many-to-many fields, and "Gelöschte Einträge" brings back deleted items.
"""

from datetime import date, datetime, timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from catalog.models import PublicationState
from editorial import pending, workflow
from editorial.models import LinkCheck, PendingChange
from editorial.pending_admin import PendingChangesMixin  # also registers PendingChangeAdmin
from editorial.restore import RestoreError, deleted_records, historical_m2m_ids, restore_deleted

REVIEW_INTERVAL = timedelta(days=365)


def review_due_date():
    return timezone.localdate() - REVIEW_INTERVAL


def workflow_form(base_form, user, model, history_record=None, proposed=None):
    """Subclass ``base_form`` so the publication state only changes as the workflow allows.

    ``proposed``: the user's open pending change of the item, shown instead of the live values.
    """

    class WorkflowForm(base_form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._workflow_old = None
            if self.instance.pk is not None:
                # A restored historical instance carries the old state, not the current one.
                current = model._default_manager.filter(pk=self.instance.pk)
                self._workflow_old = (
                    current.values_list("publication_state", flat=True).first()
                    if history_record is not None
                    else self.instance.publication_state
                )
            field = self.fields.get("publication_state")
            if field is not None:
                offered = workflow.offered_states(user, model, self._workflow_old)
                field.choices = [(state.value, state.label) for state in offered]
                # Any real state passes the choice check, so a forged value reaches
                # clean_publication_state and gets the workflow's explanation.
                field.valid_value = lambda value: value in PublicationState.values
            if history_record is not None and not self.is_bound:
                for name, ids in historical_m2m_ids(history_record).items():
                    if name in self.fields:
                        self.initial[name] = ids
            if proposed and not self.is_bound:
                self.initial.update({k: v for k, v in proposed.items() if k in self.fields})

        def clean_publication_state(self):
            new = self.cleaned_data["publication_state"]
            reason = workflow.refusal(user, model, self._workflow_old, new)
            if reason:
                raise ValidationError(reason, code="workflow")
            return new

    WorkflowForm.__name__ = base_form.__name__
    return WorkflowForm


class ReviewDueFilter(admin.SimpleListFilter):
    title = gettext_lazy("Aktualitätsprüfung")
    parameter_name = "pruefung"

    def lookups(self, request, model_admin):
        return [("faellig", _("veröffentlicht, seit über 12 Monaten nicht geprüft"))]

    def queryset(self, request, queryset):
        if self.value() == "faellig":
            return queryset.review_due(review_due_date())
        return queryset


class GermanDiffDisplay(ObjDiffDisplay):
    """Shortens long texts with "[… 137 Zeichen …]" instead of simple_history's "[137 chars]"."""

    def shortened_str(self, prefix, num_skipped_chars, suffix):
        return f"{prefix} [… {num_skipped_chars} Zeichen …] {suffix}"


class GermanHistoryContextHelper(HistoricalRecordContextHelper):
    """Show choice labels, yes/no, "(leer)" and German dates in the diff, not raw stored values."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.many_to_many:
            return dict(field.flatchoices).get(value, value) or _("(leer)")
        if isinstance(value, bool):
            return _("ja") if value else _("nein")
        if value in (None, ""):
            return _("(leer)")
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, date):
            return date_format(value, "SHORT_DATE_FORMAT")
        return super().prepare_delta_change_value(change, value)

    def get_obj_diff_display(self):
        return GermanDiffDisplay(max_length=self.max_displayed_delta_change_chars)


class GermanHistoryMixin:
    """The German history page (version, date, kind, user, readable diff) for any history admin."""

    object_history_list_template = "admin/editorial/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return GermanHistoryContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=300
        )


class WorkflowInlineMixin:
    """For inlines that show ``publication_state`` of their rows (measures in a field of action).

    A row that is live can be changed here only by those who may publish it: for everyone else
    its fields are disabled (posted values are ignored), because a change of live content waits
    for approval, which happens on the item's own page (issue 12). Deleting needs the delete
    permission, which only Chefredaktion has (``editorial.roles``).
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = workflow_form(formset.form, request.user, self.model)
        if not workflow.may_publish(request.user, self.model):
            formset.form = live_rows_read_only(formset.form)
        return formset


def live_rows_read_only(form_class):
    class LiveRowForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            instance = self.instance
            if instance.pk and instance.publication_state == PublicationState.PUBLISHED:
                for field in self.fields.values():
                    field.disabled = True  # Django keeps the live values, whatever is posted

    return LiveRowForm


class WorkflowAdminMixin(PendingChangesMixin, GermanHistoryMixin):
    change_form_template = "admin/editorial/change_form.html"
    change_list_template = "admin/editorial/change_list.html"
    deleted_items_template = "admin/editorial/deleted_items.html"
    actions = [
        "submit_for_review",
        "publish_selected",
        "archive_selected",
        "back_to_draft",
        "mark_reviewed",
    ]

    # --- permissions --------------------------------------------------------------------

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user, self.model)

    # --- form ---------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        proposed = {}
        if obj is not None and getattr(request, "_editorial_history_record", None) is None:
            own = PendingChange.objects.open().for_item(obj).filter(author=request.user).first()
            proposed = pending.form_initial(own) if own is not None else {}
        return workflow_form(
            form,
            request.user,
            self.model,
            getattr(request, "_editorial_history_record", None),
            proposed,
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = self.model.history.model
        request._editorial_history_record = get_object_or_404(
            history, id=object_id, history_id=version_id
        )
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- lists --------------------------------------------------------------------------

    def get_list_display(self, request):
        return [*super().get_list_display(request), "preview_link"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), ReviewDueFilter]

    @admin.display(description=gettext_lazy("Vorschau"))
    def preview_link(self, obj):
        if not hasattr(obj, "get_absolute_url"):
            return "–"
        return format_html(
            '<a href="{}" aria-label="{}">{}</a>',
            obj.get_absolute_url(),
            _("Vorschau: %(title)s") % {"title": obj},
            _("Vorschau"),
        )

    # --- bulk actions -------------------------------------------------------------------

    def _change_state(self, request, queryset, new_state):
        new_state = PublicationState(new_state)
        changed, unchanged, refused = [], [], {}
        for obj in queryset:
            if obj.publication_state == new_state:
                unchanged.append(str(obj))
                continue
            reason = workflow.refusal(request.user, self.model, obj.publication_state, new_state)
            missing = getattr(obj, "missing_for_publication", list)()
            if not reason and new_state == PublicationState.PUBLISHED and missing:
                reason = _("Vor dem Veröffentlichen fehlt: %(fields)s.") % {
                    "fields": ", ".join(
                        str(self.model._meta.get_field(name).verbose_name) for name in missing
                    )
                }
            if reason:
                refused.setdefault(reason, []).append(str(obj))
                continue
            obj.publication_state = new_state
            obj._change_reason = _("Status: %(state)s") % {"state": new_state.label}
            obj.save()
            self.log_change(
                request, obj, _("Status auf „%(state)s“ gesetzt.") % {"state": new_state.label}
            )
            changed.append(str(obj))
        if changed:
            self.message_user(
                request,
                ngettext(
                    "„%(state)s“ gesetzt für %(count)s Eintrag: %(items)s",
                    "„%(state)s“ gesetzt für %(count)s Einträge: %(items)s",
                    len(changed),
                )
                % {"state": new_state.label, "count": len(changed), "items": ", ".join(changed)},
                messages.SUCCESS,
            )
        if unchanged:
            self.message_user(
                request,
                _("Bereits „%(state)s“: %(items)s")
                % {"state": new_state.label, "items": ", ".join(unchanged)},
                messages.INFO,
            )
        for reason, items in refused.items():
            self.message_user(
                request,
                _("Nicht geändert: %(items)s. %(reason)s")
                % {"items": ", ".join(items), "reason": reason},
                messages.ERROR,
            )

    @admin.action(description=gettext_lazy("Zur Prüfung einreichen"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._change_state(request, queryset, PublicationState.REVIEW)

    @admin.action(description=gettext_lazy("Veröffentlichen"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._change_state(request, queryset, PublicationState.PUBLISHED)

    @admin.action(description=gettext_lazy("Archivieren"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._change_state(request, queryset, PublicationState.ARCHIVED)

    @admin.action(description=gettext_lazy("Zurück in den Entwurf"), permissions=["change"])
    def back_to_draft(self, request, queryset):
        self._change_state(request, queryset, PublicationState.DRAFT)

    @admin.action(description=gettext_lazy("Als heute geprüft markieren"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        today = timezone.localdate()
        count = 0
        for obj in queryset:
            obj.last_reviewed = today
            obj._change_reason = _("Auf Aktualität geprüft")
            obj.save()
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s Eintrag als am %(date)s geprüft markiert.",
                "%(count)s Einträge als am %(date)s geprüft markiert.",
                count,
            )
            % {"count": count, "date": today.strftime("%d.%m.%Y")},
            messages.SUCCESS,
        )

    # --- deleted items ------------------------------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra = [
            path(
                "geloescht/",
                self.admin_site.admin_view(self.deleted_items_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "geloescht/<int:history_id>/wiederherstellen/",
                self.admin_site.admin_view(self.restore_deleted_view),
                name="{}_{}_restore".format(*info),
            ),
        ]
        return extra + super().get_urls()

    def deleted_items_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Gelöschte Einträge: %(models)s") % {"models": opts.verbose_name_plural},
            "opts": opts,
            "records": deleted_records(self.model),
        }
        return TemplateResponse(request, self.deleted_items_template, context)

    def restore_deleted_view(self, request, history_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        record = get_object_or_404(
            self.model.history.model, history_id=history_id, history_type="-"
        )
        opts = self.model._meta
        try:
            obj = restore_deleted(record, request.user)
        except RestoreError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted")
            )
        self.log_addition(request, obj, _("Aus dem Verlauf wiederhergestellt."))
        self.message_user(
            request,
            _("„%(item)s“ wurde wiederhergestellt (Status: %(state)s).")
            % {"item": obj, "state": obj.get_publication_state_display()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = ("url", "is_ok", "status_code", "error", "checked_at")
    list_filter = ("is_ok",)
    search_fields = ("url", "found_in")
    readonly_fields = ("url", "found_in", "status_code", "is_ok", "error", "checked_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
