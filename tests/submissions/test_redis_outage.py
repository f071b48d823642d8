"""With Redis down a valid submission is saved once and acknowledged; the limit still holds."""

import socket

import pytest

from ikz import caching
from submissions.models import Submission

URL = "/praxisbeispiel-melden/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    caching._Breaker.reset()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "ikz.caching.SafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield settings
    caching._Breaker.reset()


def test_a_valid_submission_is_saved_once_and_acknowledged(client, form_data, redis_down):
    redis_down.IKZ_RATE_SUBMISSIONS = "1/hour"

    first = client.post(URL, form_data)
    second = client.post(URL, {**form_data, "title": "Die zweite Meldung"})

    assert first.status_code == 302
    assert second.status_code == 429
    assert 'value="Die zweite Meldung"' in second.content.decode()
    assert Submission.objects.count() == 1
