"""``{% revision_cache "name" key … %}…{% endrevision_cache %}``: the template side of
``ikz.fragments.revision_cached`` (which says what may be cached and for how long)."""

from django import template

from ikz.fragments import revision_cached

register = template.Library()


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
