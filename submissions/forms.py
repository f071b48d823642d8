import re
import time
from itertools import groupby

from django import forms
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Measure
from practice.models import CooperationForm, Municipality
from submissions.models import Submission, SubmissionAttachment, SubmissionLink
from submissions.uploads import MAX_ATTACHMENT_BYTES, check_attachment, clean_filename

LINK_FIELDS = ("link_1", "link_2", "link_3")
ATTACHMENT_FIELDS = ("attachment_1", "attachment_2", "attachment_3")
TIMESTAMP_SALT = "submissions.form-started"
TIMESTAMP_MAX_AGE = 60 * 60 * 24  # a form left open for a day is still accepted
FIRST_YEAR = 1990
URL_ERRORS = {
    "invalid": _(
        "Bitte geben Sie eine vollständige Internetadresse an, z. B. https://www.gemeinde.de/projekt."
    )
}


ID_PATTERN = re.compile(r"[0-9]{1,18}")  # fits every database's 64-bit integer key
# A name for the greeting: letters, with spaces, hyphens, apostrophes and "Dr. " between them –
# no digits, addresses or links, so the confirmation mail carries no text of a stranger's choice.
NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:(?:\. +|[ '’-]+)[^\W\d_]+)*\.?$")


def _is_id(value) -> bool:
    return bool(ID_PATTERN.fullmatch(str(value).strip()))


class IdChoiceField(forms.ModelChoiceField):
    """Refuses values that are no plausible key before the database sees them."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses values that are no plausible key (a 40-digit number overflows SQLite)."""

    def _check_values(self, value):
        for item in value:
            if not _is_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


def sign_start(now: float | None = None) -> str:
    return signing.dumps(now if now is not None else time.time(), salt=TIMESTAMP_SALT)


def read_start(token: str) -> float | None:
    """The time the form was shown, or ``None`` if the token is missing, forged or too old."""
    try:
        return float(signing.loads(token, salt=TIMESTAMP_SALT, max_age=TIMESTAMP_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class SubmissionForm(forms.Form):
    """The public report form. Checks spam signals (honeypot, fill time) besides the data."""

    title = forms.CharField(
        label=_("Titel des Praxisbeispiels"),
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
        max_length=200,
        help_text=_(
            "Ein kurzer, sprechender Name, z. B. „Gemeinsames Bürgerportal im Erzgebirge“."
        ),
    )
    municipalities = IdMultipleChoiceField(
        label=_("Beteiligte Gemeinden"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Wählen Sie alle beteiligten sächsischen Städte und Gemeinden aus."),
    )
    other_partners = forms.CharField(
        label=_("Weitere Beteiligte"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Z. B. Landkreis, Zweckverband, Kommunen außerhalb Sachsens."),
    )
    cooperation_form = IdChoiceField(
        label=_("Kooperationsform"),
        queryset=CooperationForm.objects.all(),
        required=False,
        empty_label=_("– weiß nicht / keine Angabe –"),
    )
    measures = IdMultipleChoiceField(
        label=_("Umgesetzte Maßnahmen"),
        queryset=Measure.objects.none(),
        required=False,
        help_text=_("Welche Maßnahmen aus dem Katalog setzt das Beispiel um?"),
    )
    start_year = forms.IntegerField(label=_("Beginn (Jahr)"), required=False)
    end_year = forms.IntegerField(
        label=_("Ende (Jahr)"), required=False, help_text=_("Leer lassen, wenn es noch läuft.")
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        error_messages={"required": _("Bitte beschreiben Sie das Praxisbeispiel.")},
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was wird gemeinsam gemacht, wie ist die Zusammenarbeit organisiert?"),
    )
    results = forms.CharField(
        label=_("Ergebnisse und Erfahrungen"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    link_1 = forms.URLField(
        label=_("Weblink 1"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages=URL_ERRORS,
    )
    link_2 = forms.URLField(
        label=_("Weblink 2"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages=URL_ERRORS,
    )
    link_3 = forms.URLField(
        label=_("Weblink 3"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages=URL_ERRORS,
    )
    attachment_1 = forms.FileField(label=_("Anhang 1"), required=False)
    attachment_2 = forms.FileField(label=_("Anhang 2"), required=False)
    attachment_3 = forms.FileField(label=_("Anhang 3"), required=False)
    contact_organisation = forms.CharField(
        label=_("Organisation"),
        error_messages={"required": _("Bitte nennen Sie Ihre Organisation.")},
        max_length=200,
        help_text=_("Z. B. Stadtverwaltung, Gemeinde, Zweckverband."),
    )
    contact_person = forms.CharField(label=_("Ansprechperson"), max_length=150, required=False)
    contact_name = forms.RegexField(
        label=_("Ihr Name für die Anrede"),
        regex=NAME_PATTERN,
        max_length=100,
        required=False,
        error_messages={
            "invalid": _("Bitte geben Sie nur Ihren Namen an, z. B. „Frau Erika Muster“.")
        },
        help_text=_("Nur für die Anrede in der Eingangsbestätigung; wird nicht veröffentlicht."),
    )
    contact_email = forms.EmailField(
        label=_("E-Mail"),
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@gemeinde.de.")
        },
        required=False,
        help_text=_("An diese Adresse schicken wir eine Eingangsbestätigung."),
    )
    contact_phone = forms.CharField(label=_("Telefon"), max_length=50, required=False)
    contact_consent = forms.BooleanField(
        label=_("Die Kontaktdaten dürfen mit dem Praxisbeispiel veröffentlicht werden."),
        required=False,
        help_text=_("Ohne diese Einwilligung veröffentlichen wir nur die Organisation."),
    )
    privacy = forms.BooleanField(
        label=_(
            "Ich habe die Datenschutzhinweise gelesen und bin mit der Verarbeitung meiner "
            "Angaben zur Bearbeitung der Meldung einverstanden."
        ),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.")
        },
    )
    # Spam protection: a field people never see, and the signed time the form was shown.
    homepage = forms.CharField(label=_("Bitte dieses Feld leer lassen"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, min_seconds=5, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_seconds = min_seconds
        self.fields["municipalities"].queryset = (
            Municipality.objects.active()
            .select_related("district")
            .order_by("district__name", "name")
        )
        self.fields["measures"].queryset = Measure.objects.published().for_list()
        latest = timezone.localdate().year + 10
        for name in ("start_year", "end_year"):
            old = self.fields[name]
            self.fields[name] = forms.IntegerField(
                label=old.label,
                help_text=old.help_text,
                required=False,
                min_value=FIRST_YEAR,
                max_value=latest,
                error_messages=dict.fromkeys(
                    ("invalid", "min_value", "max_value"),
                    _("Bitte geben Sie eine Jahreszahl zwischen %(first)s und %(last)s an.")
                    % {"first": FIRST_YEAR, "last": latest},
                ),
            )
        for name in ATTACHMENT_FIELDS:
            self.fields[name].help_text = _(
                "PDF, Bild oder Office-Datei, höchstens %(max)s MB."
            ) % {"max": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
            self.fields[name].widget.attrs["accept"] = (
                ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.odp"
            )
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["contact_person"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_organisation"].widget.attrs["autocomplete"] = "organization"
        # The time the form was first shown travels with it; a missing or forged one is
        # refused, and the form shown again carries a fresh one.
        self.started_at = read_start(self.data.get("started", "")) if self.is_bound else None
        if not self.is_bound:
            self.initial["started"] = sign_start()
        elif self.started_at is None:
            self.data = self.data.copy()
            self.data["started"] = sign_start()
        self.is_spam = False

    # ---- spam signals -------------------------------------------------------------------

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            self.is_spam = True
        return ""

    def clean_started(self):
        started = self.started_at
        if started is None:
            raise forms.ValidationError(
                _(
                    "Das Formular war zu lange geöffnet oder ist unvollständig angekommen. "
                    "Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal ab."
                ),
                code="expired",
            )
        if time.time() - started < self.min_seconds:
            raise forms.ValidationError(
                _(
                    "Das Formular wurde schneller abgeschickt, als ein Mensch es ausfüllen kann. "
                    "Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal ab."
                ),
                code="too_fast",
            )
        return self.cleaned_data["started"]

    # ---- data ------------------------------------------------------------------------------

    def _clean_attachment(self, name):
        upload = self.cleaned_data.get(name)
        if upload:
            self.checked_types[name] = check_attachment(upload).content_type
        return upload

    def clean_attachment_1(self):
        return self._clean_attachment("attachment_1")

    def clean_attachment_2(self):
        return self._clean_attachment("attachment_2")

    def clean_attachment_3(self):
        return self._clean_attachment("attachment_3")

    def full_clean(self):  # mark invalid fields for assistive technology
        self.checked_types = {}
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = [f"{self[name].auto_id}_fehler"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Das Ende liegt vor dem Beginn."))
        no_contact = not data.get("contact_email") and not data.get("contact_phone")
        if no_contact and "contact_email" not in self.errors:
            self.add_error(
                "contact_email",
                _(
                    "Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an, "
                    "damit die Redaktion Rückfragen stellen kann."
                ),
            )
        return data

    @property
    def had_files(self) -> bool:
        return any(self.files.get(name) for name in ATTACHMENT_FIELDS)

    def municipality_groups(self):
        """Checkbox groups by district, for a list of 400 municipalities that works without JS."""
        return self._groups("municipalities", key=lambda municipality: municipality.district)

    def measure_groups(self):
        return self._groups("measures", key=lambda measure: measure.field_of_action)

    def _groups(self, name, key):
        selected = {str(value) for value in (self[name].value() or [])}
        groups = []
        for group, members in groupby(self.fields[name].queryset, key=key):
            options = [(member, str(member.pk) in selected) for member in members]
            groups.append(
                {
                    "group": group,
                    "options": options,
                    "selected": sum(checked for _member, checked in options),
                }
            )
        return groups

    @transaction.atomic
    def save(self) -> Submission:
        data = self.cleaned_data
        submission = Submission.objects.create(
            title=" ".join(data["title"].split()),
            other_partners=data["other_partners"],
            cooperation_form=data["cooperation_form"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            description=data["description"],
            results=data["results"],
            contact_organisation=data["contact_organisation"],
            contact_person=data["contact_person"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            contact_consent=data["contact_consent"],
            privacy_accepted_at=timezone.now(),
        )
        submission.municipalities.set(data["municipalities"])
        submission.measures.set(data["measures"])
        SubmissionLink.objects.bulk_create(
            SubmissionLink(submission=submission, url=data[name], order=position)
            for position, name in enumerate(LINK_FIELDS)
            if data[name]
        )
        for position, name in enumerate(ATTACHMENT_FIELDS):
            upload = data[name]
            if not upload:
                continue
            attachment = SubmissionAttachment(
                submission=submission,
                original_name=clean_filename(upload.name),
                content_type=self.checked_types[name],
                size=upload.size,
                order=position,
            )
            attachment.file.save(upload.name, upload, save=True)
        return submission
