"""Synonyms and "Meinten Sie …?" suggestions, both built from what the editors maintain.

Suggestions come from the catalogue's own words: titles of fields of action, measures, practice
examples and resources, glossary terms, tags and search terms. A query word that none of them
contains is replaced by the closest of them (RapidFuzz ``ratio``). On PostgreSQL, ``pg_trgm``'s
word similarity first picks the few texts with a similar word, so the vocabulary is never read
whole; on SQLite the vocabulary is read once per content version and kept in the cache.
"""

import re

from django.apps import apps
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from rapidfuzz import fuzz, process

from ikz.caching import content_version, safe_get, safe_set
from search.models import SearchTerm

MIN_LENGTH = 4  # shorter words are not corrected
MIN_RATIO = 80  # RapidFuzz ratio (0–100) a correction needs
TRIGRAM_THRESHOLD = 0.4
TEXTS_PER_SOURCE = 10
CACHE_SECONDS = 60 * 60
WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)

# (model, text column, only published rows)
SOURCES = (
    ("catalog.FieldOfAction", "title", True),
    ("catalog.Measure", "title", True),
    ("practice.PracticeExample", "title", True),
    ("catalog.Resource", "title", True),
    ("catalog.GlossaryTerm", "term", True),
    ("taggit.Tag", "name", False),
    ("search.SearchTerm", "term", False),
)


def _cached(name: str, compute):
    version = content_version()
    key = f"ikz:search:{name}:{version}"
    value = safe_get(key) if version else None
    if value is None:
        value = compute()
        if version:
            safe_set(key, value, CACHE_SECONDS)
    return value


SYNONYMS_KEY = "ikz:search:synonyms"


def current_synonyms() -> dict[str, list[str]]:
    """``{normalised term: [also finds, …]}``, cached until a search term is saved or deleted
    (``search.apps``)."""
    value = safe_get(SYNONYMS_KEY)
    if value is None:
        value = SearchTerm.objects.expansions()
        safe_set(SYNONYMS_KEY, value, CACHE_SECONDS)
    return value


def forget_synonyms(**kwargs) -> None:
    safe_set(SYNONYMS_KEY, None, 1)  # safe_* degrade when the cache is down


def _rows(model_path: str, column: str, published: bool):
    queryset = apps.get_model(model_path).objects.all()
    return queryset.published() if published else queryset


def _vocabulary() -> dict[str, str]:
    """Every catalogue word, lower case → as written."""
    words = {}
    for model_path, column, published in SOURCES:
        for text in _rows(model_path, column, published).values_list(column, flat=True):
            for word in WORD.findall(text):
                if len(word) >= MIN_LENGTH:
                    words.setdefault(word.lower(), word)
    return words


def _similar_texts(word: str) -> dict[str, str]:
    """PostgreSQL: the words of the few texts that contain a word spelt like ``word``."""
    words = {}
    for model_path, column, published in SOURCES:
        texts = (
            _rows(model_path, column, published)
            .annotate(similarity=TrigramWordSimilarity(word, column))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .order_by("-similarity")
            .values_list(column, flat=True)[:TEXTS_PER_SOURCE]
        )
        for text in texts:
            for found in WORD.findall(text):
                words.setdefault(found.lower(), found)
    return words


def correction(word: str, vocabulary: dict[str, str]) -> str | None:
    """The catalogue word closest to ``word``; None when ``word`` is known or nothing is close."""
    lower = word.lower()
    if len(lower) < MIN_LENGTH or not WORD.fullmatch(word):
        return None
    if any(lower in known for known in vocabulary):
        return None
    best = process.extractOne(lower, list(vocabulary), scorer=fuzz.ratio, score_cutoff=MIN_RATIO)
    return vocabulary[best[0]] if best else None


def suggest(query: str) -> str:
    """The query with its misspelt words corrected, or "" when there is nothing to correct."""
    words = [word.strip(".,;:!?()\"'„“") for word in query.split()]
    words = [word for word in words if word]
    if connection.vendor == "postgresql":
        corrected = [correction(word, _similar_texts(word)) for word in words]
    else:
        vocabulary = _cached("vocabulary", _vocabulary)
        corrected = [correction(word, vocabulary) for word in words]
    if not any(corrected):
        return ""
    return " ".join(fix or word for word, fix in zip(words, corrected, strict=True))


def related_fields(query: str, limit: int = 3) -> list:
    """Published fields of action whose title or measure titles resemble a query word (for the
    empty result page), best first; empty when none comes close."""
    from catalog.models import FieldOfAction, Measure

    words = [word.lower() for word in query.split() if len(word) >= MIN_LENGTH]
    if not words:
        return []
    fields = {field.pk: field for field in FieldOfAction.objects.published()}
    texts = {pk: [field.title.lower()] for pk, field in fields.items()}
    for field_id, title in Measure.objects.published().values_list("field_of_action", "title"):
        if field_id in texts:
            texts[field_id].append(title.lower())
    scores = {
        pk: max(fuzz.partial_ratio(word, text) for word in words for text in field_texts)
        for pk, field_texts in texts.items()
    }
    best = sorted((pk for pk in scores if scores[pk] >= MIN_RATIO), key=lambda pk: -scores[pk])
    return [fields[pk] for pk in best[:limit]]
