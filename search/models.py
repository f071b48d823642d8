"""Editor-maintained synonyms and the anonymous search log."""

import re
from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise(text: str) -> str:
    """A query as it is compared and logged: lower case, single spaces, at most 200 characters."""
    return " ".join(text.lower().split())[:200]


class SearchTermQuerySet(models.QuerySet):
    def expansions(self) -> dict[str, list[str]]:
        """``{normalised term: [what it also finds, …]}`` for every active term."""
        return {
            normalise(term): alternatives
            for term, also in self.filter(active=True).values_list("term", "also_finds")
            if (alternatives := SearchTerm.split(also))
        }


class SearchTerm(models.Model):
    """ "Suchbegriff": a word people type and the words it should also find."""

    term = models.CharField(
        _("Suchbegriff"),
        max_length=100,
        unique=True,
        help_text=_("So, wie Menschen suchen, z. B. „Breitband“. Groß-/Kleinschreibung egal."),
    )
    also_finds = models.TextField(
        _("findet auch"),
        help_text=_(
            "Begriffe, die bei dieser Suche ebenfalls gefunden werden sollen, durch Komma oder "
            "Zeilenumbruch getrennt, z. B. „Glasfaser, Gigabit“."
        ),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    note = models.CharField(_("Anmerkung der Redaktion"), max_length=200, blank=True)

    objects = SearchTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("Suchbegriff")
        verbose_name_plural = _("Suchbegriffe")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split())
        super().save(*args, **kwargs)

    @staticmethod
    def split(also_finds: str) -> list[str]:
        return [
            part for part in (" ".join(p.split()) for p in re.split(r"[,;\n]", also_finds)) if part
        ]


class SearchLogQuerySet(models.QuerySet):
    def since(self, days: int):
        return self.filter(day__gte=timezone.localdate() - timedelta(days=days))

    def most_frequent(self, days: int):
        """``{"query", "total"}`` rows: the queries searched most often in the last ``days``."""
        return (
            self.since(days)
            .values("query")
            .annotate(total=Sum("searches"))
            .order_by("-total", "query")
        )

    def without_results(self, days: int):
        """Like ``most_frequent``, for the queries whose last search that day found nothing."""
        return self.filter(results=0).most_frequent(days)

    def older_than(self, days: int):
        return self.filter(day__lt=timezone.localdate() - timedelta(days=days))


class SearchLogEntry(models.Model):
    """How often a query was searched on one day and how many results it found.

    Nothing about the person: no address, no cookie, no user, no time of day.
    """

    query = models.CharField(_("Suchanfrage (normalisiert)"), max_length=200)
    day = models.DateField(_("Tag"))
    results = models.PositiveIntegerField(_("Treffer"))
    searches = models.PositiveIntegerField(_("Anzahl Suchen"), default=1)

    objects = SearchLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("Eintrag im Suchprotokoll")
        verbose_name_plural = _("Suchprotokoll")
        ordering = ["-day", "-searches"]
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="search_log_query_day_unique")
        ]
        indexes = [models.Index(fields=["day"], name="search_log_day_idx")]

    def __str__(self):
        return f"{self.query} ({self.day})"

    @classmethod
    def add(cls, query: str, day, searches: int, results: int) -> None:
        """Add ``searches`` searches of the normalised ``query`` on ``day``; ``results`` is what
        the last of them found. Written with ``update``/``bulk_create``, which send no signals:
        the log is not content and must not invalidate cached pages (``ikz.caching``). Callers
        count through ``search.counting``, which buffers the searches of a process."""
        rows = cls.objects.filter(query=query, day=day)
        if rows.update(searches=F("searches") + searches, results=results):
            return
        try:
            with transaction.atomic():
                cls.objects.bulk_create(
                    [cls(query=query, day=day, results=results, searches=searches)]
                )
        except IntegrityError:  # another process created the row since the update
            rows.update(searches=F("searches") + searches, results=results)
