"""Cross-site protection for forms that live on cached pages.

The page cache (``ikz.caching``) stores one copy of a page for every anonymous visitor, so a page
it serves cannot carry a per-visitor CSRF token. The few POST forms on such pages ("Zum
Maßnahmenplan hinzufügen" on the measure list, measure sheets and the self-check result) are
protected instead by what the browser itself says about where a request comes from; a page on
another site cannot forge these headers:

1. ``Sec-Fetch-Site`` (sent by every current browser) must be ``same-origin``;
2. without it, ``Origin`` must be this site (or one of ``CSRF_TRUSTED_ORIGINS``);
3. without either, ``Referer`` must point to this site;
4. a request with none of the three is refused.

The session cookie is ``SameSite=Lax`` (Django's default), so a cross-site POST does not even
carry the visitor's plan; the check keeps a forged request from doing anything at all. Every
other form (plan editor, submissions, interest signals, the admin) keeps Django's CSRF token:
those pages are never cached.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

REFUSED = (
    "Diese Anfrage kam nicht von den Seiten des IKZ-Katalogs und wurde deshalb nicht ausgeführt. "
    "Bitte öffnen Sie die Seite im Katalog erneut und senden Sie das Formular von dort ab."
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def is_same_origin(request) -> bool:
    """True when the browser states that the request comes from this site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    own = {f"{request.scheme}://{request.get_host()}".lower()}
    own.update(origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS)
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() in own
    referer = request.headers.get("Referer")
    return referer is not None and _origin(referer) in own


def refuse_cross_site(request):
    """The German 403 page for a refused cross-site request."""
    return render(request, "403.html", {"message": REFUSED}, status=403)


def same_origin_required(view):
    """Replace the CSRF token check of a POST view by the same-origin check above."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not is_same_origin(request):
            return refuse_cross_site(request)
        return view(request, *args, **kwargs)

    return wrapped
