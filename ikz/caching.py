"""Whole-page cache for anonymous visitors, invalidated by a global content version.

Every change of public content (``ikz.invalidation.mark_content_changed``: editors' saves,
deletes and relation changes, bulk loads, approved interest signals) bumps one version token in
the cache; what visitors write (plans, submissions) does not, and their own pages are never
cached. Every stored page records the token it was rendered under and is served only while that
token is current, so the request after a change misses the cache and renders fresh content.
Each process also keeps the pages it served last in memory (``LocalPages``), checked against
the same token, so a hit moves only the token over the network.

What is never served from or stored in the cache:

- requests that may belong to a person: a session, messages or authorization header (editors,
  previews, a visitor who just sent a form and sees a confirmation);
- responses that set a cookie, carry a CSRF token (forms), are not ``200`` or are marked
  ``Cache-Control: private``/``no-store``/``no-cache``;
- paths under ``/admin/`` and ``/healthz``.

The cache is an optimisation, never a dependency: ``SafeRedisCache`` (the backend the settings
use for ``REDIS_URL``) turns a failing Redis into cache misses for every user of the cache (this
middleware, the rate limits of ``ikz.ratelimit`` …) and leaves Redis alone for
``CACHE_RETRY_SECONDS`` before trying again. Every method degrades: reads miss, writes are
dropped, and ``incr``/``decr`` answer ``None`` ("could not count"), which the rate limiter
handles by its documented rule.

A page is keyed on host, path, ``KEY_HEADERS`` and only the query parameters its view reads
(``ikz.page_keys``): ``?utm_source=…`` and other parameters nobody reads create no entry. Entries
are bounded per path: at most ``PAGE_CACHE_VARIANTS`` query variants of one path are stored per
content version and cache lifetime (a flood of ``?q=<random>`` stops filling Redis after that many),
and no page larger than ``PAGE_CACHE_MAX_BYTES`` is stored.

The page cache is on when ``PAGE_CACHE_SECONDS`` > 0. The settings turn it on by default only
with a shared backend (``REDIS_URL``): a local-memory cache lives inside one process, so with
several gunicorn workers a change seen by one worker would not invalidate the others.
"""

import hashlib
import logging
import time
import uuid
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers, set_response_etag

from ikz import page_keys

logger = logging.getLogger(__name__)

VERSION_KEY = "ikz:content-version"
VARIANTS_KEY = "ikz:page-variants"
CACHE_RETRY_SECONDS = 30
BYPASS_PATH_PREFIXES = ("/admin/", "/healthz")
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
# Request headers that are part of every key, so responses may vary by them (content
# negotiation, the list's fetch partial). A response varying by any other header is not stored;
# Cookie is covered by serving only cookieless requests, Accept-Language by the single language.
KEY_HEADERS = ("Accept", "X-Requested-With", "HX-Request")
HARMLESS_VARY = {"cookie", "accept-language", *(header.lower() for header in KEY_HEADERS)}

try:  # Redis is optional; without it only OS-level errors can occur.
    from redis.exceptions import RedisError

    CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)
except ImportError:  # pragma: no cover
    CACHE_ERRORS = (OSError,)


class _Breaker:
    """Remembers a failing cache backend so a dead Redis costs one error, not one per request."""

    down_until = 0.0

    @classmethod
    def is_open(cls) -> bool:
        return time.monotonic() < cls.down_until

    @classmethod
    def trip(cls, error: BaseException) -> None:
        logger.warning("Cache nicht erreichbar, Seiten werden ungecacht ausgeliefert: %s", error)
        cls.down_until = time.monotonic() + CACHE_RETRY_SECONDS

    @classmethod
    def reset(cls) -> None:
        cls.down_until = 0.0


def _safely(call, fallback):
    if _Breaker.is_open():
        return fallback
    try:
        return call()
    except CACHE_ERRORS as error:
        _Breaker.trip(error)
        return fallback


class _ReusingRedisCacheClient(RedisCacheClient):
    """Keeps one ``redis.Redis`` per connection pool instead of building one per cache call
    (building it costs about a third of a cached page's time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class SafeRedisCache(RedisCache):
    """Django's Redis cache, degrading to "no cache" while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingRedisCacheClient

    def get(self, key, default=None, version=None):
        parent = super()
        return _safely(lambda: parent.get(key, default, version), default)

    def get_many(self, keys, version=None):
        parent = super()
        return _safely(lambda: parent.get_many(keys, version), {})

    def has_key(self, key, version=None):
        parent = super()
        return _safely(lambda: parent.has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return _safely(lambda: parent.set(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return _safely(lambda: parent.set_many(data, timeout, version), list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return _safely(lambda: parent.add(key, value, timeout, version), False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return _safely(lambda: parent.touch(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super()
        return _safely(lambda: parent.delete(key, version), False)

    def delete_many(self, keys, version=None):
        parent = super()
        return _safely(lambda: parent.delete_many(keys, version), None)

    def clear(self):
        parent = super()
        return _safely(parent.clear, None)

    def incr(self, key, delta=1, version=None):
        """The new value; ``None`` when Redis is unreachable. A missing key still raises
        ``ValueError``, as in every Django cache. (``decr``, ``get_or_set`` and ``incr_version``
        of the base class go through the safe methods.)"""
        parent = super()
        return _safely(lambda: parent.incr(key, delta, version), None)


def safe_get(key: str, default=None):
    return _safely(lambda: cache.get(key, default), default)


def safe_set(key: str, value, timeout) -> bool:
    return _safely(lambda: cache.set(key, value, timeout) or True, False)


def cache_is_available() -> bool:
    """Round trip through the cache backend for ``/healthz``, past the breaker."""
    backend = caches["default"]
    plain = RedisCache if isinstance(backend, SafeRedisCache) else type(backend)
    key = "ikz:health"
    token = uuid.uuid4().hex
    try:
        plain.set(backend, key, token, 10)
        available = plain.get(backend, key) == token
    except CACHE_ERRORS:
        return False
    if available:
        _Breaker.reset()
    return available


# -- content version --------------------------------------------------------------------------


def content_version(known: str | None = None) -> str | None:
    """The current version token, created on first use; ``None`` when the cache is down."""
    version = known if known is not None else safe_get(VERSION_KEY)
    if version is None:
        _safely(lambda: cache.add(VERSION_KEY, uuid.uuid4().hex, None), False)
        version = safe_get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    safe_set(VERSION_KEY, uuid.uuid4().hex, None)


# -- middleware -------------------------------------------------------------------------------


class CachedPage(NamedTuple):
    """A stored response with the content version it was rendered under and the wall-clock
    time it expires (the same for the shared cache and every process's copy)."""

    version: str
    expires_at: float
    status: int
    headers: list
    content: bytes

    def is_current(self, version: str) -> bool:
        return self.version == version and time.time() < self.expires_at


class LocalPages:
    """The pages this process served last, up to ``PAGE_CACHE_LOCAL_BYTES``, least recently used
    first out. A hit then costs the version token's round trip instead of moving the whole page
    (a list page is 150 KB) out of Redis. Pages carry their version and expiry like those in the
    shared cache, so a change or ``PAGE_CACHE_SECONDS`` ends them the same way, in every process."""

    def __init__(self):
        self.entries: OrderedDict[str, CachedPage] = OrderedDict()
        self.size = 0

    def get(self, key: str, version: str) -> CachedPage | None:
        page = self.entries.get(key)
        if page is None or not page.is_current(version):
            return None
        self.entries.move_to_end(key)
        return page

    def put(self, key: str, page: CachedPage) -> None:
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        if len(page.content) > limit:
            return
        self.discard(key)
        self.entries[key] = page
        self.size += len(page.content)
        while self.size > limit:
            self.discard(next(iter(self.entries)))

    def discard(self, key: str) -> None:
        page = self.entries.pop(key, None)
        if page is not None:
            self.size -= len(page.content)

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


local_pages = LocalPages()


def _page_key(request, parameters: frozenset | str) -> str:
    """The cache key of a page: ``parameters`` are what ``page_keys.parameters_for`` names."""
    raw = "|".join(
        (request.get_host(), request.path, page_keys.key_query(request, parameters))
        + tuple(request.headers.get(header, "") for header in KEY_HEADERS)
    )
    # "3": keyed on the parameters a page reads (ikz.page_keys) instead of the full path.
    return f"ikz:page:3:{hashlib.sha256(raw.encode()).hexdigest()}"


def _room_for_variant(request, version: str, seconds: int) -> bool:
    """Count one more stored variant of this path; False once ``PAGE_CACHE_VARIANTS`` are in."""
    path = hashlib.sha256(f"{request.get_host()}|{request.path}".encode()).hexdigest()
    key = f"{VARIANTS_KEY}:{version}:{path}"
    _safely(lambda: cache.add(key, 0, seconds), False)
    try:
        stored = _safely(lambda: cache.incr(key), None)
    except ValueError:  # expired between add and incr
        stored = None
    return stored is not None and stored <= settings.PAGE_CACHE_VARIANTS


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PATH_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token (a form)
        return False
    vary = {header.strip().lower() for header in response.get("Vary", "").split(",")}
    if vary - HARMLESS_VARY - {""}:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(directive in cache_control for directive in PRIVATE_DIRECTIVES)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _request_is_cacheable(request):
            return self.get_response(request)
        # A stored page records the version it was rendered under and counts only while that
        # is still current. The version token is one small round trip; the page itself comes
        # from this process's memory when it was served here before, else from the cache.
        parameters = page_keys.parameters_for(request)
        key = _page_key(request, parameters)
        version = content_version()
        if version is None:  # cache backend down
            return self.get_response(request)
        page = local_pages.get(key, version)
        if page is None:
            page = safe_get(key)
            if page is not None and page.is_current(version):
                local_pages.put(key, page)
        if page is not None and page.is_current(version):
            response = HttpResponse(page.content, status=page.status, headers=page.headers)
            response["X-Page-Cache"] = "hit"
            return response
        recording = page_keys.start_recording(request)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and _response_is_cacheable(request, response)
            and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
            and not _reads_beyond_its_key(request, recording, parameters)
            and _room_for_variant(request, version, seconds)
        ):
            patch_vary_headers(response, ("Cookie",))
            if not response.has_header("ETag"):
                set_response_etag(response)  # once here, not on every hit
            page = CachedPage(
                version,
                time.time() + seconds,
                response.status_code,
                list(response.items()),
                response.content,
            )
            safe_set(key, page, seconds)
            local_pages.put(key, page)
            response["X-Page-Cache"] = "miss"
        return response


def _reads_beyond_its_key(request, recording, parameters) -> bool:
    """Whether the view read a parameter that is not part of the page's key (then the page
    is not stored). A name read one by one that ``ikz.page_keys`` does not list is a gap in that
    list and logged; copying the whole query string (links that keep it) is normal."""
    undeclared = page_keys.undeclared_reads(recording, parameters)
    named = undeclared & recording.read
    if named:
        logger.warning(
            "Seite %s liest Parameter, die nicht in ikz/page_keys.py stehen: %s",
            request.path,
            ", ".join(sorted(named)),
        )
    return bool(undeclared)
