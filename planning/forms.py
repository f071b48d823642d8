from itertools import groupby

from django import forms

from catalog.models import Measure
from planning.models import InterestSignal
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
