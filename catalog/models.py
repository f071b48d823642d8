from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from catalog.text import normalise_text_fields
from ikz.files import EDITOR_FILE_HELP, RandomPath, validate_editor_file

FORMATTED_HELP = _(
    "Einfache Formatierung möglich: Leerzeile = neuer Absatz, „- “ am Zeilenanfang = Aufzählung, "
    "„1. “ = nummerierte Liste, **fett**, [Linktext](https://…)."
)
SOURCES_HELP = _("Eine Internetadresse (https://…) pro Zeile.")


def validate_url_lines(value: str) -> None:
    """Every non-empty line must be an http(s) URL."""
    validator = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            validator(line)
        except ValidationError:
            raise ValidationError(
                _("Zeile %(number)s ist keine gültige Internetadresse: %(line)s"),
                params={"number": number, "line": line[:80]},
                code="invalid_url_line",
            ) from None


def url_lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        normalise_text_fields(self)  # the same text whether typed in the admin or imported
        super().save(*args, **kwargs)


class PublicationState(models.TextChoices):
    """The editorial life of a content item. Only ``PUBLISHED`` is visible to the public."""

    DRAFT = "draft", _("Entwurf")
    REVIEW = "review", _("In Prüfung")
    PUBLISHED = "published", _("Veröffentlicht")
    ARCHIVED = "archived", _("Archiviert")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def visible_to(self, user):
        """Published items for everyone; every item for staff who may change this model."""
        opts = self.model._meta
        if user.is_authenticated and user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            return self
        return self.published()

    def review_due(self, date):
        """Published items last checked before ``date``; one never checked counts from its
        publication (bundled content from the day it was loaded, unless it brings its own
        review date). Drafts and archived items are not the review's business."""
        return self.published().filter(
            Q(last_reviewed__lt=date) | Q(last_reviewed__isnull=True, published_at__date__lt=date)
        )


class PublishableModel(TimeStampedModel):
    publication_state = models.CharField(
        _("Veröffentlichungsstatus"),
        max_length=12,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    last_reviewed = models.DateField(
        _("zuletzt geprüft"),
        null=True,
        blank=True,
        help_text=_("Wann die Redaktion den Inhalt zuletzt auf Aktualität geprüft hat."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED


class Effort(models.TextChoices):
    LOW = "low", _("niedrig")
    MEDIUM = "medium", _("mittel")
    HIGH = "high", _("hoch")


class Horizon(models.TextChoices):
    SHORT = "short", _("kurzfristig")
    MEDIUM = "medium", _("mittelfristig")
    LONG = "long", _("langfristig")


class Basis(models.TextChoices):
    DOCUMENTED = "documented", _("belegt")
    PROPOSAL = "proposal", _("Vorschlag der Redaktion")


class FieldOfActionQuerySet(PublishableQuerySet):
    def with_measure_count(self):
        """Annotate the number of published measures (the examples per field are counted by
        ``practice.listing.with_example_counts``: a second count in this query would multiply
        the joined rows)."""
        return self.annotate(
            measure_count=Count(
                "measures",
                filter=Q(measures__publication_state=PublicationState.PUBLISHED),
                distinct=True,
            ),
        )


class FieldOfAction(PublishableModel):
    number = models.PositiveSmallIntegerField(
        _("Nummer"), unique=True, help_text=_("Bestimmt die Reihenfolge (1, 2, 3 …).")
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    summary = models.TextField(_("Kurzbeschreibung"), max_length=500)
    goal = models.TextField(_("Ziel"), blank=True, help_text=FORMATTED_HELP)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=FORMATTED_HELP)
    search_vector = SearchVectorField(null=True, editable=False)  # kept by a DB trigger

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "search_vector"])
    objects = FieldOfActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["number"]
        indexes = [GinIndex(fields=["search_vector"], name="fieldofaction_search_gin")]
        permissions = [("publish_fieldofaction", _("Kann Handlungsfelder veröffentlichen"))]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("catalog:field-detail", kwargs={"slug": self.slug})


class Actor(models.Model):
    """Who is involved in a measure (Bürgermeister/in, Hauptamt, IT …): an editable list."""

    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class TaggedMeasure(TaggedItemBase):
    content_object = models.ForeignKey("Measure", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("Schlagwort der Maßnahme")
        verbose_name_plural = _("Schlagwörter der Maßnahmen")


class MeasureQuerySet(PublishableQuerySet):
    def published(self):
        """Published measures whose field of action is published, too."""
        return (
            super()
            .published()
            .filter(field_of_action__publication_state=PublicationState.PUBLISHED)
        )

    def for_list(self):
        return self.select_related("field_of_action").order_by("field_of_action__number", "number")

    def for_field_of_action(self, field_of_action):
        return self.filter(field_of_action=field_of_action)

    def without_examples(self):
        """Measures that no published practice example implements yet."""
        return self.exclude(practice_examples__publication_state=PublicationState.PUBLISHED)


class Measure(PublishableModel):
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("Handlungsfeld"),
    )
    number = models.PositiveSmallIntegerField(
        _("Nummer im Handlungsfeld"), help_text=_("Ergibt mit dem Handlungsfeld z. B. „3.2“.")
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    summary = models.TextField(_("Kurzbeschreibung"), max_length=500)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=FORMATTED_HELP)
    steps = models.TextField(_("Umsetzungsschritte"), blank=True, help_text=FORMATTED_HELP)
    effort = models.CharField(
        _("Aufwand"), max_length=10, choices=Effort.choices, default=Effort.MEDIUM
    )
    horizon = models.CharField(
        _("Zeithorizont"), max_length=10, choices=Horizon.choices, default=Horizon.MEDIUM
    )
    actors = models.ManyToManyField(
        Actor, blank=True, related_name="measures", verbose_name=_("beteiligte Akteure")
    )
    prerequisites = models.TextField(_("Voraussetzungen"), blank=True, help_text=FORMATTED_HELP)
    entry_point = models.BooleanField(
        _("Einstieg"),
        default=False,
        help_text=_(
            "Grundlage für andere Maßnahmen oder schneller Erfolg: Die Standortbestimmung "
            "empfiehlt Einstiegsmaßnahmen Kommunen, die am Anfang stehen, vor anspruchsvollen "
            "Vorhaben (README, „Standortbestimmung“)."
        ),
    )
    benefits = models.TextField(_("Nutzen"), blank=True, help_text=FORMATTED_HELP)
    risks = models.TextField(_("Risiken und Stolpersteine"), blank=True, help_text=FORMATTED_HELP)
    basis = models.CharField(
        _("Grundlage"),
        max_length=12,
        choices=Basis.choices,
        default=Basis.PROPOSAL,
        help_text=_("„belegt“, wenn eine genannte Quelle die Maßnahme beschreibt."),
    )
    sources = models.TextField(
        _("Quellen"), blank=True, validators=[validate_url_lines], help_text=SOURCES_HELP
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("verwandte Maßnahmen")
    )
    resources = models.ManyToManyField(
        "Resource", blank=True, related_name="measures", verbose_name=_("Werkzeuge und Ressourcen")
    )
    tags = TaggableManager(_("Schlagwörter"), through=TaggedMeasure, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)  # kept by a DB trigger

    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at", "search_vector"],
        m2m_fields=[actors, resources],
    )
    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["field_of_action__number", "number"]
        indexes = [GinIndex(fields=["search_vector"], name="measure_search_gin")]
        constraints = [
            models.UniqueConstraint(
                fields=["field_of_action", "number"], name="measure_unique_number_in_field"
            )
        ]
        permissions = [("publish_measure", _("Kann Maßnahmen veröffentlichen"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:measure-detail", kwargs={"slug": self.slug})

    @property
    def code(self) -> str:
        """The guide-style number, e.g. "3.2" (needs ``field_of_action`` loaded)."""
        return f"{self.field_of_action.number}.{self.number}"

    @property
    def source_urls(self) -> list[str]:
        return url_lines(self.sources)


class ResourceKind(models.TextChoices):
    CHECKLIST = "checklist", _("Checkliste")
    TEMPLATE = "template", _("Vorlage")
    GUIDE = "guide", _("Leitfaden")
    STUDY = "study", _("Studie")
    FUNDING = "funding", _("Förderprogramm")
    MODEL = "model", _("Reifegradmodell")
    TOOL = "tool", _("Werkzeug")
    WEBLINK = "weblink", _("Weblink")


class Resource(PublishableModel):
    kind = models.CharField(_("Art"), max_length=12, choices=ResourceKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=FORMATTED_HELP)
    url = models.URLField(_("Internetadresse"), max_length=500, blank=True)
    file = models.FileField(
        _("Datei"),
        upload_to=RandomPath("resources"),
        validators=[validate_editor_file],
        blank=True,
        max_length=255,
        help_text=EDITOR_FILE_HELP,
    )
    publisher = models.CharField(_("Herausgeber"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)  # kept by a DB trigger

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "search_vector"])
    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("Werkzeug oder Ressource")
        verbose_name_plural = _("Werkzeuge und Ressourcen")
        ordering = ["kind", "title"]
        indexes = [GinIndex(fields=["search_vector"], name="resource_search_gin")]
        permissions = [("publish_resource", _("Kann Werkzeuge und Ressourcen veröffentlichen"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalog:resource-list") + f"#{self.slug}"

    def clean(self):
        # A public entry promises something a reader can open; one without either is a plan.
        if self.is_published and not (self.url or self.file):
            raise ValidationError(
                _(
                    "Ein Werkzeug ohne Datei und ohne Internetadresse kann nicht veröffentlicht "
                    "werden. Lassen Sie es als Entwurf („in Vorbereitung“), bis eines von "
                    "beiden vorliegt."
                )
            )


class GlossaryTerm(PublishableModel):
    term = models.CharField(_("Begriff"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    definition = models.TextField(_("Erläuterung"), help_text=FORMATTED_HELP)
    source_url = models.URLField(_("Quelle"), max_length=500, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)  # kept by a DB trigger

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "search_vector"])
    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("Glossarbegriff")
        verbose_name_plural = _("Glossar")
        ordering = ["term"]
        indexes = [GinIndex(fields=["search_vector"], name="glossaryterm_search_gin")]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("catalog:guide") + f"#begriff-{self.slug}"
