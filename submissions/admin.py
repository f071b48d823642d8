"""The moderation queue: submissions are read here, turned into drafts or rejected with a reason."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from submissions.models import (
    Submission,
    SubmissionAttachment,
    SubmissionStatus,
    link_title,
)

SUBMITTED_FIELDS = (
    "title",
    "description",
    "results",
    "municipality_list",
    "other_partners",
    "cooperation_form",
    "measure_list",
    "start_year",
    "end_year",
    "link_list",
    "attachment_list",
    "contact_organisation",
    "contact_person",
    "contact_email",
    "contact_phone",
    "contact_consent",
    "privacy_accepted_at",
    "created_at",
)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Ablehnung"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Wird bei der Meldung gespeichert, z. B. „kein Bezug zur Digitalisierung“."),
        error_messages={"required": _("Bitte geben Sie einen Grund für die Ablehnung an.")},
    )


class SubmissionAdminForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = ("status", "internal_note", "rejection_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Übernommen" is set only by the action, which also creates the draft.
        if "status" not in self.fields:  # read-only once taken over
            return
        current = self.instance.status
        self.fields["status"].choices = [
            (value, label)
            for value, label in SubmissionStatus.choices
            if value != SubmissionStatus.ACCEPTED or current == SubmissionStatus.ACCEPTED
        ]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    form = SubmissionAdminForm
    list_display = (
        "title",
        "contact_organisation",
        "created_at",
        "status",
        "attachment_count",
        "draft_link",
    )
    list_filter = ("status", "created_at", "cooperation_form")
    search_fields = ("title", "description", "contact_organisation", "municipalities__name")
    date_hierarchy = "created_at"
    list_select_related = ("practice_example",)
    readonly_fields = (
        *SUBMITTED_FIELDS,
        "decided_at",
        "decided_by",
        "draft_link",
    )
    fieldsets = (
        (
            _("Gemeldetes Praxisbeispiel"),
            {
                "fields": (
                    "title",
                    "description",
                    "results",
                    "municipality_list",
                    "other_partners",
                    "cooperation_form",
                    "measure_list",
                    ("start_year", "end_year"),
                    "link_list",
                    "attachment_list",
                )
            },
        ),
        (
            _("Kontakt"),
            {
                "fields": (
                    "contact_organisation",
                    "contact_person",
                    "contact_email",
                    "contact_phone",
                    "contact_consent",
                    "privacy_accepted_at",
                    "created_at",
                )
            },
        ),
        (
            _("Bearbeitung"),
            {
                "fields": (
                    "status",
                    "internal_note",
                    "rejection_reason",
                    "decided_at",
                    "decided_by",
                    "draft_link",
                ),
                "description": _(
                    "Übernehmen: unten „Als Entwurf übernehmen“ wählen. Ablehnen: Status "
                    "„Abgelehnt“ wählen, einen Grund eintragen und speichern."
                ),
            },
        ),
    )
    actions = ["create_drafts", "reject"]
    view_on_site = False  # a submission is never public; its page is this one
    change_form_template = "admin/submissions/submission/change_form.html"
    CREATE_DRAFT_BUTTON = "_als_entwurf"

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status == SubmissionStatus.ACCEPTED:
            return (*readonly, "status")  # the draft exists; taking over is final
        return readonly

    def has_add_permission(self, request):
        return False  # submissions come only through the public form

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("cooperation_form", "decided_by")
            .annotate(_attachment_count=Count("attachments", distinct=True))
        )

    def get_urls(self):
        download = self.admin_site.admin_view(self.attachment_view)
        return [
            path(
                "<path:object_id>/anhang/<int:attachment_id>/",
                download,
                name="submissions_submission_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id, attachment_id):
        """Serve an attachment to staff only, always as a download and never sniffed or run."""
        submission = self.get_object(request, object_id)
        if submission is None:
            raise Http404
        if not self.has_view_permission(request, submission):
            raise PermissionDenied
        attachment = get_object_or_404(
            SubmissionAttachment, pk=attachment_id, submission=submission
        )
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        response["Cache-Control"] = "private, no-store"
        return response

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_create_draft"] = (
            obj is not None
            and obj.is_open
            and self.has_change_permission(request, obj)
            and request.user.has_perm("practice.add_practiceexample")
        )
        context["create_draft_button"] = self.CREATE_DRAFT_BUTTON
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def response_change(self, request, obj):
        """The button "Als Entwurf übernehmen" on the moderation page: save, then take over."""
        if self.CREATE_DRAFT_BUTTON not in request.POST:
            return super().response_change(request, obj)
        if not request.user.has_perm("practice.add_practiceexample"):
            raise PermissionDenied
        if not obj.is_open:
            self.message_user(request, _("Diese Meldung ist schon entschieden."), messages.WARNING)
            return HttpResponseRedirect(request.path)
        example = obj.create_draft(request.user)
        self.message_user(
            request,
            _("Als Entwurf übernommen. Bitte prüfen und ergänzen Sie das Praxisbeispiel."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:practice_practiceexample_change", args=[example.pk])
        )

    # ---- read-only displays ---------------------------------------------------------------

    @admin.display(description=_("Anhänge"), ordering="_attachment_count")
    def attachment_count(self, obj):
        return obj._attachment_count

    @admin.display(description=_("Praxisbeispiel"))
    def draft_link(self, obj):
        if not obj.practice_example_id:
            return "–"
        url = reverse("admin:practice_practiceexample_change", args=[obj.practice_example_id])
        return format_html('<a href="{}">{}</a>', url, obj.practice_example.title)

    @admin.display(description=_("beteiligte Gemeinden"))
    def municipality_list(self, obj):
        return ", ".join(f"{m.name} ({m.ags})" for m in obj.municipalities.order_by("name")) or "–"

    @admin.display(description=_("umgesetzte Maßnahmen"))
    def measure_list(self, obj):
        measures = obj.measures.select_related("field_of_action")
        return ", ".join(f"{m.code} {m.title}" for m in measures) or "–"

    @admin.display(description=_("Weblinks"))
    def link_list(self, obj):
        links = obj.links.all()
        if not links:
            return "–"
        return format_html_join(
            "",
            '<p><a href="{}" rel="noopener noreferrer">{}</a></p>',
            ((link.url, link_title(link.url)) for link in links),
        )

    @admin.display(description=_("Anhänge"))
    def attachment_list(self, obj):
        attachments = obj.attachments.all()
        if not attachments:
            return "–"
        return format_html_join(
            "",
            '<p><a href="{}">{}</a> ({}, {} Bytes)</p>',
            ((a.get_absolute_url(), a.original_name, a.content_type, a.size) for a in attachments),
        )

    # ---- actions --------------------------------------------------------------------------

    @admin.action(description=_("Als Entwurf übernehmen"), permissions=["change"])
    def create_drafts(self, request, queryset):
        if not request.user.has_perm("practice.add_practiceexample"):
            raise PermissionDenied
        created, skipped = [], 0
        for submission in queryset:
            if not submission.is_open:
                skipped += 1
                continue
            try:
                created.append(submission.create_draft(request.user))
            except ValidationError as error:
                self.message_user(
                    request,
                    _("„%(title)s“ konnte nicht übernommen werden: %(errors)s")
                    % {"title": submission.title, "errors": "; ".join(error.messages)},
                    messages.ERROR,
                )
        if created:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:practice_practiceexample_change", args=[e.pk]), e.title)
                    for e in created
                ),
            )
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    ngettext(
                        "%(count)d Meldung als Entwurf übernommen:",
                        "%(count)d Meldungen als Entwürfe übernommen:",
                        len(created),
                    )
                    % {"count": len(created)},
                    links,
                ),
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d Meldung war schon entschieden und wurde übersprungen.",
                    "%(count)d Meldungen waren schon entschieden und wurden übersprungen.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Ablehnen (mit Begründung)"), permissions=["change"])
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            waiting = [submission for submission in queryset if submission.is_open]
            for submission in waiting:
                submission.reject(form.cleaned_data["reason"], request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d Meldung abgelehnt.", "%(count)d Meldungen abgelehnt.", len(waiting)
                )
                % {"count": len(waiting)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Meldungen ablehnen"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/submissions/submission/reject.html", context)
