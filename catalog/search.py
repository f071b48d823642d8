"""One search over the catalogue: ``search(query, user)`` and ``filter_by_text(queryset, text)``.

PostgreSQL: full-text search with the ``german`` configuration over a stored, weighted
``search_vector`` (title A, summary B, body C) with a GIN index, ``websearch`` queries,
``SearchRank`` and ``SearchHeadline`` snippets; when nothing matches at all, a trigram word
similarity on the titles catches typos ("Digitalisirung").

The vectors are kept up to date by database triggers (migration ``catalog 0002`` and
``practice 0002``), not in ``save()``: so ``QuerySet.update()``, bulk imports and ``loaddata`` keep
them current too, and the weighting lives next to the data. ``SEARCH_TYPES`` below lists the same
fields the triggers use.

SQLite (development, the default test run): the same interface with case-insensitive matching of
every word and a simple snippet cut around the first match.

On both, each word also finds what the editors' synonyms say (``search.SearchTerm``); the search
page falls back to rows matching most words and suggests corrected spellings (``search.suggest``).
"""

import functools
import operator
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from catalog.formatting import plain_text
from practice.rules import Sort
from search.models import normalise
from search.suggest import current_synonyms, suggest

CONFIG = "german"
RESULTS_PER_TYPE = 20
SIMILARITY_THRESHOLD = 0.4
SNIPPET_CHARS = 220
# Marker characters the database puts around matches; replaced by <mark> after escaping.
MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    model_path: str
    title: str
    summary: tuple[str, ...]
    body: tuple[str, ...]
    select_related: tuple[str, ...] = ()
    list_url_name: str = ""  # a list page that filters with ``q`` too
    first: tuple = ()  # ``order_by`` terms before the rank (practice examples: Saxon first)

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    @property
    def text_fields(self) -> tuple[str, ...]:
        return (self.title, *self.summary, *self.body)


SEARCH_TYPES = (
    SearchType(
        "fields",
        "Handlungsfelder",
        "catalog.FieldOfAction",
        "title",
        ("summary",),
        ("goal", "description"),
    ),
    SearchType(
        "measures",
        "Maßnahmen",
        "catalog.Measure",
        "title",
        ("summary",),
        ("description", "steps", "prerequisites", "benefits", "risks"),
        select_related=("field_of_action",),
        list_url_name="catalog:measure-list",
    ),
    SearchType(
        "examples",
        "Praxisbeispiele",
        "practice.PracticeExample",
        "title",
        ("summary",),
        ("description", "results", "lessons_learned", "other_partners"),
        list_url_name="practice:example-list",
        first=Sort.RELEVANCE.ordering[:1],
    ),
    SearchType(
        "resources",
        "Werkzeuge und Ressourcen",
        "catalog.Resource",
        "title",
        ("description",),
        ("publisher",),
    ),
    SearchType("glossary", "Glossar", "catalog.GlossaryTerm", "term", ("definition",), ()),
)
SEARCH_TYPE_BY_MODEL = {search_type.model_path.lower(): search_type for search_type in SEARCH_TYPES}


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _search_type_for(model) -> SearchType:
    return SEARCH_TYPE_BY_MODEL[model._meta.label_lower]


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[\s\"]+", text) if word and word.upper() != "OR"][:10]


def word_groups(text: str, synonyms: dict[str, list[str]] | None = None) -> list[list[str]]:
    """Each query word with what editors said it should also find (``search.SearchTerm``).

    A term of several words matches the whole query; single-word terms match each word.
    """
    if synonyms is None:
        synonyms = current_synonyms()
    whole = normalise(text)
    if whole in synonyms and " " in whole:
        return [[text.strip(), *synonyms[whole]]]
    return [[word, *synonyms.get(normalise(word), [])] for word in _words(text)]


def filter_by_text(queryset, text: str, *, any_word=False, groups=None):
    """Only rows matching ``text``, annotated with ``rank`` (higher is better).

    Every word (or one of its synonyms) must match; with ``any_word`` one word is enough and the
    rows are annotated with ``matched``, the number of words they match, to be ordered by first.
    """
    search_type = _search_type_for(queryset.model)
    groups = word_groups(text) if groups is None else groups
    if uses_postgres():
        queries = [_pg_group_query(group) for group in groups]
        if not any_word and all(len(group) == 1 for group in groups):
            query = SearchQuery(text, search_type="websearch", config=CONFIG)
        else:
            query = _combined(queries, any_word) or SearchQuery(text, config=CONFIG)
        matches = queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        conditions = [Q(search_vector=group_query) for group_query in queries]
    else:
        conditions = [_group_condition(search_type.text_fields, group) for group in groups]
        first_word = (_words(text) or [""])[0]
        matches = queryset.filter(_combined(conditions, any_word) or Q()).annotate(
            rank=Case(
                When(**{f"{search_type.title}__icontains": first_word}, then=Value(1.0)),
                When(_any_field_contains(search_type.summary, first_word), then=Value(0.5)),
                default=Value(0.1),
                output_field=FloatField(),
            )
        )
    if any_word:
        matched = [Case(When(condition, then=1), default=0) for condition in conditions]
        matches = matches.annotate(matched=sum(matched[1:], matched[0]) if matched else Value(0))
    return matches


def _combined(parts, any_word):
    """The parts joined with OR (``any_word``) or AND; None for no parts."""
    parts = list(parts)
    if not parts:
        return None
    return functools.reduce(operator.or_ if any_word else operator.and_, parts)


def _pg_group_query(group: list[str]):
    return _combined([SearchQuery(alternative, config=CONFIG) for alternative in group], True)


def _group_condition(fields, group: list[str]) -> Q:
    """A word or any of its synonyms; a synonym of several words needs all of them."""
    condition = Q()
    for alternative in group:
        every_word = Q()
        for word in alternative.split():
            every_word &= _any_field_contains(fields, word)
        condition |= every_word
    return condition


def _any_field_contains(fields, word) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": word})
    return condition


# -- the search page ---------------------------------------------------------------------------


@dataclass
class Hit:
    object: object
    title: str
    url: str
    snippet: str


@dataclass
class ResultGroup:
    key: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more than RESULTS_PER_TYPE matched
    list_url: str = ""  # the filterable list with the same query, for "all results"

    def set_hits(self, hits: list[Hit]) -> None:
        self.hits, self.more = hits[:RESULTS_PER_TYPE], len(hits) > RESULTS_PER_TYPE


@dataclass
class SearchResults:
    query: str
    groups: list[ResultGroup] = field(default_factory=list)
    fuzzy: bool = False  # True when the results come from the typo-tolerant fallback
    any_word: bool = False  # True when no row matched every word: rows matching most words
    suggestion: str = ""  # "Meinten Sie …?": the query with misspelt words corrected

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)

    @property
    def more(self) -> bool:
        return any(group.more for group in self.groups)

    @property
    def non_empty_groups(self) -> list[ResultGroup]:
        return [group for group in self.groups if group.hits]

    @property
    def suggestion_url(self) -> str:
        return f"{reverse('catalog:search')}?{urlencode({'q': self.suggestion})}"


def search(query: str, user) -> SearchResults:
    """Search every content type the user may see; results grouped by type, best first.

    Never a dead end if it can be helped: when no row matches every word, the rows matching most
    words; on PostgreSQL then titles spelt alike; and, whenever every word did not match, a
    corrected query from the catalogue's own words ("Meinten Sie …?", ``search.suggest``).
    """
    query = " ".join(query.split())[:200]
    results = SearchResults(query=query)
    if not query:
        return results
    groups = word_groups(query)
    bases = []
    for search_type in SEARCH_TYPES:
        base = search_type.model.objects.visible_to(user).select_related(
            *search_type.select_related
        )
        bases.append(base)
        group = ResultGroup(search_type.key, search_type.label)
        if search_type.list_url_name:
            group.list_url = f"{reverse(search_type.list_url_name)}?{urlencode({'q': query})}"
        group.set_hits(_full_text(base, search_type, query, groups))
        results.groups.append(group)
    if results.total:
        return results
    results.suggestion = suggest(query)
    if len(groups) > 1:
        results.any_word = True
        for group, search_type, base in zip(results.groups, SEARCH_TYPES, bases, strict=True):
            group.set_hits(_full_text(base, search_type, query, groups, any_word=True))
    if results.total == 0 and uses_postgres():
        results.any_word, results.fuzzy = False, True
        for group, search_type, base in zip(results.groups, SEARCH_TYPES, bases, strict=True):
            group.set_hits(_similar(base, search_type, query))
    return results


def _full_text(base, search_type: SearchType, query: str, groups, any_word=False) -> list[Hit]:
    matches = filter_by_text(base, query, groups=groups, any_word=any_word)
    ordering = (*search_type.first, "-rank", search_type.title)
    if any_word:
        ordering = ("-matched", *ordering)
    matches = matches.order_by(*ordering)
    if uses_postgres():
        text = _joined([*search_type.summary, *search_type.body])
        matches = matches.annotate(
            headline=SearchHeadline(
                text,
                _headline_query(query, groups),
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        return [
            _hit(row, search_type, _marked_to_html(row.headline))
            for row in matches[: RESULTS_PER_TYPE + 1]
        ]
    words = [word for group in groups for alternative in group for word in alternative.split()]
    return [
        _hit(row, search_type, _simple_snippet(row, search_type, words))
        for row in matches[: RESULTS_PER_TYPE + 1]
    ]


def _headline_query(query: str, groups):
    """Highlight every word and synonym that may have matched."""
    if all(len(group) == 1 for group in groups):
        return SearchQuery(query, search_type="websearch", config=CONFIG)
    return _combined([_pg_group_query(group) for group in groups], True)


def _similar(base, search_type: SearchType, query: str) -> list[Hit]:
    rows = (
        base.annotate(similarity=TrigramWordSimilarity(query, search_type.title))
        .filter(similarity__gte=SIMILARITY_THRESHOLD)
        .order_by("-similarity", search_type.title)[: RESULTS_PER_TYPE + 1]
    )
    return [_hit(row, search_type, _simple_snippet(row, search_type, [])) for row in rows]


def _joined(names):
    """The named text columns joined with spaces, as one expression."""
    if len(names) == 1:
        return F(names[0])
    parts = [F(names[0])]
    for name in names[1:]:
        parts += [Value(" "), F(name)]
    return Concat(*parts, output_field=TextField())


def _hit(row, search_type: SearchType, snippet: str) -> Hit:
    title = getattr(row, search_type.title)
    if search_type.key == "measures":
        title = f"{row.code} {title}"
    elif search_type.key == "fields":
        title = f"{row.number}. {title}"
    return Hit(object=row, title=title, url=row.get_absolute_url(), snippet=snippet)


def _marked_to_html(text: str) -> str:
    """Escape the database's headline and turn the marker characters into ``<mark>``."""
    plain = plain_text(text)
    html = escape(plain).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308  (escaped above; only our own tags added)


def _simple_snippet(row, search_type: SearchType, words: list[str]) -> str:
    """The first summary/body passage containing a query word, with the words marked."""
    texts = [plain_text(getattr(row, name)) for name in (*search_type.summary, *search_type.body)]
    texts = [text for text in texts if text]
    if not texts:
        return ""
    pattern = (
        re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None
    )
    chosen, start = texts[0], 0
    if pattern:
        for text in texts:
            match = pattern.search(text)
            if match:
                chosen, start = text, max(0, match.start() - SNIPPET_CHARS // 3)
                break
    if start:
        # Begin and end at word boundaries.
        start = chosen.find(" ", start) + 1 or start
    excerpt = chosen[start : start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(chosen) and " " in excerpt:
        excerpt = excerpt[: excerpt.rfind(" ")]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(chosen) else ""
    html = escape(excerpt)
    if pattern:
        escaped_pattern = re.compile(
            "|".join(re.escape(escape(word)) for word in words), re.IGNORECASE
        )
        html = escaped_pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html)
    return mark_safe(prefix + html + suffix)  # noqa: S308  (escaped above)
