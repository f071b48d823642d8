from django import template

from editorial.admin import review_due_date
from editorial.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/editorial/dashboard.html")
def editorial_dashboard():
    return dashboard(review_due_date())
