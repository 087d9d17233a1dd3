"""The ledger pages in a real browser on a 390 px phone: no sideways scrolling, actions usable."""

from __future__ import annotations

import os

import pytest

from lastmile.orgs.testing import PASSWORD
from lastmile.rectify import services
from lastmile.rectify.tests.helpers import to_status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_item_and_public_pages_on_a_phone(world, browser_page, live_server):
    item = to_status(world, "in_progress", is_public=True, is_long_term=True)
    owner = world.actor("c1_handler")
    services.milestone_add(actor=owner, item=item, title="集中清理", due=item.deadline)
    services.item_note(actor=owner, item=item, text="已入户劝导12户，清理杂物3车")
    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", world.username("c1_handler"))
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/rectify/desk/{item.number}/")
    assert page.locator("h1").inner_text().startswith(item.number)
    assert _fits(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/rectify-item.png", full_page=True)
    page.click("#act-milestone_done summary")
    page.click("#act-milestone_done button[type=submit]")
    assert "集中清理" in page.content()
    page.goto(f"{live_server.url}/rectify/desk/")
    assert _fits(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/rectify-desk.png", full_page=True)
    page.goto(f"{live_server.url}/rectify/")
    assert item.number in page.content() and "东风社工" not in page.content()
    assert _fits(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/rectify-public.png", full_page=True)
    assert not page.console_errors
