from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(is_ok=False)


class LinkCheck(models.Model):
    """The last result of ``check_links`` for one external address found in the content."""

    url = models.URLField(_("Internetadresse"), max_length=2000, unique=True)
    found_in = models.TextField(
        _("gefunden in"), blank=True, help_text=_("Die Einträge, die diese Adresse nennen.")
    )
    status_code = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    is_ok = models.BooleanField(_("erreichbar"), default=False)
    error = models.CharField(_("Fehler"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("geprüft am"))

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("Linkprüfung")
        verbose_name_plural = _("Linkprüfungen")
        ordering = ["is_ok", "url"]

    def __str__(self):
        return self.url


class PendingStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Freigabe")
    APPROVED = "approved", _("freigegeben")
    REJECTED = "rejected", _("abgelehnt")


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=PendingStatus.PENDING)

    def for_item(self, obj):
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=obj.pk)


class PendingChange(models.Model):
    """An edit of a published item by someone who may not publish, waiting for Chefredaktion.

    ``data`` holds every edited field of the item as the form sent it (many-to-many fields as
    primary keys, tags as names, links as title/address pairs), ``base`` the live values of the
    same fields when the edit was made: fields where both differ from ``base`` in different ways
    are a conflict (``editorial.pending``).
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("Inhaltstyp")
    )
    object_id = models.PositiveIntegerField(_("Eintrag (ID)"))
    item = GenericForeignKey("content_type", "object_id")
    item_label = models.CharField(_("Eintrag"), max_length=300)
    data = models.JSONField(_("vorgeschlagene Werte"), default=dict)
    base = models.JSONField(_("veröffentlichte Werte beim Bearbeiten"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="pending_changes",
        verbose_name=_("Verfasst von"),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=PendingStatus.choices, default=PendingStatus.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_changes",
        verbose_name=_("Geprüft von"),
    )
    comment = models.TextField(_("Kommentar der Chefredaktion"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt bearbeitet am"), auto_now=True)
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Eingereichte Änderung")
        verbose_name_plural = _("Eingereichte Änderungen")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "author"],
                condition=models.Q(status="pending"),
                name="editorial_one_open_change_per_author_and_item",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="editorial_pending_item_idx")
        ]

    def __str__(self):
        return self.item_label
