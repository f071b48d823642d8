"""Login protection helpers for django-axes."""

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
