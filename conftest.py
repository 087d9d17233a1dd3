import os

import pytest
from hypothesis import settings

from lastmile.orgs.testing import Village, World, build_village, build_world

pytest_plugins = ["lastmile.browser_fixtures"]

# `make test` is reproducible: every property and fuzz test draws the same examples on every run
# (a red CI means a real regression, never an unlucky draw). `make fuzz` explores with random
# seeds; whatever it finds becomes an explicit test.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("LASTMILE_HYPOTHESIS", "repeatable"))


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def village(world: World) -> Village:
    """The world plus 桃园村 with its registers (orgs/testing.py: build_village)."""
    return build_village(world)
