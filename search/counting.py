"""Counting searches without a database write per search, so a search page can come from the
page cache (``ikz.caching``) and still be counted.

The search view marks a countable response with the header ``SEARCH_RESULTS_HEADER`` (how many
results it found). ``SearchLogMiddleware`` sits just outside the page cache, so it sees that
header on rendered and on cached pages alike: it counts the search in this process's memory and
removes the header before the response leaves. Every ``SEARCH_LOG_FLUSH_SECONDS`` (checked at
the end of each request, and when the process exits) the pending counts are added to the log
(``SearchLogEntry.add``); each process adds its own, so several gunicorn workers sum up. A
process that is killed loses at most the counts of that interval; a database error keeps them
for the next try.
"""

import atexit
import logging
import time

from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError
from django.utils import timezone

from search.models import SearchLogEntry, normalise

logger = logging.getLogger(__name__)

SEARCH_RESULTS_HEADER = "X-Search-Results"
MAX_PENDING = 1000  # distinct queries kept before an early flush


class PendingSearches:
    """``{(query, day): [searches, results of the last search]}`` not yet in the log."""

    def __init__(self):
        self.counts: dict[tuple[str, object], list[int]] = {}
        self.flushed_at = time.monotonic()

    def add(self, query: str, results: int) -> None:
        query = normalise(query)
        if not query:
            return
        entry = self.counts.setdefault((query, timezone.localdate()), [0, results])
        entry[0] += 1
        entry[1] = results
        self.flush_if_due()

    def flush_if_due(self) -> None:
        if self.counts and (
            time.monotonic() - self.flushed_at >= settings.SEARCH_LOG_FLUSH_SECONDS
            or len(self.counts) >= MAX_PENDING
        ):
            self.flush()

    def flush(self) -> None:
        self.flushed_at = time.monotonic()
        while self.counts:
            (query, day), (searches, results) = next(iter(self.counts.items()))
            try:
                SearchLogEntry.add(query, day, searches, results)
            except DatabaseError as error:  # keep them for the next flush
                logger.warning("Suchprotokoll nicht geschrieben, später erneut: %s", error)
                return
            del self.counts[(query, day)]

    def clear(self) -> None:
        """Forget the pending counts and start a new interval (tests)."""
        self.counts.clear()
        self.flushed_at = time.monotonic()


pending_searches = PendingSearches()


def _flush_at_exit():
    try:
        pending_searches.flush()
    except Exception:  # the process is ending; never fail its exit
        logger.exception("Suchprotokoll beim Beenden nicht geschrieben")


atexit.register(_flush_at_exit)


def _flush_after_request(**kwargs):
    pending_searches.flush_if_due()


request_finished.connect(_flush_after_request, dispatch_uid="search-log-flush")


class SearchLogMiddleware:
    """Counts every GET whose response the search view marked, whether the page cache served it
    or the view rendered it (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        results = response.get(SEARCH_RESULTS_HEADER)
        if results is not None:
            del response[SEARCH_RESULTS_HEADER]
            if request.method == "GET":
                pending_searches.add(request.GET.get("q", ""), int(results))
        return response
