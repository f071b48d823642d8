"""One rate limiter for every anonymous write (and the API's reads).

Each scope has a limit setting, read from the environment in ``ikz/settings.py`` through
``ikz.env.env_rate`` and listed in the README:

============================  ====================================  =============
scope                         setting (environment variable)        default
============================  ====================================  =============
``submission``                ``IKZ_RATE_SUBMISSIONS``              ``10/hour``
``interest-signal``           ``IKZ_RATE_INTEREST_SIGNALS``         ``5/hour``
``plan``                      ``IKZ_RATE_PLANS``                    ``20/hour``
``plan-edit``                 ``IKZ_RATE_PLAN_EDITS``               ``300/hour``
``api``                       ``IKZ_API_ANON_RATE``                 ``120/min``
============================  ====================================  =============

A client is the hashed address of ``editorial.security.client_key``. Counting is a fixed window
per client and scope in the shared cache (``add`` then ``incr``), so every worker sees the same
count.

When the shared cache cannot count (Redis down: ``SafeRedisCache.incr`` answers ``None``), the
rule is *soft, per process*: the request is counted in this process's memory instead (at most
``LOCAL_CLIENTS`` clients, oldest forgotten first), so each worker still holds the limit. A cache
outage therefore never answers 500 and never turns a limit off, it only multiplies the
allowance by the number of worker processes until Redis is back.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

from editorial.security import client_key
from ikz.env import parse_rate

SCOPES = {
    "submission": "IKZ_RATE_SUBMISSIONS",
    "interest-signal": "IKZ_RATE_INTEREST_SIGNALS",
    "plan": "IKZ_RATE_PLANS",
    "plan-edit": "IKZ_RATE_PLAN_EDITS",
    "api": "IKZ_API_ANON_RATE",
}
LOCAL_CLIENTS = 10_000


def rate(scope: str) -> tuple[int, int]:
    """(requests allowed, window in seconds) of ``scope``, read per call so tests can change it."""
    return parse_rate(getattr(settings, SCOPES[scope]))


class _LocalCounts:
    """Per-process fixed-window counts, used only while the shared cache cannot count."""

    def __init__(self):
        self.counts: OrderedDict[str, int] = OrderedDict()
        self.lock = threading.Lock()

    def incr(self, key: str) -> int:
        with self.lock:
            count = self.counts.pop(key, 0) + 1
            self.counts[key] = count
            while len(self.counts) > LOCAL_CLIENTS:
                self.counts.popitem(last=False)
            return count

    def clear(self) -> None:
        with self.lock:
            self.counts.clear()


local_counts = _LocalCounts()


def _window_key(request, scope: str) -> tuple[str, int]:
    _limit, seconds = rate(scope)
    window = int(time.time() // seconds)
    return f"ratelimit:{client_key(request, scope)}:{window}", seconds


def _shared_count(key: str, seconds: int) -> int | None:
    """This request counted in the shared cache; ``None`` when the cache cannot count."""
    cache.add(key, 0, seconds + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired (or never stored) between add and incr
        if cache.add(key, 1, seconds + 1):
            return 1
        return None


def count(request, scope: str) -> int:
    """Count one request of this client in ``scope``; the count in the current window."""
    key, seconds = _window_key(request, scope)
    counted = _shared_count(key, seconds)
    return local_counts.incr(key) if counted is None else counted


def hit(request, scope: str) -> bool:
    """Count this request; True while it is within the limit, False when it must be refused."""
    limit, _seconds = rate(scope)
    return count(request, scope) <= limit


def retry_after(scope: str) -> int:
    """Seconds until the current window of ``scope`` ends."""
    _limit, seconds = rate(scope)
    return max(1, int(seconds - time.time() % seconds))
