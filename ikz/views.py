"""Small project-wide views."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def print_site_url(request):
    """The site address for the print style (``static/css/print.css`` writes out link targets).

    A stylesheet instead of an inline ``<style>``, so the Content-Security-Policy needs no
    ``unsafe-inline``; the address comes from ``SITE_URL`` and is written as a CSS string.
    """
    address = settings.SITE_URL.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "")
    return HttpResponse(f':root {{ --site-url: "{address}"; }}\n', content_type="text/css")
