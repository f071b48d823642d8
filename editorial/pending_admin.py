"""Chefredaktion's workplace for pending changes: list, diff, preview, approve and reject."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from editorial import pending, workflow
from editorial.models import PendingChange, PendingStatus


class ReadOnlyInline:
    """An inline shown without inputs; Django then ignores whatever a POST sends for it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def read_only(inline):
    """``inline`` without inputs, its heading saying who may change it."""
    plural = inline.verbose_name_plural or inline.model._meta.verbose_name_plural
    heading = _("%(rows)s (bei veröffentlichten Einträgen ändert sie die Chefredaktion)") % {
        "rows": plural
    }
    return type(inline.__name__, (ReadOnlyInline, inline), {"verbose_name_plural": heading})


class PendingChangesMixin:
    """Part of ``editorial.admin.WorkflowAdminMixin``: a save of a published item by someone
    without the publish permission becomes their pending change. Inlines a pending change cannot
    carry (everything but the example's links) are read-only for them on a published item."""

    def _edits_live_item(self, request, obj, change) -> bool:
        return (
            change
            and not self.has_publish_permission(request)
            and pending.is_live(self.model, obj.pk)
        )

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is None or not self._edits_live_item(request, obj, True):
            return inlines
        return [
            inline if pending.carries(inline.model) else read_only(inline) for inline in inlines
        ]

    def save_model(self, request, obj, form, change):
        if not self._edits_live_item(request, obj, change):
            return super().save_model(request, obj, form, change)
        # The live row stays as it is; the form's values (and, in save_related, the inline
        # links) become the author's pending change. History restores call form.save_m2m()
        # themselves, so it must not write either.
        request._editorial_pending = pending.record(request.user, obj, pending.form_values(form))
        form.save_m2m = lambda: None

    def save_related(self, request, form, formsets, change):
        change_record = getattr(request, "_editorial_pending", None)
        if change_record is None:
            return super().save_related(request, form, formsets, change)
        pending.record(request.user, form.instance, pending.inline_values(formsets))

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_editorial_pending", None) is not None:
            return ""  # nothing was saved; log_change writes what happened
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "_editorial_pending", None) is not None:
            message = _("Änderung zur Freigabe eingereicht (veröffentlichte Fassung unverändert).")
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "_editorial_pending", None) is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            _(
                "Ihre Änderung an „%(item)s“ ist gespeichert und wartet auf die Freigabe durch "
                "die Chefredaktion. Bis dahin sehen Besucherinnen und Besucher die "
                "veröffentlichte Fassung."
            )
            % {"item": obj},
            messages.SUCCESS,
        )
        opts = self.model._meta
        if "_addanother" in request.POST:
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        # Otherwise back to the item, where the notice of the waiting change is.
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._pending_context(request, object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _pending_context(self, request, object_id):
        obj = self.model._default_manager.filter(pk=object_id).first()
        if obj is None:
            return {}
        changes = PendingChange.objects.for_item(obj).select_related("author", "reviewer")
        own = changes.filter(author=request.user).order_by("-updated_at").first()
        return {
            # Reviewers get links to every open change; authors are told of the others'.
            "open_pending_changes": list(changes.open().exclude(author=request.user)),
            "may_review_pending": self.has_publish_permission(request),
            "own_pending_change": own,
        }


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ("item_label", "content_type", "author", "status", "updated_at")
    list_filter = ("status", ("content_type", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("author", "content_type")
    search_fields = ("item_label", "author__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.has_perm("editorial.change_pendingchange"):
            return queryset
        return queryset.filter(author=request.user)  # editors see their own

    def get_urls(self):
        return [
            path(
                "<int:pk>/vorschau/",
                self.admin_site.admin_view(self.preview_view),
                name="editorial_pendingchange_preview",
            ),
            *super().get_urls(),
        ]

    def _change_or_404(self, request, pk):
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        change = self._change_or_404(request, object_id)
        model = change.content_type.model_class()
        may_review = workflow.may_publish(request.user, model)
        if request.method == "POST":
            if not may_review or change.status != PendingStatus.PENDING:
                raise PermissionDenied
            response = self._decide(request, change)
            if response is not None:
                return response
        opts = model._meta
        rows = pending.diff(change) if change.item is not None else []
        context = {
            **self.admin_site.each_context(request),
            "title": _("Eingereichte Änderung: %(item)s") % {"item": change},
            "opts": self.model._meta,
            "change": change,
            "model_name": opts.verbose_name,
            "rows": rows,
            "conflicts": [row["label"] for row in rows if row["conflict"]]
            if change.status == PendingStatus.PENDING
            else [],
            "may_review": may_review,
            "item_admin_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id]
            ),
            "preview_url": reverse("admin:editorial_pendingchange_preview", args=[change.pk]),
            "comment": request.POST.get("comment", ""),
            "comment_error": getattr(request, "_comment_error", ""),
        }
        status = 400 if context["comment_error"] else 200
        return TemplateResponse(
            request, "admin/editorial/pending_change.html", context, status=status
        )

    def _decide(self, request, change):
        item_label = str(change)
        if "approve" in request.POST:
            model = change.content_type.model_class()
            kept = pending.approve(
                change, request.user, overwrite_conflicts=bool(request.POST.get("overwrite"))
            )
            self.log_change(
                request,
                change.item,
                _("Änderung von %(author)s freigegeben.")
                % {"author": change.author.get_username()},
            )
            self.message_user(
                request,
                _("Die Änderung an „%(item)s“ ist freigegeben und veröffentlicht.")
                % {"item": item_label},
                messages.SUCCESS,
            )
            if kept:
                self.message_user(
                    request,
                    _(
                        "Wegen des Konflikts gilt weiter die veröffentlichte Fassung für: "
                        "%(fields)s."
                    )
                    % {"fields": ", ".join(pending.field_label(model, name) for name in kept)},
                    messages.WARNING,
                )
            return HttpResponseRedirect(reverse("admin:editorial_pendingchange_changelist"))
        if "reject" in request.POST:
            comment = request.POST.get("comment", "").strip()
            if not comment:
                request._comment_error = _("Bitte begründen Sie die Ablehnung für die Redaktion.")
                return None
            pending.reject(change, request.user, comment)
            self.message_user(
                request,
                _("Die Änderung an „%(item)s“ ist abgelehnt; die Redaktion sieht Ihre Begründung.")
                % {"item": item_label},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:editorial_pendingchange_changelist"))
        return None

    def preview_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        change = self._change_or_404(request, pk)
        if change.item is None or change.status != PendingStatus.PENDING:
            self.message_user(request, _("Für diese Änderung gibt es keine Vorschau mehr."))
            return HttpResponseRedirect(reverse("admin:editorial_pendingchange_change", args=[pk]))
        request.method = "GET"
        return pending.preview(change, request)
