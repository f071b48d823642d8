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


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ("item_label", "content_type", "author", "status", "updated_at")
    list_filter = ("status", "content_type")
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
            "title": _("Wartende Änderung: %(item)s") % {"item": change},
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
            try:
                obj = pending.approve(
                    change, request.user, overwrite_conflicts=bool(request.POST.get("overwrite"))
                )
            except pending.Conflict:
                self.message_user(
                    request,
                    _(
                        "Nicht freigegeben: Die veröffentlichte Fassung wurde inzwischen in "
                        "denselben Feldern geändert. Prüfen Sie den Konflikt und bestätigen Sie "
                        "das Überschreiben."
                    ),
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
            self.log_change(
                request,
                obj,
                _("Änderung von %(author)s freigegeben.")
                % {"author": change.author.get_username()},
            )
            self.message_user(
                request,
                _("Die Änderung an „%(item)s“ ist freigegeben und veröffentlicht.")
                % {"item": item_label},
                messages.SUCCESS,
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
