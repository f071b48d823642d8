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
