"""Work done once per content revision: blocks of pages (``{% revision_cache %}``), API list data
and search results.

Pages are slow to render cold mostly because of long lists of cards, facet blocks and sheets
whose content changes only when an editor publishes something. ``revision_cached`` keeps such a
block in the default cache under its name, the given keys and the current ``ContentRevision``
token, which every change of public content replaces (``ikz.invalidation.mark_content_changed``).
A new revision means new keys, so nothing stale is ever served, with or without the page cache
and with any number of workers (the token lives in the database).

Only anonymous requests use it: an editor may see drafts in the same block, so editors always get
it freshly rendered. A failing cache backend turns into a plain render (``SafeRedisCache``).
Never put per-visitor content (forms with tokens, messages) inside the block. A key that resolves
to ``None`` renders the block uncached (e.g. a list whose parameters are invalid).
"""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from practice.models import ContentRevision


def revision_cached(request, name: str, keys: list, render):
    """``render()``, kept in the cache under ``name``, ``keys`` and the content revision.

    The one rule of every revision-cached block, in templates and views: only for anonymous
    requests, not when ``FRAGMENT_CACHE_SECONDS`` is 0, not when a key is ``None``.
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if seconds <= 0 or request is None or None in keys:
        return render()
    if getattr(request.user, "is_authenticated", False):  # the API has no user at all: None
        return render()
    key = make_template_fragment_key(name, [ContentRevision.current(), *keys])
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, seconds)
    return value
