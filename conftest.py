import pytest

from lastmile.orgs.testing import Village, World, build_village, build_world

pytest_plugins = ["lastmile.browser_fixtures"]


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def village(world: World) -> Village:
    """The world plus 桃园村 with its registers (orgs/testing.py: build_village)."""
    return build_village(world)
