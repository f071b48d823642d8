from django import template

from editorial.admin import review_due_date
from editorial.dashboard import dashboard, own_changes

register = template.Library()


@register.inclusion_tag("admin/editorial/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    perms = context.get("perms")
    user = context["request"].user
    own = None if user.has_perm("editorial.change_pendingchange") else own_changes(user)
    return {**dashboard(review_due_date()), "perms": perms, "own_changes": own}
