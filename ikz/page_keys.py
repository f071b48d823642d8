"""Which query parameters make a page a different page for the page cache (``ikz.caching``).

A cached page is stored under its host, path, the key headers and **only the query parameters its
view reads**: what the resolved view's class declares (the filters of its ``filterset_class``, its
page parameter, DRF's ``format`` and page size) plus the names listed per URL name in
``PAGE_PARAMETERS``. Anything else in the query string
(``?utm_source=…``, ``?fbclid=…``, a random cache-buster) is not part of the key, so it neither
creates a new cache entry nor misses the stored page.

The list is checked on every render that may be stored: the request's ``GET`` records which names
the view (its forms, templates, ``{% querystring %}``) looks at, and the response is stored only if
the view read no name outside the list. Reading the whole query string (iterating it, ``dict()``,
``urlencode()``, ``bool()``) counts as reading every name it holds. So a page that copies an
unknown parameter into its links (pagination keeps the query string) is simply not stored for that
request, and a view that starts reading a new parameter is not cached (and logged) until the
parameter is listed here – never served wrongly. A route neither list names reads no parameters.
``tests/test_page_cache_walk.py`` checks that every public page type is still a cache hit.

``FULL_QUERY`` marks the routes whose parameter names come from the data (the self-check's
questions); they are keyed on the whole query string, as before, and bounded by the per-path cap
of ``ikz.caching`` (``PAGE_CACHE_VARIANTS``) like every page.
"""

import functools
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import QueryDict
from django.urls import Resolver404, resolve

FULL_QUERY = "full query"  # key on the whole query string

# What a view reads beyond what its class says (see ``parameters_for``), by URL name.
PAGE_PARAMETERS: dict[str, frozenset[str] | str] = {
    "catalog:measure-detail": frozenset({"von_gemeinde"}),  # the plan button's origin
    "catalog:resource-list": frozenset({"art"}),  # ResourceFilter, built in the view
    "catalog:search": frozenset({"q"}),
    "opendata:sitemap": frozenset({"p"}),
    "planning:partner-search": frozenset({"q"}),
    "api:schema": frozenset({"lang"}),
    "api:docs": frozenset({"lang", "script"}),
    "api:redoc": frozenset({"lang", "version"}),
    # Named after the self-check's questions, which editors change.
    "planning:selfcheck": FULL_QUERY,
    "planning:selfcheck-result": FULL_QUERY,
}
DRF_PARAMETERS = frozenset({"format"})  # every API view: ?format=json / api


WHOLE = "*"  # recorded when the view looked at every name at once


class ReadingQueryDict(QueryDict):
    """``request.GET`` that remembers which names were looked at (``WHOLE`` for all of them)."""

    def __init__(self, *args, **kwargs):
        self.read: set[str] = set()
        super().__init__(*args, **kwargs)
        self.read.clear()  # parsing the query string is no reading by the view

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def _getlist(self, key, *args, **kwargs):
        self.read.add(key)
        return super()._getlist(key, *args, **kwargs)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def _whole(self):
        self.read.add(WHOLE)

    def __iter__(self):
        self._whole()
        return super().__iter__()

    def __len__(self):
        self._whole()
        return super().__len__()

    def keys(self):
        self._whole()
        return super().keys()

    def lists(self):
        self._whole()
        return super().lists()

    def __deepcopy__(self, memo):
        self._whole()
        return super().__deepcopy__(memo)

    def names_read(self) -> set[str]:
        """The names the view depended on; the whole dict counts as every name in it."""
        if WHOLE in self.read:
            return (self.read - {WHOLE}) | set(dict.keys(self))
        return set(self.read)


def parameters_for(request) -> frozenset[str] | str:
    """The parameters the page at ``request.path_info`` reads (``FULL_QUERY``: all of them)."""
    return _path_parameters(request.path_info)


@functools.lru_cache(maxsize=4096)
def _path_parameters(path_info: str) -> frozenset[str] | str:
    # Remembered per path: resolving costs about as much as the rest of a cache hit.
    try:
        match = resolve(path_info)
    except Resolver404:
        return frozenset()
    return _view_parameters(match.view_name, match.func)


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _path_parameters.cache_clear()


@functools.lru_cache(maxsize=256)
def _view_parameters(view_name: str, view) -> frozenset[str] | str:
    """``PAGE_PARAMETERS`` of the route, plus what its class declares: the filters of its
    ``filterset_class``, its page parameter (Django's ``page_kwarg``, the API pagination's page
    and page size) and DRF's ``format``."""
    declared = PAGE_PARAMETERS.get(view_name, frozenset())
    if declared == FULL_QUERY:
        return FULL_QUERY
    names = set(declared)
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is not None:
        names.update(filterset_class.base_filters)
    if getattr(view_class, "paginate_by", None):
        names.add(view_class.page_kwarg)
    if hasattr(view, "cls"):  # a Django REST framework view
        names.update(DRF_PARAMETERS)
        pagination = getattr(view_class, "pagination_class", None)
        for attribute in ("page_query_param", "page_size_query_param"):
            if getattr(pagination, attribute, None):
                names.add(getattr(pagination, attribute))
    return frozenset(names)


def key_query(request, parameters: frozenset[str] | str) -> str:
    """The part of the query string that belongs to the cache key, in a stable order."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw or parameters == FULL_QUERY:
        return raw
    try:
        pairs = parse_qsl(
            raw, keep_blank_values=True, max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        )
    except ValueError:  # too many fields: Django answers 400, nothing is stored
        return raw
    # sorted by name only: the order of one name's values is the view's business
    kept = sorted((pair for pair in pairs if pair[0] in parameters), key=lambda pair: pair[0])
    return urlencode(kept)


def start_recording(request) -> ReadingQueryDict:
    """Give the view a ``GET`` that records what it reads; returns it for ``may_store``."""
    recording = ReadingQueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
    request.GET = recording
    return recording


def undeclared_reads(recording: ReadingQueryDict, parameters: frozenset[str] | str) -> set[str]:
    """Names the view read that are not part of the key: the page must not be stored if any."""
    if parameters == FULL_QUERY:
        return set()
    return recording.names_read() - parameters
