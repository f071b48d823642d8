import pytest

pytestmark = pytest.mark.django_db


def test_too_many_anonymous_requests_get_a_german_429(client, settings):
    settings.IKZ_API_ANON_RATE = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/handlungsfelder/").status_code == 200
    response = client.get("/api/v1/handlungsfelder/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    wait = int(response["Retry-After"])
    assert wait > 0
    detail = response.json()["detail"]
    assert detail.startswith("Zu viele Anfragen von Ihrer Adresse.")
    # the rest of the minute: "1 Sekunde" in its last second, else "n Sekunden"
    assert detail.endswith(f"in {wait} Sekunde{'n' if wait != 1 else ''} erneut.")


def test_the_throttle_counts_per_address(client, settings):
    settings.IKZ_API_ANON_RATE = "1/min"
    assert client.get("/api/v1/landkreise/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/api/v1/landkreise/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/landkreise/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_made_up_forwarded_addresses_do_not_escape_the_throttle(client, settings):
    settings.IKZ_API_ANON_RATE = "1/min"
    settings.IKZ_TRUSTED_PROXIES = 1
    first = client.get("/api/v1/landkreise/", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7")
    assert first.status_code == 200
    second = client.get("/api/v1/landkreise/", HTTP_X_FORWARDED_FOR="203.0.113.2, 198.51.100.7")
    assert second.status_code == 429


@pytest.mark.parametrize("rate", ["viele", "10/woche", "/min"])
def test_an_invalid_rate_stops_the_start(rate):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        env={"IKZ_API_ANON_RATE": rate, "DJANGO_SETTINGS_MODULE": "ikz.settings", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "IKZ_API_ANON_RATE" in result.stderr
