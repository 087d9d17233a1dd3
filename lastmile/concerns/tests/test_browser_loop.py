"""The whole concern loop in a real browser (Debian's Chromium), one context per person:
a resident raises a concern on a phone, the dispatcher dispatches it, the handler signs and
replies, the resident rates it, and the public board shows the result with the resident masked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lastmile.concerns.models import Concern
from lastmile.orgs.testing import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "东风路12号门口的井盖丢了，晚上很危险，我的电话13812345678，请尽快处理"


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit], main input[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/desk/"))


def _act(page: Any, action: str) -> Any:
    """Open an action's panel on the desk concern page and return its form."""
    panel = page.locator(f"#act-{action}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    return panel.locator("form")


def test_resident_to_board_in_a_real_browser(live_server, new_browser_page):
    world = build_world("e")
    base = live_server.url

    # 1. A resident raises a concern on a phone, without logging in.
    resident = new_browser_page()
    resident.goto(base + "/raise/")
    resident.fill("textarea[name=text]", TEXT)
    resident.check("input[name=kind][value=complaint]")
    resident.select_option("select[name=area]", str(world.areas["c1g1"].pk))
    resident.fill("input[name=name]", "张三丰")
    resident.fill("input[name=phone]", "13812345678")
    resident.locator("button[form=raise-form]").click()
    resident.wait_for_url(re.compile(r"/raise/done/"))
    code, pin = [v.strip() for v in resident.locator(".code-value").all_inner_texts()]
    assert re.fullmatch(r"\d{6}", pin)
    assert Concern.objects.get(code=code).status == "received"

    # 2. The dispatcher sends it to the housing bureau from the desk.
    dispatcher = new_browser_page(desktop=True)
    _login(dispatcher, base, world.username("dispatcher"))
    dispatcher.goto(f"{base}/desk/c/{code}/")
    form = _act(dispatcher, "dispatch")
    form.locator("select[name=unit]").select_option(str(world.units["housing"].pk))
    form.locator("button[type=submit]").click()
    dispatcher.wait_for_load_state("load")
    assert Concern.objects.get(code=code).status == "dispatched"

    # 3. The handler signs, records first contact and replies.
    handler = new_browser_page(desktop=True)
    _login(handler, base, world.username("handler"))
    assert code in handler.content()  # in the inbox, under "new"
    handler.goto(f"{base}/desk/c/{code}/")
    _act(handler, "sign").locator("button[type=submit]").click()
    handler.wait_for_load_state("load")
    form = _act(handler, "contact")
    form.locator("textarea[name=note]").fill("已电话联系居民，约定今天下午到场")
    form.locator("button[type=submit]").click()
    handler.wait_for_load_state("load")
    form = _act(handler, "reply")
    form.locator("textarea[name=text]").fill("已补装井盖并设置警示标志，现场已恢复正常通行")
    form.locator("input[name=resolved][value=yes]").check()
    form.locator("button[type=submit]").click()
    handler.wait_for_load_state("load")
    assert Concern.objects.get(code=code).status == "replied"

    # 4. The resident tracks it with code and PIN and rates it.
    resident.goto(base + "/track/")
    resident.fill("input[name=code]", code)
    resident.fill("input[name=pin]", pin)
    resident.locator("main form button[type=submit]").first.click()
    resident.wait_for_url(re.compile(rf"/track/{code}/"))
    assert "已补装井盖" in resident.content()
    resident.check("input[name=contacted][value=yes]")
    resident.check("input[name=resolved][value=yes]")
    resident.check("input[name=satisfaction][value=satisfied]")
    resident.locator("form[action$='/callback/'] button[type=submit]").click()
    resident.wait_for_load_state("load")
    concern = Concern.objects.get(code=code)
    assert (concern.status, concern.cb_satisfaction) == ("closed", "satisfied")

    # 5. Anyone sees it on the public board, closed, with the reply and nothing personal.
    visitor = new_browser_page()
    visitor.goto(base + "/board/")
    assert code in visitor.content()
    visitor.goto(f"{base}/board/{code}/")
    page = visitor.content()
    assert "已补装井盖" in page
    assert "138****5678" in page
    assert "13812345678" not in page and "张三丰" not in page
    for person in (resident, dispatcher, handler, visitor):
        assert person.console_errors == []
