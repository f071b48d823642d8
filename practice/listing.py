"""The practice example list's answers from the in-memory index (facet counts, the page of
results, the map's counts, similar examples), and what other pages show of the examples, from
the database with the same rules: the examples per field of action and on the start page's map,
samples of a measure's or field's examples for their sheets. Those pages are often the first
after an editor's change and need no index.

``PracticeExampleFilter`` parses the parameters; ``ExampleListing`` answers the HTML list from
``practice.facet_index`` instead of SQL, because the list counts every option of eight facets
over thousands of examples (the measure list, with a few dozen rows, counts in SQL:
``catalog.measure_facets``). Text search stays in the database; its matches become one more
bitset.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.listing import Facet, FacetOption
from catalog.search import filter_by_text
from practice.facet_index import ExampleIndex, current_index
from practice.filters import PracticeExampleFilter
from practice.models import PracticeExample
from practice.rules import RULES, Sort


class Narrowing(NamedTuple):
    """How a long facet follows its parent facet (``ExampleListing.NARROWED``)."""

    parent: str  # the parent facet's name
    link: str  # the attribute of an option's row that holds its parent's pk
    top: int  # options shown while no parent is chosen …
    top_note: str  # … and what the facet then says (with %(count)d)
    within: int  # options shown at most with parents chosen
    within_note: str
    within_top_note: str  # with more than ``within`` (with %(count)d)


class ExampleListing:
    """The HTML list of practice examples for one ``PracticeExampleFilter``."""

    #: Facets whose options without examples are left out (unless chosen).
    HIDE_EMPTY = {"massnahme", "gemeinde", "schlagwort"}
    #: Long facets follow a parent facet: all 419 municipalities or the 37 measures with their
    #: long titles make a list nobody can scan and most of the page. With a district (field of
    #: action) chosen, its municipalities (measures) are listed; else the most frequent ones.
    NARROWED = {
        "gemeinde": Narrowing(
            "landkreis",
            "district_id",
            top=12,
            top_note=gettext_lazy(
                "Die %(count)d Gemeinden mit den meisten Beispielen. Wählen Sie einen Landkreis, "
                "um seine Gemeinden zu sehen."
            ),
            within=25,
            within_note=gettext_lazy("Gemeinden im gewählten Kreis."),
            within_top_note=gettext_lazy(
                "Die %(count)d Gemeinden im gewählten Kreis mit den meisten Beispielen."
            ),
        ),
        "massnahme": Narrowing(
            "handlungsfeld",
            "field_of_action_id",
            top=12,
            top_note=gettext_lazy(
                "Die %(count)d Maßnahmen mit den meisten Beispielen. Wählen Sie ein "
                "Handlungsfeld, um seine Maßnahmen zu sehen."
            ),
            within=25,
            within_note=gettext_lazy("Maßnahmen im gewählten Handlungsfeld."),
            within_top_note=gettext_lazy(
                "Die %(count)d Maßnahmen im gewählten Handlungsfeld mit den meisten Beispielen."
            ),
        ),
    }
    #: One line under a facet's legend that says what its options mean.
    NOTES = {
        "groesse": gettext_lazy(
            "Einwohner einer beteiligten Gemeinde (Zensus 2022): Ein Beispiel zählt zu jeder "
            "Größe, die eine seiner Gemeinden hat; landesweite Angebote zu keiner."
        ),
    }
    #: Tags grow with the catalogue; the list page shows the most frequent ones (plus the chosen).
    TAGS_SHOWN = 20

    def __init__(self, filterset: PracticeExampleFilter):
        self.filterset = filterset

    @cached_property
    def index(self) -> ExampleIndex:
        return current_index()

    @cached_property
    def _ranked_pks(self) -> list[int]:
        """The published examples matching ``q``, best first (the database does the search)."""
        ranked = filter_by_text(PracticeExample.objects.published(), self.filterset.text)
        pks = ranked.order_by(*Sort.RELEVANCE.ordering).values_list("pk", flat=True)
        return list(dict.fromkeys(pks))

    @cached_property
    def _constraints(self) -> tuple[int, dict[str, int]]:
        """The bits left by the filters that are not facets (text, years) and, per active
        facet, the union of its chosen options."""
        index, filterset = self.index, self.filterset
        data = filterset.cleaned_data
        fixed = index.all
        if filterset.text:
            fixed &= index.bits_of(self._ranked_pks)
        if data.get("von") is not None or data.get("bis") is not None:
            fixed &= index.years_between(data.get("von"), data.get("bis"))
        chosen = {
            name: index.union(name, selected)
            for name in filterset.FACETS
            if (selected := filterset.selected(name))
        }
        return fixed, chosen

    def matching_bits(self, exclude: str | None = None) -> int:
        """The examples every active filter (but ``exclude``) leaves, as index bits."""
        bits, chosen = self._constraints
        for name, union in chosen.items():
            if name != exclude:
                bits &= union
        return bits

    def facets(self) -> list[Facet]:
        """Every facet with the count each option would give together with the other filters."""
        facets = []
        for name in self.filterset.FACETS:
            others = self.matching_bits(exclude=name)
            selected = self.filterset.selected(name)
            options = [
                FacetOption(
                    option.value,
                    option.label,
                    (option.bits & others).bit_count(),
                    option.value in selected,
                )
                for option in self.index.facets[name].values()
            ]
            if name in self.HIDE_EMPTY:
                options = [option for option in options if option.count or option.selected]
            facet = Facet(name, str(self.filterset.filters[name].label), options)
            if name in self.NOTES:
                facet.note = str(self.NOTES[name])
            if name in self.NARROWED:
                self._narrow(facet, self.NARROWED[name])
            elif name == "schlagwort" and len(facet.options) > self.TAGS_SHOWN:
                facet.dynamic = True
                self._keep_top(facet, self.TAGS_SHOWN)
                facet.note = _(
                    "Die %(count)d häufigsten Schlagwörter der Treffer. Jedes Praxisbeispiel "
                    "verlinkt seine Schlagwörter."
                ) % {"count": self.TAGS_SHOWN}
            facets.append(facet)
        return facets

    def _narrow(self, facet: Facet, rule: Narrowing) -> None:
        """Keep the options whose row belongs to a chosen option of the rule's parent facet (at
        most ``rule.within``, those with the most examples), or, with none chosen, the
        ``rule.top`` options with the most examples. Chosen options always stay."""
        facet.dynamic = True
        rows = {value: option.row for value, option in self.index.facets[facet.name].items()}
        chosen = self.filterset.selected(rule.parent)
        parents = {
            option.row.pk
            for value, option in self.index.facets[rule.parent].items()
            if value in chosen
        }
        if parents:
            facet.options = [
                option
                for option in facet.options
                if option.selected or getattr(rows[option.value], rule.link) in parents
            ]
            limit, note, capped_note = rule.within, rule.within_note, rule.within_top_note
        else:
            limit, note, capped_note = rule.top, "", rule.top_note
        facet.note = str(note)
        if len(facet.options) > limit:
            self._keep_top(facet, limit)
            facet.note = capped_note % {"count": limit}

    @staticmethod
    def _keep_top(facet: Facet, limit: int) -> None:
        """Keep the ``limit`` options with the most examples (and every chosen one), in their
        order: a list page stays small at any data size."""
        top = sorted(facet.options, key=lambda option: -option.count)
        kept = {option.value for option in top[:limit]}
        facet.options = [o for o in facet.options if o.value in kept or o.selected]

    def map_counts(self) -> tuple[list, list]:
        """``(district, count)`` and ``(municipality, count)`` for the map: like a facet, every
        filter but the district's own, so a district's number is what a click on it shows."""
        others = self.matching_bits(exclude="landkreis")
        facets = self.index.facets
        districts = [
            (option.row, (option.bits & others).bit_count())
            for option in facets["landkreis"].values()
        ]
        municipalities = [
            (option.row, count)
            for option in facets["gemeinde"].values()
            if (count := (option.bits & others).bit_count())
        ]
        return districts, municipalities

    def results(self) -> "IndexedResults":
        """The filtered, sorted examples for the paginator (a page loads its rows)."""
        sort, index = self.filterset.sort_key, self.index
        if sort == Sort.RELEVANCE:
            order = [p for pk in self._ranked_pks if (p := index.position(pk)) is not None]
        elif sort == Sort.NEWEST:
            order = None  # the index's own order
        else:
            order = index.order(sort)
        return IndexedResults(index, self.matching_bits(), order)


class IndexedResults:
    """A sequence for Django's Paginator: the count and a page's pks come from the index, the
    rows of that page from the database (``PracticeExampleQuerySet.for_results``)."""

    def __init__(self, index: ExampleIndex, bits: int, order):
        self.index, self.bits, self.order = index, bits, order

    def count(self) -> int:
        return self.bits.bit_count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("IndexedResults supports only slices without a step.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        pks = self.index.page(self.bits, start, max(stop - start, 0), self.order)
        if not pks:
            return []
        # Lazy: the rows are loaded only when the results block is rendered rather than taken
        # from the fragment cache ({% revision_cache %}).
        return SimpleLazyObject(lambda: self.rows(pks))

    @staticmethod
    def rows(pks: list[int]) -> list[PracticeExample]:
        rows = PracticeExample.objects.published().for_results().in_bulk(pks)
        page = [rows[pk] for pk in pks if pk in rows]
        for example in page:
            fields = {measure.field_of_action for measure in example.measures.all()}
            example.listed_fields = sorted(fields, key=lambda field: field.number)
        return page


def similar_examples(example: PracticeExample, limit: int) -> list[PracticeExample]:
    """Published examples sharing the most of ``example``'s measures, Saxon ones first, newest
    first among those sharing as many (cards: ``for_list``)."""
    measures = [measure.slug for measure in example.measures.all()]
    similar = current_index().similar(example.pk, measures, limit)
    rows = PracticeExample.objects.published().for_list().in_bulk(similar)
    return [rows[pk] for pk in similar if pk in rows]


def counts_in_database(facet: str) -> dict:
    """``{option key: number of published examples}`` for a facet with link rows (fields of
    action, districts, municipalities), counted by the database with the facet's rule
    (``practice.rules``) in one query: the index's option counts without the filters."""
    rule = RULES[facet]
    return dict(
        rule.rows()
        .filter(**{f"{rule.example}__in": PracticeExample.objects.published()})
        .order_by()
        .values(rule.key)
        .annotate(total=Count(rule.example, distinct=True))
        .values_list(rule.key, "total")
    )


def with_example_counts(fields) -> list:
    """The fields of action, each with ``example_count``: its published practice examples
    (through its published measures). The start page is often the first page after an
    editor's change; counted by the database, it needs no list index (a quarter of a second at
    10,000 examples, in every worker)."""
    counts = counts_in_database("handlungsfeld")
    fields = list(fields)
    for field in fields:
        field.example_count = counts.get(field.pk, 0)
    return fields


def map_counts_of_all() -> tuple[list, list]:
    """``ExampleListing.map_counts`` without any filter (the start page's map), counted by the
    database like ``with_example_counts``."""

    def counted(facet):
        counts = counts_in_database(facet)
        options = PracticeExampleFilter.facet_options(facet)
        return [(row, counts.get(key, 0)) for key, _value, _label, row in options]

    return counted("landkreis"), [(row, count) for row, count in counted("gemeinde") if count]


@dataclass
class ExampleSample:
    """The first published examples of one option of the list's facets (a measure, a field of
    action), how many there are and the list filtered by that option, which shows them all."""

    examples: list[PracticeExample]
    total: int
    list_url: str

    @property
    def more(self) -> int:
        return self.total - len(self.examples)


def examples_of(facet: str, row, limit: int, cards: bool = True) -> ExampleSample:
    """A sample of ``limit`` published examples of one option of the list's facets (its model
    ``row``: a measure, a field of action) in the list's default order (``Sort.default``), how
    many there are and the list filtered by it, so sheets stay short at any number of examples.

    Answered by the database with the list's rules (``practice.rules``) in one query (each row
    carries the number of all), for cards (``for_list``, plus their prefetches) or only to be
    named and linked. Sheets are often the first pages after an editor's change; unlike the list
    they need no in-memory index (a quarter of a second at 10,000 examples, in every worker)."""
    matching = (
        RULES[facet]
        .filter(PracticeExample.objects.published(), [row])
        .order_by(*Sort.default("").ordering)
    )
    shown = matching.for_list() if cards else matching.only("slug", "title")
    examples = list(shown.annotate(matching=Window(Count("pk")))[:limit])
    total = examples[0].matching if examples else 0
    return ExampleSample(examples, total, _list_url(facet, row.slug))


def _list_url(facet: str, value: str) -> str:
    return f"{reverse('practice:example-list')}?{urlencode({facet: value})}"
