import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The PIN attempt counter lives in the cache: each test starts without failures."""
    cache.clear()
    yield
    cache.clear()
