"""Who is asking: the client address for django-axes and the rate limits."""

import hashlib

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def client_ip(request) -> str | None:
    """The visitor's address; behind our reverse proxy the one it appended to X-Forwarded-For.

    Only the last entry is trustworthy: earlier ones are whatever the client sent. Without a
    proxy (``SECURE_PROXY_SSL_HEADER`` unset, as in development) REMOTE_ADDR is the client.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def client_key(request, scope: str) -> str:
    """A rate-limit cache key for this client: fixed length whatever the address header holds,
    and without the plain address."""
    digest = hashlib.sha256((client_ip(request) or "").encode("utf-8", "replace")).hexdigest()
    return f"{scope}:{digest[:32]}"


class AxesBackend(AxesStandaloneBackend):
    """django-axes for every login over HTTP; code without a request (tests' ``client.login``,
    scripts) authenticates through the next backend instead of failing.

    Every login form, the admin's included, passes the request, so the lockout still applies
    to everything that reaches the site.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
