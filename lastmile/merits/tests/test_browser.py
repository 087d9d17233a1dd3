"""The journey on a 390 px phone: a grid worker records a deed, a cadre approves it, it is on
the public page with its points, and the person redeems goods at the counter."""

from __future__ import annotations

import os
from typing import Any

import pytest

from lastmile.merits.models import Goods
from lastmile.merits.services import shop
from lastmile.merits.services.points import points_balance
from lastmile.merits.tests.conftest import Rules
from lastmile.orgs.models import Person
from lastmile.orgs.testing import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def _shot(page: Any, name: str) -> None:
    assert _fits(page), f"{name} scrolls sideways"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/merits-{name}.png", full_page=True)


def _login(page: Any, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_deed_to_points_to_goods_on_a_phone(
    world: World, rules: Rules, resident: Person, new_browser_page: Any, live_server: Any
) -> None:
    goods = shop.goods_create(
        actor=world.actor("c1_handler"),
        community=world.areas["c1"],
        name="洗衣液",
        price=8,
        stock=5,
    )
    url = live_server.url

    # A grid worker records the deed.
    gridder = new_browser_page()
    _login(gridder, url, world.username("gridder"))
    gridder.goto(url + "/merits/desk/record/")
    gridder.fill("#f-q", "王小")
    gridder.click("form[role=search] button[type=submit]")
    gridder.click("text=王小芳")
    gridder.select_option("#id_item", str(rules.helping.pk))
    gridder.fill("#id_title", "帮独居老人买菜送药")
    gridder.check("#id_name_public")
    _shot(gridder, "record")
    gridder.click("form.card button[type=submit]")
    gridder.wait_for_load_state()
    assert "待审核" in gridder.content()
    _shot(gridder, "recorded")

    # A cadre of the community approves it.
    cadre = new_browser_page()
    _login(cadre, url, world.username("c1_handler"))
    cadre.goto(url + "/merits/desk/")
    _shot(cadre, "queue")
    cadre.click("text=帮独居老人买菜送药")
    cadre.click("#act-approve button[type=submit]")
    cadre.wait_for_load_state()
    assert "王小芳获得 10 积分" in cadre.content()

    # It is on the public page with its points.
    public = new_browser_page()
    public.goto(url + "/merits/")
    content = public.content()
    assert "帮独居老人买菜送药" in content and "+10" in content and "王小芳" in content
    _shot(public, "public")

    # The person redeems goods at the counter: balance and stock drop.
    cadre.goto(url + "/merits/desk/counter/")
    cadre.fill("#f-q", "13800001234")
    cadre.click("form[role=search] button[type=submit]")
    cadre.click("text=王小芳")
    assert cadre.inner_text("#balance") == "10"
    cadre.click(f"#goods-{goods.pk} button[type=submit]")
    assert cadre.inner_text("#balance") == "2"
    assert "已兑换：洗衣液 × 1" in cadre.content()
    _shot(cadre, "counter")
    assert points_balance(resident) == 2
    assert Goods.objects.get(pk=goods.pk).stock == 4

    # The person sees it on their own page: the ledger with its running balance.
    person = new_browser_page()
    _login(person, url, "t_resident")
    person.goto(url + "/merits/me/")
    assert person.inner_text("#balance") == "2"
    assert "爱心超市兑换：洗衣液 × 1" in person.content()
    _shot(person, "me")
    person.goto(url + "/merits/me/report/")
    _shot(person, "report")
    for page in (gridder, cadre, public, person):
        assert not page.console_errors
