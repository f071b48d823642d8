"""Planning tools: the visitor's Maßnahmenplan, the self-check questionnaire and interest signals.

A plan belongs to nobody: it lives under two unguessable tokens (edit and read-only) and holds
only what the visitor typed, plus the two timestamps its expiry needs.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import PublicationState, TimeStampedModel

#: Opening a plan refreshes its timestamp at most this often, so reading stays read-only mostly.
PLAN_TOUCH_INTERVAL = datetime.timedelta(hours=1)
QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"


def plan_lifetime() -> datetime.timedelta:
    """A plan nobody opened or changed for this long is gone (``IKZ_PLAN_LIFETIME_DAYS``)."""
    return datetime.timedelta(days=settings.IKZ_PLAN_LIFETIME_DAYS)


def new_token() -> str:
    """32 URL-safe characters (192 bits): unguessable, and short enough to read aloud."""
    return secrets.token_urlsafe(24)


def quarter_choices(today: datetime.date | None = None, years: int = 6) -> list[tuple[str, str]]:
    """ "2026-Q3" → "3. Quartal 2026", from the current quarter on for ``years`` years."""
    today = today or timezone.localdate()
    current = (today.month - 1) // 3 + 1
    choices = []
    for year in range(today.year, today.year + years):
        for quarter in range(1, 5):
            if year == today.year and quarter < current:
                continue
            choices.append((f"{year}-Q{quarter}", f"{quarter}. Quartal {year}"))
    return choices


def quarter_label(value: str) -> str:
    if not value:
        return ""
    year, quarter = value.split("-Q")
    return f"{quarter}. Quartal {year}"


class PlanQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(last_used_at__lt=(now or timezone.now()) - plan_lifetime())


class Plan(models.Model):
    title = models.CharField(_("Titel"), max_length=200, default="Unser Maßnahmenplan")
    edit_token = models.CharField(
        _("Bearbeitungsschlüssel"), max_length=64, unique=True, default=new_token, editable=False
    )
    view_token = models.CharField(
        _("Leseschlüssel"), max_length=64, unique=True, default=new_token, editable=False
    )
    partners = models.ManyToManyField(
        "practice.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("Partnerkommunen des Plans"),
        help_text=_("Einmal je Plan gewählt; jeder Eintrag nimmt daraus seine Partner."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt genutzt"), default=timezone.now, db_index=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahmenplan")
        verbose_name_plural = _("Maßnahmenpläne")
        ordering = ["-last_used_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("planning:plan-detail", kwargs={"token": self.view_token})

    def get_edit_url(self):
        return reverse("planning:plan-edit", kwargs={"token": self.edit_token})

    @property
    def expires_at(self):
        return self.last_used_at + plan_lifetime()

    def is_expired(self, now=None) -> bool:
        return self.last_used_at < (now or timezone.now()) - plan_lifetime()

    def touch(self, force: bool = False) -> None:
        """Record use without a write on every page view."""
        now = timezone.now()
        if force or now - self.last_used_at > PLAN_TOUCH_INTERVAL:
            self.last_used_at = now
            Plan.objects.filter(pk=self.pk).update(last_used_at=now)


class Priority(models.IntegerChoices):
    HIGH = 1, _("hoch")
    MEDIUM = 2, _("mittel")
    LOW = 3, _("niedrig")


class ItemStatus(models.TextChoices):
    IDEA = "idee", _("Idee")
    PLANNED = "geplant", _("geplant")
    IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
    DONE = "umgesetzt", _("umgesetzt")


class PlanItemQuerySet(models.QuerySet):
    def for_plan_page(self):
        return self.select_related("measure__field_of_action").prefetch_related("partners")

    def next_position(self) -> int:
        return (self.aggregate(last=models.Max("position"))["last"] or 0) + 1


class PlanItem(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("Maßnahmenplan")
    )
    measure = models.ForeignKey(
        "catalog.Measure",
        on_delete=models.CASCADE,
        related_name="plan_items",
        verbose_name=_("Maßnahme"),
    )
    measure_title = models.CharField(
        _("Titel der Maßnahme beim Übernehmen"),
        max_length=200,
        blank=True,
        help_text=_("Bleibt lesbar, wenn die Maßnahme später nicht mehr im Katalog steht."),
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    reason = models.CharField(_("Begründung"), max_length=300, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("Priorität"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.IDEA
    )
    responsible = models.CharField(
        _("Verantwortlich (Person oder Rolle)"), max_length=200, blank=True
    )
    partners = models.ManyToManyField(
        "practice.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("Partnerkommunen"),
    )
    target_quarter = models.CharField(
        _("Zielquartal"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(QUARTER_PATTERN, _("Quartal im Format 2026-Q3 angeben."))],
    )
    notes = models.TextField(_("Notizen"), max_length=2000, blank=True)
    added_at = models.DateTimeField(_("hinzugefügt am"), auto_now_add=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahme im Plan")
        verbose_name_plural = _("Maßnahmen im Plan")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "measure"], name="planitem_unique_measure")
        ]

    def __str__(self):
        return f"{self.plan_id}: {self.measure_id}"

    @property
    def target_quarter_label(self) -> str:
        return quarter_label(self.target_quarter)

    @property
    def in_catalogue(self) -> bool:
        """Only a published measure shows its current text; one that was archived or taken
        back for rework appears as "nicht mehr im Katalog" (needs ``measure__field_of_action``)."""
        measure = self.measure
        return measure.is_published and measure.field_of_action.is_published

    @property
    def title(self) -> str:
        return self.measure.title if self.in_catalogue else self.measure_title


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(
            is_active=True, field_of_action__publication_state=PublicationState.PUBLISHED
        )

    def for_questionnaire(self):
        return self.select_related("field_of_action").prefetch_related("options")


class Question(models.Model):
    """One question of the Standortbestimmung, maintained by editors."""

    field_of_action = models.ForeignKey(
        "catalog.FieldOfAction",
        on_delete=models.CASCADE,
        related_name="selfcheck_questions",
        verbose_name=_("Handlungsfeld"),
    )
    key = models.SlugField(
        _("Kennung"),
        max_length=80,
        unique=True,
        help_text=_("Fester Kurzname; der Lader erkennt daran mitgelieferte Fragen wieder."),
    )
    text = models.CharField(_("Frage"), max_length=300)
    help_text = models.CharField(_("Erläuterung"), max_length=500, blank=True)
    topic = models.CharField(
        _("Thema (kurz)"),
        max_length=80,
        blank=True,
        help_text=_(
            "Nennt die Begründung einer Empfehlung: „weil Sie bei „Thema“ „Antwort“ angegeben "
            "haben“. Leer: der Fragetext."
        ),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Frage der Standortbestimmung")
        verbose_name_plural = _("Fragen der Standortbestimmung")
        ordering = ["field_of_action__number", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def param(self) -> str:
        """The query-string name that carries the chosen answer, e.g. ``frage-12``."""
        return f"frage-{self.pk}"


class AnswerOption(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("Frage")
    )
    text = models.CharField(_("Antwort"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"),
        default=0,
        validators=[MaxValueValidator(10)],
        help_text=_("0 = noch nicht begonnen; je höher, desto weiter ist die Kommune."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    measures = models.ManyToManyField(
        "catalog.Measure",
        blank=True,
        related_name="selfcheck_options",
        verbose_name=_("empfohlene Maßnahmen"),
        help_text=_("Diese Maßnahmen werden empfohlen, wenn jemand diese Antwort wählt."),
    )

    class Meta:
        verbose_name = _("Antwortmöglichkeit")
        verbose_name_plural = _("Antwortmöglichkeiten")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.text


class SignalStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Prüfung")
    APPROVED = "approved", _("freigegeben")
    REJECTED = "rejected", _("abgelehnt")


class InterestSignalQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=SignalStatus.APPROVED)

    def pending(self):
        return self.filter(status=SignalStatus.PENDING)


class InterestSignal(TimeStampedModel):
    """ "Wir planen das auch": a municipality says it plans a measure; editors moderate."""

    measure = models.ForeignKey(
        "catalog.Measure",
        on_delete=models.CASCADE,
        related_name="interest_signals",
        verbose_name=_("Maßnahme"),
    )
    municipality = models.ForeignKey(
        "practice.Municipality",
        on_delete=models.CASCADE,
        related_name="interest_signals",
        verbose_name=_("Gemeinde"),
    )
    organisation = models.CharField(_("Organisation / Stelle"), max_length=200)
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    consent = models.BooleanField(_("Einwilligung zur Veröffentlichung"), default=False)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=SignalStatus.choices,
        default=SignalStatus.PENDING,
        db_index=True,
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    objects = InterestSignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("Interessensbekundung „Wir planen das auch“")
        verbose_name_plural = _("Interessensbekundungen „Wir planen das auch“")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(consent=True), name="signal_needs_consent")
        ]

    def __str__(self):
        return self.organisation
