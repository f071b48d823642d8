from django import template

from editorial.admin import review_due_date
from editorial.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/editorial/dashboard.html", takes_context=True)
def editorial_dashboard(context):
    return {**dashboard(review_due_date()), "perms": context.get("perms")}
