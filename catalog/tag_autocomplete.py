"""Tag autocomplete for the admin: pick existing tags as you type, or type a new one.

The field reuses the admin's own Select2 autocomplete (search over taggit's ``TagAdmin``) and
switches on Select2's ``tags`` mode, so a value that matches nothing becomes a new tag. Such a
name is sent as itself instead of an id, and shown again as a selected option whenever the form
comes back (a validation error, an editor's pending change), so nothing typed is lost.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from taggit.models import Tag


class TagAutocompleteWidget(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        ids = [item for item in value if item.isdigit()]
        groups = super().optgroups(name, ids, attr)
        options = groups[0][1]
        for new in dict.fromkeys(item for item in value if item.strip() and item not in ids):
            options.append(self.create_option(name, new, new, True, len(options)))
        return groups


class TagAutocompleteField(forms.ModelMultipleChoiceField):
    """Accepts tag ids (chosen from the list) and new tag names; cleans to a list of names."""

    def __init__(self, model_field, admin_site, **kwargs):
        widget = TagAutocompleteWidget(
            model_field, admin_site, attrs={"data-tags": "true", "data-token-separators": '[","]'}
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "Vorhandene Schlagwörter auswählen oder ein neues eintippen."
        )
        super().__init__(queryset=Tag.objects.all(), widget=widget, **kwargs)

    def clean(self, value):
        values = [str(item).strip() for item in (value or []) if str(item).strip()]
        if self.required and not values:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        ids = [item for item in values if item.isdigit()]
        existing = {str(tag.pk): tag.name for tag in Tag.objects.filter(pk__in=ids)}
        names = [existing.get(item, item) for item in values]
        too_long = [name for name in names if len(name) > 100]
        if too_long:
            raise forms.ValidationError(
                "Ein Schlagwort darf höchstens 100 Zeichen lang sein: %(name)s",
                params={"name": too_long[0][:40]},
                code="tag_too_long",
            )
        return list(dict.fromkeys(names))

    def has_changed(self, initial, data):
        initial_names = {getattr(tag, "name", str(tag)) for tag in (initial or [])}
        try:
            return initial_names != set(self.clean(data))
        except forms.ValidationError:
            return True
