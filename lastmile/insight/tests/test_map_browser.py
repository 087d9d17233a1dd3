"""The raise page's map in a real browser (Debian's Chromium): with no tile source the grids are
drawn as vectors, tapping drops a pin that fills the hidden lat/lng inputs, and the grid found
there is named and picked — without a single console error."""

from __future__ import annotations

import pytest

from lastmile.orgs.testing import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tapping_the_raise_map_sets_the_point_and_names_the_grid(live_server, browser_page):
    world = build_world("m")
    page = browser_page
    page.goto(live_server.url + "/raise/")
    grids = page.locator("#raise-map path.leaflet-interactive")
    grids.first.wait_for()
    assert grids.count() == 4
    assert page.locator("#raise-map .leaflet-tile").count() == 0  # no tile source: vectors only
    assert page.locator("#raise-map-tools").is_visible()

    target = page.evaluate(
        "() => { const p = document.getElementById('raise-map').lastmileMap"
        ".latLngToContainerPoint([28.205, 112.915]); return {x: p.x, y: p.y}; }"
    )
    page.locator("#raise-map").click(position=target)

    found = page.locator("#raise-map-found")
    found.filter(has_text="东风社区第2网格").wait_for()
    lat = float(page.input_value("#id_lat"))
    lng = float(page.input_value("#id_lng"))
    assert abs(lat - 28.205) < 0.001 and abs(lng - 112.915) < 0.001
    assert page.input_value("#id_area") == str(world.areas["c1g2"].pk)
    assert page.console_errors == []


def test_the_board_map_draws_concerns_at_their_community(live_server, browser_page):
    from lastmile.concerns.testing import submit

    world = build_world("n")
    submit(world, area="c1g1")
    submit(world, area="c1g2")
    page = browser_page
    page.goto(live_server.url + "/board/")
    page.locator("#board-map .lm-count").first.wait_for()
    assert page.locator("#board-map .lm-count").first.inner_text() == "2"
    assert page.console_errors == []
