"""Who is asking: the client address for django-axes and the rate limits."""

import hashlib

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def client_ip(request) -> str | None:
    """The visitor's address, counting ``IKZ_TRUSTED_PROXIES`` proxies from the right.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    with ``n`` proxies the visitor is the ``n``-th entry from the end; entries further left are
    whatever the client sent. With no proxy (the default, safe when the app server is reachable
    directly) or a header shorter than the proxy chain, REMOTE_ADDR is the client.
    """
    proxies = settings.IKZ_TRUSTED_PROXIES
    if proxies > 0:
        entries = [
            entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        entries = [entry for entry in entries if entry]
        if len(entries) >= proxies:
            return entries[-proxies]
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
