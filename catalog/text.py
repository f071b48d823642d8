from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def german_slugify(value: str) -> str:
    """``slugify`` that writes umlauts the German way: "Großpösna" → "grosspoesna"."""
    return slugify(value.translate(GERMAN_TRANSLITERATION))
