import unicodedata

from django.db import models
from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(value: str) -> str:
    """``slugify`` that writes umlauts the German way: "Großpösna" → "grosspoesna"."""
    return slugify(value.translate(GERMAN_TRANSLITERATION))


def normalise_text(value: str) -> str:
    """Text as every save path stores it: Unix line endings, composed umlauts (NFC), no
    whitespace around the whole text. The admin's text boxes send "\\r\\n", spreadsheets
    "\\n" or "\\r": without this, an unchanged spreadsheet would "change" an edited item."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.strip()


TEXT_FIELDS = models.CharField | models.TextField


def normalised(field, value):
    """``value`` as a save stores it in ``field``: text columns through :func:`normalise_text`."""
    if isinstance(value, str) and isinstance(field, TEXT_FIELDS) and not field.choices:
        return normalise_text(value)
    return value


def normalise_text_fields(instance) -> None:
    """Apply :func:`normalise_text` to every text column of a model instance before saving."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, TEXT_FIELDS):
            setattr(instance, field.attname, normalised(field, getattr(instance, field.attname)))
