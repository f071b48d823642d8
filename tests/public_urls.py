"""Every public URL of the site, discovered from the URL resolver.

The one URL walker of the suite, used by the page guard, the query budgets, the page-cache walk
and the fuzzer, so a page a colleague adds tomorrow is covered without touching them. Routes with
parameters get the slug of a real object through ``DETAIL_OBJECTS``; parameterised routes not
listed there (private plan tokens, media files) are left out, and so are the admin, the
staff-only styleguide and the health endpoints.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"health", "health-live", "styleguide"}  # styleguide: staff only

# (namespace, route name) → (kind of object, URL keyword) for routes with a parameter.
DETAIL_OBJECTS = {
    ("catalog", "field-detail"): ("field", "slug"),
    ("catalog", "measure-detail"): ("measure", "slug"),
    ("practice", "example-detail"): ("example", "slug"),
    ("pages", "page"): ("page", "slug"),
    ("opendata", "field-rss"): ("field", "slug"),
    ("opendata", "field-atom"): ("field", "slug"),
    ("planning", "interest-create"): ("measure", "slug"),
    ("api", "field-detail"): ("field", "slug"),
    ("api", "measure-detail"): ("measure", "slug"),
    ("api", "example-detail"): ("example", "slug"),
    ("api", "resource-detail"): ("resource", "slug"),
    ("api", "district-detail"): ("district", "slug"),
    ("api", "municipality-detail"): ("municipality", "ags"),
    ("api", "cooperation-form-detail"): ("cooperation_form", "slug"),
    ("api", "tag-detail"): ("tag", "slug"),
}


def _walk(resolver, namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry


def _parameters(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.regex.groupindex) - {"version"}


def public_routes() -> list[tuple[str, str | None, str]]:
    """``(name, namespace, route)`` for every public GET route, without the API's format copies."""
    routes = []
    seen = set()
    for namespace, pattern in _walk(get_resolver()):
        if namespace in SKIPPED_NAMESPACES or pattern.name in SKIPPED_NAMES:
            continue
        parameters = _parameters(pattern)
        if "format" in parameters:
            continue
        if parameters and (namespace, pattern.name) not in DETAIL_OBJECTS:
            continue
        key = f"{namespace}:{pattern.name}" if namespace else pattern.name
        if key in seen:
            continue
        seen.add(key)
        routes.append((key, namespace, pattern.name))
    return routes


def url_for(key: str, namespace: str | None, name: str, objects: dict) -> str | None:
    """The URL of a route, filled in from ``objects`` (kind → instance); None if impossible."""
    kwargs = {}
    if namespace == "api":
        kwargs["version"] = "v1"
    detail = DETAIL_OBJECTS.get((namespace, name))
    if detail:
        kind, keyword = detail
        obj = objects.get(kind)
        if obj is None:
            return None
        kwargs[keyword] = getattr(obj, keyword)
    return reverse(key, kwargs=kwargs)


def public_route_ids() -> list[str]:
    return [key for key, _namespace, _name in public_routes()]
