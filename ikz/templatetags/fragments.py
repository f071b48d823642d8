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
Never put per-visitor content (forms with tokens, messages) inside the block.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from practice.models import ContentRevision

register = template.Library()


def content_revision(request) -> str:
    """The revision token, read once per request."""
    if not hasattr(request, "_content_revision"):
        request._content_revision = ContentRevision.current()
    return request._content_revision


class RevisionCacheNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist, self.name, self.keys = nodelist, name, keys

    def render(self, context):
        request = context.get("request")
        seconds = settings.FRAGMENT_CACHE_SECONDS
        if seconds <= 0 or request is None or request.user.is_authenticated:
            return self.nodelist.render(context)
        vary_on = [content_revision(request), *(key.resolve(context) for key in self.keys)]
        key = make_template_fragment_key(self.name.resolve(context), vary_on)
        fragment = cache.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, seconds)
        return fragment


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
