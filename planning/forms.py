from itertools import groupby

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory

from catalog.models import Measure
from planning.models import InterestSignal, Plan, PlanItem, quarter_choices
from practice.models import Municipality


def municipalities_for_select() -> list[Municipality]:
    return list(
        Municipality.objects.active()
        .select_related("district")
        .order_by("district__name", "name")
        .only("pk", "slug", "name", "longitude", "latitude", "district__name")
    )


def municipality_choices(municipalities=None, value="pk") -> list:
    """All existing municipalities grouped by district, for a plain, keyboard-usable <select>
    (typing the first letters jumps to a name). One query unless the list is passed in."""
    if municipalities is None:
        municipalities = municipalities_for_select()
    return [
        (district, [(getattr(m, value), m.name) for m in members])
        for district, members in groupby(municipalities, key=lambda m: m.district.name)
    ]


class MunicipalityChoiceField(forms.TypedChoiceField):
    """A municipality from grouped choices computed once per request (no query per form)."""

    def __init__(self, *, choices=(), **kwargs):
        kwargs.setdefault("empty_value", None)
        super().__init__(choices=[("", "– bitte wählen –"), *choices], coerce=int, **kwargs)


class PlanTitleForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title"]
        labels = {"title": "Titel des Plans"}
        help_texts = {"title": "Z. B. „Digitalisierung im Verbundraum Partheland 2026–2028“."}


class PlanItemForm(forms.ModelForm):
    keep_partners = forms.TypedMultipleChoiceField(
        label="Partnerkommunen",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Abwählen, um eine Partnerkommune zu entfernen.",
    )
    add_partner = MunicipalityChoiceField(label="Partnerkommune hinzufügen", required=False)

    class Meta:
        model = PlanItem
        fields = ["priority", "status", "responsible", "target_quarter", "reason", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"reason": "Begründung"}
        help_texts = {
            "responsible": "Z. B. „Hauptamtsleitung“ oder „Frau M., Digitalisierung“.",
        }

    def __init__(self, *args, municipality_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        quarters = quarter_choices()
        current = self.instance.target_quarter
        if current and current not in dict(quarters):
            quarters.insert(0, (current, self.instance.target_quarter_label))
        self.fields["target_quarter"] = forms.ChoiceField(
            label="Zielquartal", choices=[("", "– offen –"), *quarters], required=False
        )
        partners = self.instance.partners.all() if self.instance.pk else []
        self.fields["keep_partners"].choices = [(m.pk, m.name) for m in partners]
        self.initial.setdefault("keep_partners", [m.pk for m in partners])
        self.fields["add_partner"].choices = [
            ("", "– keine hinzufügen –"),
            *municipality_choices,
        ]

    def save(self, commit=True):
        item = super().save(commit=commit)
        if commit:
            partners = set(self.cleaned_data.get("keep_partners") or [])
            if self.cleaned_data.get("add_partner"):
                partners.add(self.cleaned_data["add_partner"])
            item.partners.set(partners)
        return item


class BasePlanItemFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Aus dem Plan entfernen"

    def clean(self):
        """An entry id outside this plan (tampered, or removed in another window) is an error,
        not a silent no-op: the formset only finds instances in its own queryset."""
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(
                "Ein Eintrag gehört nicht (mehr) zu diesem Plan. Bitte laden Sie die Seite neu."
            )


PlanItemFormSet = modelformset_factory(
    PlanItem, form=PlanItemForm, formset=BasePlanItemFormSet, extra=0, can_delete=True
)


class AddMeasuresForm(forms.Form):
    """One or more measures (by slug) to put into a plan."""

    massnahme = forms.ModelMultipleChoiceField(
        label="Maßnahme",
        queryset=Measure.objects.published(),
        to_field_name="slug",
        error_messages={
            "required": "Bitte wählen Sie eine Maßnahme aus.",
            "invalid_choice": "Diese Maßnahme gibt es nicht (mehr): %(value)s.",
        },
    )


class InterestSignalForm(forms.ModelForm):
    municipality = MunicipalityChoiceField(label="Gemeinde")
    consent = forms.BooleanField(
        label=(
            "Ich bin damit einverstanden, dass Gemeinde, Organisation und – falls angegeben – "
            "die E-Mail-Adresse nach Prüfung durch die Redaktion auf dieser Seite veröffentlicht "
            "werden."
        ),
        error_messages={"required": "Ohne Ihre Einwilligung können wir nichts veröffentlichen."},
    )
    # Honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(label="Webseite (bitte leer lassen)", required=False)

    class Meta:
        model = InterestSignal
        fields = ["municipality", "organisation", "contact_email", "consent"]
        labels = {
            "organisation": "Organisation oder Stelle",
            "contact_email": "Kontakt-E-Mail (freiwillig)",
        }
        help_texts = {
            "organisation": "Z. B. „Stadtverwaltung Wurzen, Hauptamt“.",
            "contact_email": "Am besten ein Funktionspostfach, keine persönliche Adresse.",
        }
        error_messages = {
            "organisation": {"required": "Bitte nennen Sie Ihre Organisation oder Stelle."},
            "contact_email": {"invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an."},
        }

    def __init__(self, *args, municipality_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "– bitte wählen –"), *municipality_choices]
        self.fields["municipality"].error_messages["required"] = "Bitte wählen Sie Ihre Gemeinde."

    def clean_municipality(self):
        pk = self.cleaned_data["municipality"]
        municipality = Municipality.objects.active().filter(pk=pk).first()
        if municipality is None:
            raise forms.ValidationError("Diese Gemeinde gibt es nicht.")
        return municipality

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))
