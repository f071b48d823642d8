"""Forms of the light plan editor.

Partner municipalities are found once per plan through one search field (``search``), kept on
the plan (``PlanPartnersForm``) and ticked per item from that short list (``PlanItemForm``), so no
item carries a select of all 419 municipalities.
"""

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory

from planning.models import Plan, PlanItem, quarter_choices
from practice.models import Municipality

#: At most this many municipalities answer one search.
SEARCH_LIMIT = 12


def search_municipalities(query: str) -> list[Municipality]:
    """Active municipalities whose name contains ``query`` (two characters at least); names that
    start with it first."""
    query = query.strip()
    if len(query) < 2:
        return []
    found = (
        Municipality.objects.active()
        .filter(name__icontains=query)
        .select_related("district")
        .only("pk", "name", "district__name")
        .order_by("name")[: SEARCH_LIMIT * 3]
    )
    start = query.casefold()
    ordered = sorted(found, key=lambda m: (not m.name.casefold().startswith(start), m.name))
    return ordered[:SEARCH_LIMIT]


class IdsField(forms.TypedMultipleChoiceField):
    """Ids of rows found by a search the form did not run (the autocomplete): any positive
    integer passes here; the caller keeps only ids that exist."""

    def valid_value(self, value):
        return str(value).isdigit()


class PlanPartnersForm(forms.Form):
    """The plan's partner list: keep or drop the chosen ones, add ticked search results, and find
    more by name (the search runs after saving, so nothing typed is lost)."""

    keep = forms.TypedMultipleChoiceField(
        label="Partnerkommunen des Plans",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Abwählen entfernt die Kommune aus dem Plan und aus allen Maßnahmen.",
    )
    search = forms.CharField(
        label="Partnerkommune suchen",
        max_length=80,
        required=False,
        help_text="Name oder Namensanfang, z. B. „Wurz“; danach die Treffer ankreuzen.",
    )
    add = IdsField(label="Treffer", coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    add_to_all = forms.BooleanField(
        label="Neue Partner bei allen Maßnahmen eintragen", required=False
    )

    def __init__(self, *args, partners=(), found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(m.pk, m.name) for m in partners]
        self.initial.setdefault("keep", [m.pk for m in partners])
        self.found = list(found)
        known = {m.pk for m in partners}
        self.fields["add"].choices = [
            (m.pk, f"{m.name} ({m.district.name})") for m in self.found if m.pk not in known
        ]

    def municipalities_to_add(self) -> list[int]:
        wanted = set(self.cleaned_data.get("add") or [])
        return list(
            Municipality.objects.active().filter(pk__in=wanted).values_list("pk", flat=True)
        )


class PlanItemForm(forms.ModelForm):
    partners = forms.TypedMultipleChoiceField(
        label="Partnerkommunen",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PlanItem
        fields = ["position", "priority", "status", "responsible", "target_quarter", "reason"]
        fields += ["notes"]
        widgets = {
            "position": forms.HiddenInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "reason": forms.TextInput,
        }
        labels = {"reason": "Begründung", "responsible": "Verantwortlich (Person oder Rolle)"}
        help_texts = {"responsible": ""}

    def __init__(self, *args, plan_partners=(), quarters=(), **kwargs):
        super().__init__(*args, **kwargs)
        quarters = list(quarters)
        current = self.instance.target_quarter
        if current and current not in dict(quarters):
            quarters.insert(0, (current, self.instance.target_quarter_label))
        self.fields["target_quarter"] = forms.ChoiceField(
            label="Zielquartal", choices=[("", "– offen –"), *quarters], required=False
        )
        own = list(self.instance.partners.all()) if self.instance.pk else []
        names = {m.pk: m.name for m in plan_partners}
        names.update({m.pk: m.name for m in own})
        self.fields["partners"].choices = sorted(names.items(), key=lambda choice: choice[1])
        self.initial.setdefault("partners", [m.pk for m in own])

    def save(self, commit=True):
        item = super().save(commit=commit)
        if commit:
            item.partners.set(self.cleaned_data.get("partners") or [])
        return item


class BasePlanItemFormSet(BaseModelFormSet):
    def __init__(self, *args, plan_partners=(), **kwargs):
        quarters = quarter_choices(years=4)
        kwargs["form_kwargs"] = {"plan_partners": plan_partners, "quarters": quarters}
        super().__init__(*args, **kwargs)

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


class PlanTitleForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title"]
        labels = {"title": "Titel des Plans"}
        help_texts = {"title": "Z. B. „Digitalisierung im Verbundraum Partheland 2026–2028“."}
