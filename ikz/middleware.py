"""Answer with a friendly 503 page while the database is unreachable.

The page is rendered from ``templates/503.html`` without a request context, so rendering it
needs neither the database nor the session. A visitor who sent a form during the outage gets
their input back on that page, with a button that sends it again unchanged.
"""

import logging

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
NOT_ECHOED = ("password", "passwort", "csrfmiddlewaretoken")


def posted_fields(request) -> list[tuple[str, str]]:
    """What the visitor sent, minus passwords and the CSRF token, for them to copy or resend."""
    try:
        items = list(request.POST.lists())
    except (MultiPartParserError, SuspiciousOperation, OSError):
        return []  # a body we cannot parse holds nothing we could give back
    return [
        (name, value)
        for name, values in items
        if not any(word in name.lower() for word in NOT_ECHOED)
        for value in values
    ]


def maintenance_response(request) -> HttpResponse:
    is_post = request.method == "POST"
    context = {
        "is_post": is_post,
        "fields": posted_fields(request) if is_post else [],
        "action": request.get_full_path(),
        "csrf_token_value": request.POST.get("csrfmiddlewaretoken", "") if is_post else "",
    }
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Datenbank nicht erreichbar: %s", exception)
            return maintenance_response(request)
        return None
