import pytest

from lastmile.orgs.testing import World, build_world

pytest_plugins = ["lastmile.browser_fixtures"]


@pytest.fixture
def world(db) -> World:
    return build_world()
