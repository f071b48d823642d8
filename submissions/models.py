"""Practice examples reported by municipalities through the public form.

A submission is never public. It waits in the moderation queue in the admin until an editor turns
it into a draft practice example (``create_draft``) or rejects it with a reason (``reject``).
"""

import uuid
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import PublicationState, TimeStampedModel
from catalog.text import german_slugify
from practice.models import (
    ExampleAttachment,
    ExampleLink,
    ExampleStatus,
    PracticeExample,
)
from submissions.storage import private_storage


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("Neu")
    IN_PROGRESS = "in_progress", _("In Bearbeitung")
    ACCEPTED = "accepted", _("Übernommen")
    REJECTED = "rejected", _("Abgelehnt")


OPEN_STATES = (SubmissionStatus.NEW, SubmissionStatus.IN_PROGRESS)


class SubmissionQuerySet(models.QuerySet):
    def waiting(self):
        """Submissions nobody has decided on yet."""
        return self.filter(status__in=OPEN_STATES)


class Submission(TimeStampedModel):
    title = models.CharField(_("Titel"), max_length=200)
    municipalities = models.ManyToManyField(
        "practice.Municipality",
        blank=True,
        related_name="submissions",
        verbose_name=_("beteiligte Gemeinden"),
    )
    other_partners = models.TextField(_("weitere Beteiligte"), blank=True)
    cooperation_form = models.ForeignKey(
        "practice.CooperationForm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("Kooperationsform"),
    )
    measures = models.ManyToManyField(
        "catalog.Measure",
        blank=True,
        related_name="submissions",
        verbose_name=_("umgesetzte Maßnahmen"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("Beginn (Jahr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("Ende (Jahr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    description = models.TextField(_("Beschreibung"))
    results = models.TextField(_("Ergebnisse"), blank=True)
    contact_organisation = models.CharField(_("Kontakt: Organisation"), max_length=200)
    contact_person = models.CharField(_("Kontakt: Person"), max_length=150, blank=True)
    contact_name = models.CharField(
        _("Name für die Anrede"),
        max_length=100,
        blank=True,
        help_text=_("Nur für die Eingangsbestätigung; wird nicht veröffentlicht."),
    )
    contact_email = models.EmailField(_("Kontakt: E-Mail"), blank=True)
    contact_phone = models.CharField(_("Kontakt: Telefon"), max_length=50, blank=True)
    contact_consent = models.BooleanField(
        _("Einwilligung zur Veröffentlichung der Kontaktdaten"), default=False
    )
    privacy_accepted_at = models.DateTimeField(_("Datenschutzhinweise bestätigt am"))
    confirmation_sent_at = models.DateTimeField(
        _("Eingangsbestätigung versandt am"), null=True, blank=True, editable=False
    )
    notification_sent_at = models.DateTimeField(
        _("Redaktion benachrichtigt am"), null=True, blank=True, editable=False
    )

    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
        db_index=True,
    )
    internal_note = models.TextField(
        _("interne Notiz"), blank=True, help_text=_("Nur für die Redaktion sichtbar.")
    )
    rejection_reason = models.TextField(_("Ablehnungsgrund"), blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    practice_example = models.ForeignKey(
        PracticeExample,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("übernommen als Praxisbeispiel"),
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=SubmissionStatus.REJECTED)
                | ~models.Q(rejection_reason=""),
                name="submission_rejection_needs_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Submissions are never public; this is the moderation page in the admin."""
        return reverse("admin:submissions_submission_change", args=[self.pk])

    def clean(self):
        errors = {}
        if self.status == SubmissionStatus.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("Bitte geben Sie einen Grund für die Ablehnung an.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Das Ende liegt vor dem Beginn.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @transaction.atomic
    def reject(self, reason: str, user) -> None:
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                {"rejection_reason": _("Bitte geben Sie einen Grund für die Ablehnung an.")}
            )
        self.status = SubmissionStatus.REJECTED
        self.rejection_reason = reason
        self.decided_at = timezone.now()
        self.decided_by = user
        self.save()

    @transaction.atomic
    def create_draft(self, user) -> PracticeExample:
        """Copy what the submitter wrote into a new draft practice example and link the two.

        Nothing is made up: the Kurzbeschreibung and the Digitalbezug stay empty for the editor
        (both are required before publishing), links keep a readable title and also become
        sources, and attachments stay private until an editor marks each one public. Personal
        contact data is copied only with the submitter's consent to publication.
        """
        consent = self.contact_consent
        this_year = timezone.localdate().year
        links = list(self.links.all())
        example = PracticeExample(
            title=self.title,
            slug=self._free_slug(),
            summary="",
            description=self.description,
            results=self.results,
            other_partners=self.other_partners,
            cooperation_form=self.cooperation_form,
            start_year=self.start_year,
            end_year=self.end_year,
            status=(
                ExampleStatus.COMPLETED
                if self.end_year and self.end_year < this_year
                else ExampleStatus.ONGOING
            ),
            digital_relation="",
            sources="\n".join(link.url for link in links),
            contact_organisation=self.contact_organisation,
            contact_consent=consent,
            contact_person=self.contact_person if consent else "",
            contact_email=self.contact_email if consent else "",
            contact_phone=self.contact_phone if consent else "",
            publication_state=PublicationState.DRAFT,
        )
        example.full_clean()
        example.save()
        example.municipalities.set(self.municipalities.all())
        example.measures.set(self.measures.all())
        ExampleLink.objects.bulk_create(
            ExampleLink(example=example, title=link_title(link.url), url=link.url, order=link.order)
            for link in links
        )
        for attachment in self.attachments.all():
            copy = ExampleAttachment(
                example=example,
                title=attachment.original_name,
                order=attachment.order,
                is_public=False,
            )
            with attachment.file.open("rb") as source:
                copy.file.save(attachment.download_name, ContentFile(source.read()), save=True)
        self.status = SubmissionStatus.ACCEPTED
        self.practice_example = example
        self.decided_at = timezone.now()
        self.decided_by = user
        self.save()
        return example

    def _free_slug(self) -> str:
        base = german_slugify(self.title)[:90] or "praxisbeispiel"
        slug, number = base, 2
        while PracticeExample.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug


def link_title(url: str) -> str:
    """A readable link text for a bare address: "bad-elster.de/portal" for
    "https://www.bad-elster.de/portal/" (the editor may still improve it)."""
    parts = urlsplit(url)
    host = parts.hostname or url
    host = host.removeprefix("www.")
    path = parts.path.strip("/")
    return f"{host}/{path}"[:200] if path else host[:200]


class SubmissionLink(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="links", verbose_name=_("Meldung")
    )
    url = models.URLField(_("Internetadresse"), max_length=500)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Weblink")
        verbose_name_plural = _("Weblinks")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.url


def attachment_path(instance, filename) -> str:
    """A random name, so nothing the submitter chose ends up in a path."""
    suffix = PurePath(filename).suffix.lower()
    return f"submissions/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Meldung"),
    )
    file = models.FileField(_("Datei"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("ursprünglicher Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveIntegerField(_("Größe in Bytes"))
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "admin:submissions_submission_attachment", args=[self.submission_id, self.pk]
        )

    @property
    def download_name(self) -> str:
        return self.original_name


@receiver(post_delete, sender=SubmissionAttachment)
def delete_attachment_file(sender, instance, **kwargs):
    """Deleting a submission or an attachment removes the uploaded file (data protection)."""
    if instance.file:
        instance.file.delete(save=False)
