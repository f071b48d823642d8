from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models import FORMATTED_HELP, PublishableModel, PublishableQuerySet
from ikz.files import EDITOR_FILE_HELP, RandomPath, validate_editor_file


class Page(PublishableModel):
    """An editable content page: Impressum, Datenschutz, Barrierefreiheit, Über diesen Katalog …"""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    summary = models.CharField(
        _("Kurzbeschreibung"),
        max_length=300,
        blank=True,
        help_text=_("Erscheint in Suchmaschinen als Beschreibung der Seite."),
    )
    body = models.TextField(_("Inhalt"), help_text=FORMATTED_HELP)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})


class DownloadKind(models.TextChoices):
    GUIDE = "guide", _("Leitfaden")
    ANNEX = "annex", _("Anhang")
    OTHER = "other", _("Weiteres Material")


class Download(PublishableModel):
    """A file editors upload for the guide page: the guide as PDF and its annexes."""

    kind = models.CharField(
        _("Art"), max_length=10, choices=DownloadKind.choices, default=DownloadKind.GUIDE
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    file = models.FileField(
        _("Datei"),
        upload_to=RandomPath("downloads"),
        validators=[validate_editor_file],
        max_length=255,
        help_text=EDITOR_FILE_HELP,
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("Download")
        verbose_name_plural = _("Downloads zum Leitfaden")
        ordering = ["kind", "order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.file.url

    @property
    def file_type(self) -> str:
        """The upper-case file extension ("PDF"), shown next to the link."""
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""
