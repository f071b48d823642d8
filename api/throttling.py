from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from ikz import ratelimit


class AnonymousRateThrottle(BaseThrottle):
    """The project's rate limiter (``ikz.ratelimit``, scope ``api``, ``IKZ_API_ANON_RATE``).

    The client is identified like the login lockout does it (``IKZ_TRUSTED_PROXIES``), so made-up
    ``X-Forwarded-For`` entries do not buy fresh quotas.
    """

    scope = "api"

    def allow_request(self, request, view):
        return ratelimit.hit(request, self.scope)

    def wait(self):
        return ratelimit.retry_after(self.scope)


class TooManyRequests(Throttled):
    default_detail = (
        "Zu viele Anfragen von Ihrer Adresse. Für größere Abrufe nutzen Sie bitte die "
        "Downloads (siehe /daten/)."
    )
    extra_detail_singular = "Bitte versuchen Sie es in {wait} Sekunde erneut."
    extra_detail_plural = "Bitte versuchen Sie es in {wait} Sekunden erneut."
