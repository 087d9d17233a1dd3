"""The public ranking on a phone (390 px): the chart draws, the table fits, figures drill down."""

from __future__ import annotations

import os

import pytest

from lastmile.concerns.choices import Satisfaction
from lastmile.orgs.testing import build_world
from lastmile.scores.services import rollup_refresh
from lastmile.scores.tests.helpers import not_rated, rated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_ranking_on_a_phone(live_server, browser_page) -> None:
    world = build_world()
    rated(world)
    rated(world, satisfaction=Satisfaction.MOSTLY_SATISFIED)
    rated(world, unit="sanitation", handler="handler2", area="c2g1")
    rated(world, unit="sanitation", handler="handler2", resolved=False,
          satisfaction=Satisfaction.DISSATISFIED)  # fmt: skip
    not_rated(world, unit="c1_org", handler="c1_handler")
    rollup_refresh()
    page = browser_page
    page.goto(f"{live_server.url}/scores/")
    page.wait_for_selector("#score-chart canvas")
    assert page.locator("table.scores-table tbody tr").count() == 3
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # the wide table scrolls inside its own box, not the page
    if os.environ.get("SCORES_SHOT"):
        page.wait_for_timeout(1500)  # let the bars finish growing
        page.screenshot(path=os.environ["SCORES_SHOT"], full_page=True)
    page.locator("table.scores-table tbody tr").first.locator("a").nth(3).click()
    page.wait_for_selector("h1")
    assert "/scores/concerns/" in page.url
    assert page.locator("ul.list a[href^='/board/']").count() == 2
