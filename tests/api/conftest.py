import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def generous_api_rate(settings):
    """A fresh throttle for every test; the throttling test sets a small rate itself."""
    settings.IKZ_API_ANON_RATE = "10000/min"
    cache.clear()
    yield
    cache.clear()
