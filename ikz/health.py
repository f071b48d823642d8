"""Monitoring endpoints.

``/healthz`` checks the database and the cache and answers ``200`` while the database works
(a failing cache only degrades speed) and ``503`` otherwise. ``/healthz/live`` is the
liveness probe: it touches neither, and the benchmark uses it as its floor, a trivial view
behind the same middleware as every page.
"""

import time

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from ikz.caching import cache_is_available


def _database_is_available() -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, 0.0
    return True, (time.perf_counter() - started) * 1000


@never_cache
def health(request):
    database_ok, database_ms = _database_is_available()
    cache_ok = cache_is_available()
    status = "ok" if database_ok and cache_ok else ("eingeschränkt" if database_ok else "fehler")
    return JsonResponse(
        {
            "status": status,
            "database": {"ok": database_ok, "latency_ms": round(database_ms, 2)},
            "cache": {"ok": cache_ok, "backend": type(caches["default"]).__name__},
        },
        status=200 if database_ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
def live(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
