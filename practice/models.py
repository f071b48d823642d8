import secrets
from pathlib import PurePath

from asgiref.local import Local
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from catalog.models import (
    FORMATTED_HELP,
    SOURCES_HELP,
    Measure,
    PublicationState,
    PublishableModel,
    PublishableQuerySet,
    url_lines,
    validate_url_lines,
)
from ikz.files import EDITOR_FILE_HELP, RandomPath, validate_editor_file

# Attachments share the submissions' private storage (outside MEDIA_ROOT; no public URL).
from submissions.storage import private_storage


class DistrictKind(models.TextChoices):
    RURAL_DISTRICT = "landkreis", _("Landkreis")
    URBAN_DISTRICT = "kreisfreie_stadt", _("kreisfreie Stadt")


class District(models.Model):
    """One of Saxony's 10 Landkreise and 3 kreisfreie Städte."""

    key = models.CharField(
        _("Kreisschlüssel"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Der Kreisschlüssel hat fünf Ziffern."))],
    )
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=DistrictKind.choices)
    seat = models.CharField(_("Kreissitz"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Landkreis oder kreisfreie Stadt")
        verbose_name_plural = _("Landkreise und kreisfreie Städte")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MunicipalityKind(models.TextChoices):
    MUNICIPALITY = "gemeinde", _("Gemeinde")
    TOWN = "stadt", _("Stadt")
    URBAN_DISTRICT = "kreisfreie_stadt", _("kreisfreie Stadt")


class AssociationKind(models.TextChoices):
    NONE = "", _("keine")
    ADMINISTRATIVE_COMMUNITY = "vg", _("Verwaltungsgemeinschaft")
    ADMINISTRATIVE_UNION = "vv", _("Verwaltungsverband")


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Municipality(models.Model):
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{8}$", _("Der Gemeindeschlüssel hat acht Ziffern."))],
    )
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=MunicipalityKind.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("Landkreis / kreisfreie Stadt"),
    )
    association_kind = models.CharField(
        _("Art des Verwaltungsverbunds"),
        max_length=2,
        choices=AssociationKind.choices,
        blank=True,
    )
    association = models.CharField(_("Verwaltungsverbund"), max_length=150, blank=True)
    population = models.PositiveIntegerField(
        _("Einwohnerzahl (Zensus 2022)"), null=True, blank=True
    )
    area_km2 = models.DecimalField(
        _("Fläche in km²"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    is_active = models.BooleanField(
        _("besteht"),
        default=True,
        help_text=_("Abwählen, wenn die Gemeinde durch Fusion oder Eingliederung aufgegangen ist."),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("aufgegangen in"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError(
                {"merged_into": _("Eine Gemeinde kann nicht in sich selbst aufgehen.")}
            )
        if self.merged_into_id and self.is_active:
            raise ValidationError(
                {
                    "is_active": _(
                        "Eine in eine andere Gemeinde aufgegangene Gemeinde besteht nicht mehr."
                    )
                }
            )


class CooperationForm(models.Model):
    """A legal or organisational form of cooperation (Zweckverband, Zweckvereinbarung …)."""

    name = models.CharField(_("Bezeichnung"), max_length=150, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    explanation = models.CharField(_("Erklärung in einem Satz"), max_length=400)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=200, blank=True)
    source_url = models.URLField(_("Quelle"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kooperationsform")
        verbose_name_plural = _("Kooperationsformen")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ExampleStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    ONGOING = "ongoing", _("laufend")
    COMPLETED = "completed", _("abgeschlossen")
    ENDED = "ended", _("beendet")
    UNVERIFIED = "unverified", _("Stand nicht bestätigt")  # sources do not tell today's state


class DigitalRelation(models.TextChoices):
    SUBJECT = "subject", _("Digitalisierung als Gegenstand")
    TOOL = "tool", _("Digitalisierung als Werkzeug")
    INDIRECT = "indirect", _("mittelbarer Digitalbezug")


class FederalState(models.TextChoices):
    BW = "BW", _("Baden-Württemberg")
    BY = "BY", _("Bayern")
    BE = "BE", _("Berlin")
    BB = "BB", _("Brandenburg")
    HB = "HB", _("Bremen")
    HH = "HH", _("Hamburg")
    HE = "HE", _("Hessen")
    MV = "MV", _("Mecklenburg-Vorpommern")
    NI = "NI", _("Niedersachsen")
    NW = "NW", _("Nordrhein-Westfalen")
    RP = "RP", _("Rheinland-Pfalz")
    SL = "SL", _("Saarland")
    SN = "SN", _("Sachsen")
    ST = "ST", _("Sachsen-Anhalt")
    SH = "SH", _("Schleswig-Holstein")
    TH = "TH", _("Thüringen")


class TaggedPracticeExample(TaggedItemBase):
    content_object = models.ForeignKey("PracticeExample", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("Schlagwort des Praxisbeispiels")
        verbose_name_plural = _("Schlagwörter der Praxisbeispiele")


class PracticeExampleQuerySet(PublishableQuerySet):
    """The prefetch bundles, one per use: ``for_list`` (cards), ``for_results`` (the list's
    results), ``for_detail`` (the detail page), ``for_export`` (API and downloads)."""

    def for_list(self):
        """What a card shows: form, municipalities with their district."""
        return self.select_related("cooperation_form").prefetch_related("municipalities__district")

    def for_results(self):
        """What a result of the practice example list shows: a card plus the fields of action
        of its published measures, without the long texts."""
        return (
            self.defer(*PracticeExample.LONG_FIELDS)
            .select_related("cooperation_form")
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.select_related("district")
                    .order_by("district__name", "name")
                    .only("name", "district", "district__name", "district__slug"),
                ),
                Prefetch(
                    "measures",
                    queryset=Measure.objects.published()
                    .for_list()
                    .only("field_of_action", "field_of_action__number", "field_of_action__title"),
                ),
            )
        )

    def for_detail(self, measures):
        """The detail page: participants, the ``measures`` the visitor may see, tags, links,
        attachments and the total population."""
        return (
            self.select_related("cooperation_form")
            .prefetch_related(
                Prefetch(
                    "municipalities",
                    queryset=Municipality.objects.select_related("district").order_by("name"),
                ),
                Prefetch("measures", queryset=measures.for_list()),
                "tags",
                "links",
                "attachments",
            )
            .with_total_population()
        )

    def for_export(self):
        """The API and the downloads: a card plus published measures, tags, links and
        attachments."""
        measures = Measure.objects.published().select_related("field_of_action")
        return self.for_list().prefetch_related(
            Prefetch("measures", queryset=measures),
            "tags",
            "links",
            "attachments",
        )

    def in_saxony(self):
        return self.filter(federal_state=FederalState.SN)

    def for_field_of_action(self, field_of_action):
        """The examples of a field of action: through its published measures."""
        links = measure_links().filter(measure__field_of_action=field_of_action)
        return self.filter(pk__in=links.values("practiceexample"))

    def with_total_population(self):
        """Annotate the participants' total population, ``population_totals()`` (a correlated
        subquery: no join, so no duplicate rows; None without participants)."""
        totals = population_totals().filter(practiceexample=OuterRef("pk")).values("total")
        return self.annotate(total_population=Subquery(totals, output_field=models.IntegerField()))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class PracticeExample(PublishableModel):
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=600,
        blank=True,
        help_text=_("Pflicht vor dem Veröffentlichen; erscheint auf Karten und in Listen."),
    )
    description = models.TextField(_("Beschreibung"), blank=True, help_text=FORMATTED_HELP)
    results = models.TextField(_("Ergebnisse"), blank=True, help_text=FORMATTED_HELP)
    lessons_learned = models.TextField(
        _("Erfahrungen und Lehren"), blank=True, help_text=FORMATTED_HELP
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("beteiligte Gemeinden"),
    )
    other_partners = models.TextField(
        _("weitere Beteiligte"),
        blank=True,
        help_text=_("Z. B. Landkreis, Zweckverband, Freistaat, Kommunen außerhalb Sachsens."),
    )
    federal_state = models.CharField(
        _("Bundesland"), max_length=2, choices=FederalState.choices, default=FederalState.SN
    )
    cooperation_form = models.ForeignKey(
        CooperationForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("Kooperationsform"),
    )
    measures = models.ManyToManyField(
        "catalog.Measure",
        blank=True,
        related_name="practice_examples",
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
    status = models.CharField(
        _("Stand"), max_length=10, choices=ExampleStatus.choices, default=ExampleStatus.ONGOING
    )
    digital_relation = models.CharField(
        _("Digitalbezug"),
        max_length=10,
        choices=DigitalRelation.choices,
        default=DigitalRelation.SUBJECT,
        blank=True,  # a taken-over submission leaves it to the editor; required to publish
    )
    funding = models.TextField(_("Finanzierung und Förderung"), blank=True)
    contact_organisation = models.CharField(_("Kontakt: Organisation"), max_length=200, blank=True)
    contact_person = models.CharField(
        _("Kontakt: Person"),
        max_length=150,
        blank=True,
        help_text=_("Nur mit dokumentierter Einwilligung der Person angeben."),
    )
    contact_email = models.EmailField(_("Kontakt: E-Mail"), blank=True)
    contact_phone = models.CharField(_("Kontakt: Telefon"), max_length=50, blank=True)
    contact_consent = models.BooleanField(
        _("Einwilligung zur Veröffentlichung der Kontaktperson liegt vor"), default=False
    )
    image = models.ImageField(
        _("Bild"),
        upload_to=RandomPath("examples"),
        validators=[validate_editor_file],
        blank=True,
        max_length=255,
        help_text=_("PNG oder JPEG."),
    )
    image_alt = models.CharField(
        _("Alternativtext des Bildes"),
        max_length=300,
        blank=True,
        help_text=_("Beschreibt, was das Bild zeigt, für Menschen, die es nicht sehen können."),
    )
    sources = models.TextField(
        _("Quellen"), blank=True, validators=[validate_url_lines], help_text=SOURCES_HELP
    )
    is_demo = models.BooleanField(
        _("Demonstrationsdaten"),
        default=False,
        help_text=_("Automatisch erzeugte Beispieldaten, keine reale Kooperation."),
    )
    tags = TaggableManager(_("Schlagwörter"), through=TaggedPracticeExample, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)  # kept by a DB trigger

    #: Columns a list of cards never shows (``defer`` them there).
    LONG_FIELDS = (
        "description",
        "results",
        "lessons_learned",
        "other_partners",
        "funding",
        "sources",
        "search_vector",
    )

    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at", "search_vector"],
        m2m_fields=[municipalities, measures],
    )
    objects = PracticeExampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Praxisbeispiel")
        verbose_name_plural = _("Praxisbeispiele")
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="practiceexample_search_gin"),
            # The default order of the list and the API ("newest first") over published rows:
            # an index scan instead of sorting every published example (docs/PERFORMANCE.md).
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(publication_state="published"),
                name="example_published_newest",
            ),
            # The same for the default order "Saxony first, then newest" (``Sort.SAXONY_FIRST``
            # in practice.rules orders by exactly this expression; a test holds them together).
            models.Index(
                models.Case(
                    models.When(federal_state=FederalState.SN, then=models.Value(0)),
                    default=models.Value(1),
                ),
                models.F("published_at").desc(),
                models.F("id").desc(),
                condition=Q(publication_state="published"),
                name="example_published_saxony_first",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="example_image_needs_alt_text"
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="example_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(contact_consent=True)
                | (Q(contact_person="") & Q(contact_email="") & Q(contact_phone="")),
                name="example_person_contact_needs_consent",
            ),
        ]
        permissions = [("publish_practiceexample", _("Kann Praxisbeispiele veröffentlichen"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practice:example-detail", kwargs={"slug": self.slug})

    #: Fields a draft may leave empty but a published example needs.
    REQUIRED_TO_PUBLISH = ("summary", "digital_relation")

    def missing_for_publication(self) -> list[str]:
        """Names of the fields still empty that publishing needs."""
        return [name for name in self.REQUIRED_TO_PUBLISH if not getattr(self, name)]

    def clean(self):
        errors = {}
        if self.publication_state == PublicationState.PUBLISHED:
            for name in self.missing_for_publication():
                errors[name] = _("Bitte vor dem Veröffentlichen ausfüllen.")
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _("Bitte beschreiben Sie das Bild in einem Alternativtext.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Das Ende liegt vor dem Beginn.")
        if not self.contact_consent and (
            self.contact_person or self.contact_email or self.contact_phone
        ):
            errors["contact_consent"] = _(
                "Persönliche Kontaktdaten dürfen nur mit Einwilligung gespeichert werden."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def source_urls(self) -> list[str]:
        return url_lines(self.sources)

    @property
    def public_attachments(self) -> list:
        """Attachments the editors released (from the prefetched ``attachments``)."""
        return [attachment for attachment in self.attachments.all() if attachment.is_public]

    @property
    def period(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return _("seit %(year)s") % {"year": self.start_year}
        return ""


def measure_links():
    """The links of examples to *published* measures: an example belongs to a measure, and
    through it to a field of action, only while the measure is published (everywhere: list,
    filters, start page, feeds)."""
    return PracticeExample.measures.through.objects.filter(measure__in=Measure.objects.published())


def population_totals():
    """The total population of each example's participating municipalities, as rows of
    ``practiceexample`` and ``total`` (None when no population is known). One aggregate over the
    links, shown by the detail page (the size filter reads each member's population instead:
    ``practice.rules.SizeClass``)."""
    return (
        PracticeExample.municipalities.through.objects.order_by()
        .values("practiceexample")
        .annotate(total=Sum("municipality__population"))
    )


class ExampleLink(models.Model):
    example = models.ForeignKey(
        PracticeExample,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("Praxisbeispiel"),
    )
    title = models.CharField(_("Linktext"), max_length=200)
    url = models.URLField(_("Internetadresse"), max_length=500)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Weblink")
        verbose_name_plural = _("Weblinks")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


def attachment_path(instance, filename: str) -> str:
    """``examples/attachments/2026/<random>/<name>``: the file keeps its readable name, but its
    address cannot be guessed while the practice example is still an unpublished draft."""
    return f"examples/attachments/{timezone.now():%Y}/{secrets.token_urlsafe(16)}/{filename}"


class ExampleAttachment(models.Model):
    """A file on a practice example, stored privately and served by ``practice.attachments``:
    to everyone only when the editor marked it public and the example is published, to staff
    always. Taken-over submission files therefore stay private until an editor decides."""

    example = models.ForeignKey(
        PracticeExample,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Praxisbeispiel"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(
        _("Datei"),
        upload_to=attachment_path,
        max_length=255,
        storage=private_storage,
        validators=[validate_editor_file],
        help_text=EDITOR_FILE_HELP,
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_(
            "Erst ankreuzen, wenn die Datei auf der Website zum Herunterladen stehen darf "
            "(Rechte und Datenschutz geprüft). Sichtbar wird sie, sobald das Beispiel "
            "veröffentlicht ist."
        ),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "practice:example-attachment", kwargs={"slug": self.example.slug, "pk": self.pk}
        )

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name


@receiver(post_delete, sender=ExampleAttachment)
def delete_attachment_file(sender, instance, **kwargs):
    """Deleting an attachment, or its practice example, removes the file."""
    if instance.file:
        instance.file.delete(save=False)


class ContentRevision(models.Model):
    """One row whose token changes with every change of catalogue or practice content.

    Processes that keep content in memory (``practice.facet_index``) compare the token on each
    request; being a row in the database, it is the same for every worker on every server, and a
    rolled-back change rolls its token back, too. A fresh random token (not a counter) can never
    coincide with one seen before.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstände")

    def __str__(self):
        return self.token

    @classmethod
    def current(cls) -> str:
        """The token, read once per request (the page's fragments and the list index all ask)."""
        token = getattr(_revision_seen, "token", None)
        if token is None:
            token = cls.objects.filter(pk=1).values_list("token", flat=True).first() or ""
            if getattr(_revision_seen, "in_request", False):
                _revision_seen.token = token
        return token

    @classmethod
    def bump(cls) -> None:
        _revision_seen.token = None
        token = secrets.token_hex(16)
        if not cls.objects.filter(pk=1).update(token=token):
            cls.objects.update_or_create(pk=1, defaults={"token": token})


_revision_seen = Local()  # per request (thread or task): the revision token once read


@receiver(request_started)
def _start_revision_memo(**kwargs):
    _revision_seen.in_request, _revision_seen.token = True, None


@receiver(request_finished)
def _end_revision_memo(**kwargs):
    _revision_seen.in_request, _revision_seen.token = False, None
