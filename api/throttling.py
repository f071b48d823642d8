from django.conf import settings
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

from editorial.security import client_key


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, with the rate read from ``IKZ_API_ANON_RATE`` per request.

    The client is identified like the login lockout does it: behind our proxy by the address the
    proxy appended, so made-up ``X-Forwarded-For`` entries do not buy fresh quotas.
    """

    def get_rate(self):
        return settings.IKZ_API_ANON_RATE

    def get_ident(self, request):
        return client_key(request, "api")


class TooManyRequests(Throttled):
    default_detail = (
        "Zu viele Anfragen von Ihrer Adresse. Für größere Abrufe nutzen Sie bitte die "
        "Downloads (siehe /daten/)."
    )
    extra_detail_singular = "Bitte versuchen Sie es in {wait} Sekunde erneut."
    extra_detail_plural = "Bitte versuchen Sie es in {wait} Sekunden erneut."
