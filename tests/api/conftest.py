import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """Every test starts with no requests counted, under limits it will not reach unless it
    sets its own."""
    settings.ARCHIVE_API_ANON_RATE = "100000/min"
    settings.ARCHIVE_API_TOKEN_RATE = "100000/min"
    cache.clear()
    yield
    cache.clear()
