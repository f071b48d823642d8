"""The client address for rate limits and the login lockout: only trusted proxies count."""

import pytest
from django.test import RequestFactory

from editorial.security import client_ip

FORWARDED = "192.0.2.99, 198.51.100.7, 203.0.113.5"


@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (0, FORWARDED, "10.0.0.1"),  # default: a spoofed header is ignored
        (1, FORWARDED, "203.0.113.5"),  # nginx appended the visitor
        (2, FORWARDED, "198.51.100.7"),  # CDN + nginx
        (3, "203.0.113.5", "10.0.0.1"),  # shorter than the chain: not through the proxies
        (1, "", "10.0.0.1"),
    ],
)
def test_the_address_counts_trusted_proxies_from_the_right(settings, proxies, header, expected):
    settings.IKZ_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_without_a_proxy_setting_a_forged_header_is_ignored():
    """The shipped default (no IKZ_TRUSTED_PROXIES in the environment) trusts no header."""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=FORWARDED)
    assert client_ip(request) == "10.0.0.1"
