"""Create or correct one bundled item without overwriting what editors changed.

``ContentUpsert`` is the loader's write rule (``catalog.content_loader`` reads the bundled files and
calls it per item). A new item is created. With ``update=True`` an existing item takes the bundled
value of a field only while the field still holds what the loader last wrote there: the item's
history tells which value that was (the loader's saves carry ``LOADER_REASON``; saves without a
user and without a reason are the loader's too, from before the reason existed). A field an editor
changed keeps the editor's value and is listed in the report, and the relations of an item an
editor ever saved stay as they are. Models without history are overwritten.
"""

from dataclasses import dataclass, field

from django.db.models import Q

LOADER_REASON = "Mitgelieferte Inhalte (load_content)"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # "label slug: fields" an editor changed

    def count(self, bucket: str, label: str) -> None:
        counts = getattr(self, bucket)
        counts[label] = counts.get(label, 0) + 1

    def lines(self) -> list[str]:
        labels = list(dict.fromkeys([*self.created, *self.updated, *self.unchanged]))
        return [
            f"{label}: {self.created.get(label, 0)} neu, {self.updated.get(label, 0)} "
            f"aktualisiert, {self.unchanged.get(label, 0)} unverändert"
            for label in labels
        ] + [f"Von der Redaktion geändert, beibehalten: {entry}" for entry in self.kept]


def _raw(value):
    """A bundled value as the database column holds it (a related object by its key)."""
    return value.pk if hasattr(value, "_meta") else value


def _value(obj, name: str):
    """The stored value of field ``name`` on a model instance or a historical record."""
    attname = obj._meta.get_field(name).attname if hasattr(obj, "_meta") else name
    return getattr(obj, attname)


class ContentUpsert:
    """The write rule above, counting every item in ``self.report``."""

    def __init__(self, *, update: bool = False):
        self.update = update
        self.report = LoadReport()

    def upsert(self, model, label: str, lookup: dict, values: dict):
        """Create or (with ``update``) correct one item; returns ``(obj, relations_writable)``."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            self._save(obj)
            self.report.count("created", label)
            return obj, True
        if not self.update:
            self.report.count("unchanged", label)
            return obj, False
        editable, edited = self._fields_the_loader_owns(obj, values)
        if edited:
            self.report.kept.append(f"{label} {next(iter(lookup.values()))}: {', '.join(edited)}")
        changed = [name for name in editable if _value(obj, name) != _raw(values[name])]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            self._save(obj)
        self.report.count("updated" if changed else "unchanged", label)
        return obj, not self._edited_by_editor(obj)

    @staticmethod
    def _save(obj) -> None:
        obj._change_reason = LOADER_REASON
        obj.save()

    @staticmethod
    def _loader_records(obj):
        return obj.history.filter(
            Q(history_change_reason=LOADER_REASON)
            | Q(history_user__isnull=True, history_change_reason__isnull=True)
        )

    def _fields_the_loader_owns(self, obj, values: dict) -> tuple[list[str], list[str]]:
        """Split ``values`` into fields still as the loader left them and fields an editor set."""
        if not hasattr(obj, "history"):
            return list(values), []
        baseline = self._loader_records(obj).order_by("-history_date", "-history_id").first()
        if baseline is None:  # only editors ever saved it
            return [], [name for name in values if _value(obj, name) != _raw(values[name])]
        owned, edited = [], []
        for name in values:
            (owned if _value(obj, name) == _value(baseline, name) else edited).append(name)
        return owned, [name for name in edited if _value(obj, name) != _raw(values[name])]

    def _edited_by_editor(self, obj) -> bool:
        if not hasattr(obj, "history"):
            return False
        return obj.history.exclude(pk__in=self._loader_records(obj).values("pk")).exists()
