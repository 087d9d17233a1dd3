"""One matrix world per module: built once inside an outer transaction that is rolled back at
the end, so each test (its own savepoint through ``db``) sees it and leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from lastmile.tests.permissions.cells import login_all
from lastmile.tests.permissions.world import Matrix, build_matrix


@pytest.fixture(scope="module")
def matrix(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Matrix]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_matrix()
            login_all(built)
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Throttles and PIN counters live in the cache: every cell starts clean."""
    cache.clear()
    yield
    cache.clear()
