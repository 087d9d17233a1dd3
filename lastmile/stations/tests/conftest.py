from __future__ import annotations

from collections.abc import Iterator

import pytest

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.core import workcal
from lastmile.stations.tests.helpers import Network, aware, build_network


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Time stands still at Monday 2026-11-23 08:00 (Asia/Shanghai) until the test moves it."""
    workcal.invalidate()
    c = Clock(aware(2026, 11, 23, 8, 0))
    with frozen(c):
        yield c
    workcal.invalidate()


@pytest.fixture
def net(world, village, clock) -> Network:
    return build_network(world, village)
