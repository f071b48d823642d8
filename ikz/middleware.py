"""Requests the application cannot serve: control characters, and a database outage.

``ControlCharacterMiddleware`` answers 400 to a path or query with control characters (and a form
post with NUL) before any view, cache or database sees them: PostgreSQL cannot store NUL, and no
address anyone types holds the others.

``DatabaseUnavailableMiddleware`` answers with a friendly 503 page while the database is
unreachable. The page is rendered from ``templates/503.html`` without a request context, so
rendering it needs neither the database nor the session. A visitor who sent a form during the
outage gets their input back on that page, with a button that sends it again unchanged. The API
gets the same status as JSON.
"""

import logging
import re
from urllib.parse import unquote_to_bytes

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
NOT_ECHOED = ("password", "passwort", "csrfmiddlewaretoken")
API_PREFIX = "/api/"
# C0 control characters and DEL; tab, line feed and carriage return only where text may hold them.
CONTROL_IN_PATH = re.compile(rb"[\x00-\x1f\x7f]")
CONTROL_IN_QUERY = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_control_characters(request) -> bool:
    """Whether the path or query string (raw, after percent-decoding) or a posted field holds a
    control character the site never accepts (in form fields: NUL)."""
    path = request.path_info.encode("utf-8", "surrogateescape")
    query = unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " "))
    if CONTROL_IN_PATH.search(path) or CONTROL_IN_QUERY.search(query):
        return True
    if request.method == "POST" and request.content_type in FORM_TYPES:
        try:
            items = list(request.POST.lists())
        except (MultiPartParserError, SuspiciousOperation, OSError):
            return False  # the view's own parsing reports it
        return any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in items
        )
    return False


def bad_request_response(request) -> HttpResponse:
    message = (
        "Die Anfrage enthält Steuerzeichen, die keine Adresse und kein Formular enthalten darf."
    )
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request):
            return bad_request_response(request)
        return self.get_response(request)


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
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse(
            {"detail": "Der IKZ-Katalog ist vorübergehend nicht erreichbar."}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
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
