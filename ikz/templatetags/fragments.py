"""``{% revision_cache "name" key … %}…{% endrevision_cache %}``: a block rendered once per content
revision.

Pages are slow to render cold mostly because of long lists of cards, facet blocks and sheets whose
content changes only when an editor publishes something. This tag keeps such a block in the
default cache under its name, the given keys and the current ``ContentRevision`` token, which
every change of public content replaces (``ikz.invalidation.mark_content_changed``). A new revision
means new keys, so nothing stale is ever served, with or without the page cache and with any
number of workers (the token lives in the database).

Only anonymous requests use it: an editor may see drafts in the same block, so editors always get
it freshly rendered. A failing cache backend turns into a plain render (``SafeRedisCache``).
Never put per-visitor content (forms with tokens, messages) inside the block. A key that resolves
to ``None`` renders the block uncached (e.g. a list whose parameters are invalid).
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from practice.models import ContentRevision

register = template.Library()


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


class RevisionCacheNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist, self.name, self.keys = nodelist, name, keys

    def render(self, context):
        return revision_cached(
            context.get("request"),
            self.name.resolve(context),
            [key.resolve(context) for key in self.keys],
            lambda: self.nodelist.render(context),
        )


@register.tag
def revision_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} braucht einen Namen.")
    nodelist = parser.parse(("endrevision_cache",))
    parser.delete_first_token()
    return RevisionCacheNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
