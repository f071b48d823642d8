"""An in-memory index of the published practice examples: the list's facets, counts and pages.

The list counts, for every option of eight facets, how many examples the other active filters
leave. In SQL every such count reads all link rows, so the page grew with the catalogue (0.9 s at
10,000 examples, 3 s at 100,000; docs/PERFORMANCE.md). Here every option keeps the set of its
examples as a bitset, a Python ``int`` whose bit *i* stands for the *i*-th published example in
newest-first order. A count is an AND and a popcount over N/64 machine words, the result set is
the AND of the chosen options, and a page of results is found by walking its set bits.

Each process builds the index once per content revision (``ContentRevision``: one row in the
database, bumped by every change of catalogue or practice content, so every worker on every
server sees it); a request costs one primary-key query to check it. Text search (``q``) stays in
the database; its matches become one more bitset. What an option matches is read from the rules
the SQL filters apply, too (``practice.rules``), and the options are the filters' own
(``practice.filters``); ``tests/practice/test_facet_index.py`` holds the index to the SQL filters
for random filter combinations. ``practice.listing`` answers the list's questions from it.
"""

import bisect
import threading
from array import array
from dataclasses import dataclass
from itertools import compress

from practice.filters import PracticeExampleFilter
from practice.models import ContentRevision, PracticeExample
from practice.rules import RULES, Sort

#: Positions per chunk when skipping to a page (a multiple of 8).
CHUNK_BITS = 4096


@dataclass(frozen=True)
class IndexOption:
    """One option of a facet: its value in the URL, its label and the examples it matches."""

    value: str
    label: str
    bits: int
    #: The model row behind the option (districts and municipalities draw the map).
    row: object = None


class Bitset:
    """Helpers for sets of positions kept as ``int``."""

    @staticmethod
    def of(positions, size: int) -> int:
        buffer = bytearray((size + 7) // 8)
        for position in positions:
            buffer[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(buffer, "little")

    @staticmethod
    def positions(bits: int, size: int, offset: int = 0, limit: int | None = None) -> list[int]:
        """Positions of the set bits in ascending order, from the ``offset``-th on."""
        found = []
        data = bits.to_bytes((size + 7) // 8, "little")
        chunk_bytes = CHUNK_BITS // 8
        for start in range(0, len(data), chunk_bytes):
            chunk = data[start : start + chunk_bytes]
            in_chunk = int.from_bytes(chunk, "little").bit_count()
            if offset >= in_chunk:
                offset -= in_chunk
                continue
            for index, byte in enumerate(chunk):
                while byte:
                    lowest = byte & -byte
                    if offset:
                        offset -= 1
                    else:
                        found.append((start + index) * 8 + lowest.bit_length() - 1)
                        if limit is not None and len(found) >= limit:
                            return found
                    byte ^= lowest
        return found


class ExampleIndex:
    """The published practice examples as bitsets per facet option (see the module docstring)."""

    def __init__(self, revision: str):
        self.revision = revision
        published = PracticeExample.objects.published()
        # the example columns the rules without link rows read (form, status)
        columns = {name: rule.key for name, rule in RULES.items() if rule.rows is None}
        rows = list(
            published.order_by(*Sort.NEWEST.ordering).values_list(
                "pk", "start_year", *columns.values()
            )
        )
        self.size = size = len(rows)
        self.ids = array("q", (row[0] for row in rows))
        # pk -> position by binary search over the sorted pks (a dict of 100,000 ints costs MBs).
        pairs = sorted((pk, position) for position, pk in enumerate(self.ids))
        self._sorted_pks = array("q", (pk for pk, _ in pairs))
        self._positions_by_pk = array("l", (position for _, position in pairs))
        self.all = (1 << size) - 1

        # The dict is for the build only: looked up 1.7 million times at 100,000 examples,
        # bisect cost 4 s of 5.
        position_of = {pk: position for position, pk in enumerate(self.ids)}

        def grouped(pairs) -> dict:
            """``key -> bitset`` from (example pk, key) pairs of published examples, set byte by
            byte."""
            buffers: dict = {}
            length = (size + 7) // 8
            for pk, key in pairs:
                position = position_of.get(pk)
                if position is None:
                    continue
                buffer = buffers.get(key)
                if buffer is None:
                    buffer = buffers[key] = bytearray(length)
                buffer[position >> 3] |= 1 << (position & 7)
            return {key: int.from_bytes(buffer, "little") for key, buffer in buffers.items()}

        self.facets: dict[str, dict[str, IndexOption]] = {}
        for name, rule in RULES.items():
            if name in columns:
                column = 2 + list(columns).index(name)
                pairs = ((row[0], row[column]) for row in rows)
            else:
                pairs = rule.pairs()
            bits = grouped(rule.options(pairs))
            self.facets[name] = {
                value: IndexOption(value, label, bits.get(key, 0), row)
                for key, value, label, row in PracticeExampleFilter.facet_options(name)
            }
        self.years = grouped((row[0], row[1]) for row in rows if row[1] is not None)
        self._orders = {}

    # -- lookups ---------------------------------------------------------------------------------

    def position(self, pk: int) -> int | None:
        index = bisect.bisect_left(self._sorted_pks, pk)
        if index < len(self._sorted_pks) and self._sorted_pks[index] == pk:
            return self._positions_by_pk[index]
        return None

    def bits_of(self, pks) -> int:
        """The bitset of the given example pks (unpublished ones are left out)."""
        positions = (self.position(pk) for pk in pks)
        return Bitset.of((p for p in positions if p is not None), self.size)

    def years_between(self, start: int | None, end: int | None) -> int:
        """Examples whose start year lies in [start, end] (an open bound is no bound)."""
        bits = 0
        for year, year_bits in self.years.items():
            if (start is None or year >= start) and (end is None or year <= end):
                bits |= year_bits
        return bits

    def union(self, facet: str, values) -> int:
        options = self.facets[facet]
        bits = 0
        for value in values:
            if value in options:
                bits |= options[value].bits
        return bits

    # -- orders ----------------------------------------------------------------------------------

    def order(self, sort: Sort) -> array:
        """Positions in the order of ``sort``: a leading option's examples first, then the
        rest, each newest first (``Sort.leading``, from the bitsets), or as the database sorts
        them (title, start)."""
        if sort not in self._orders:
            if sort.leading and sort.ordering[1:] == Sort.NEWEST.ordering:
                facet, option = sort.leading
                first = self.facets[facet][option].bits
                positions = [
                    *Bitset.positions(first, self.size),
                    *Bitset.positions(self.all & ~first, self.size),
                ]
            else:
                ordered = PracticeExample.objects.published().order_by(*sort.ordering)
                pks = ordered.values_list("pk", flat=True)
                positions = (p for pk in pks if (p := self.position(pk)) is not None)
            self._orders[sort] = array("l", positions)
        return self._orders[sort]

    def page(self, bits: int, offset: int, limit: int, order=None) -> list[int]:
        """The pks of ``limit`` results from ``offset`` on; ``order`` is a sequence of positions
        (default: newest first, the index's own order)."""
        if limit <= 0:
            return []
        if order is None:
            positions = Bitset.positions(bits, self.size, offset, limit)
        else:
            data = bits.to_bytes((self.size + 7) // 8, "little")
            wanted = ((data[p >> 3] >> (p & 7)) & 1 for p in order)
            positions = []
            for position in compress(order, wanted):
                if offset:
                    offset -= 1
                    continue
                positions.append(position)
                if len(positions) >= limit:
                    break
        return [self.ids[position] for position in positions]

    def similar(self, pk: int, measures, limit: int, sort: Sort = Sort.SAXONY_FIRST) -> list[int]:
        """The pks of the examples sharing the most of ``measures`` (slugs) with example ``pk``,
        newest first among those sharing as many; ``pk`` itself is left out. With a leading
        option (``Sort.SAXONY_FIRST``) its examples come first, ranked the same way."""
        position = self.position(pk)
        candidates = self.all if position is None else self.all & ~(1 << position)
        if not sort.leading:
            return self._sharing_most(measures, candidates, limit)
        facet, option = sort.leading
        first = self.facets[facet][option].bits
        found = self._sharing_most(measures, candidates & first, limit)
        return found + self._sharing_most(measures, candidates & ~first, limit - len(found))

    def _sharing_most(self, measures, others: int, limit: int) -> list[int]:
        if limit <= 0:
            return []
        options = self.facets["massnahme"]
        sets = [options[slug].bits for slug in measures if slug in options]
        # at_least[k]: the examples sharing more than k of the measures
        at_least = [0] * len(sets)
        for bits in sets:
            for k in range(len(sets) - 1, 0, -1):
                at_least[k] |= at_least[k - 1] & bits
            at_least[0] |= bits
        found, shared_more = [], 0
        for bits in reversed(at_least):
            found += self.page(bits & others & ~shared_more, 0, limit - len(found))
            if len(found) >= limit:
                break
            shared_more = bits
        return found


_lock = threading.Lock()
_current: ExampleIndex | None = None


def current_index() -> ExampleIndex:
    """This process's index for the current content revision, rebuilt after every change."""
    global _current
    revision = ContentRevision.current()
    index = _current
    if index is None or index.revision != revision:
        with _lock:
            if _current is None or _current.revision != revision:
                _current = ExampleIndex(revision)
            index = _current
    return index


def reset() -> None:
    """Forget this process's index (tests; the next request builds it anew)."""
    global _current
    _current = None
