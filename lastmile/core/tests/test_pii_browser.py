"""On a phone: the operator finds a caller by number from the inbox, opens the concern (the view
is logged), and the supervisor reviews the access log and filters it."""

from __future__ import annotations

import pytest

from lastmile.concerns.testing import submit
from lastmile.core.models import PiiAccess
from lastmile.orgs.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = "13812345678"


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_find_caller_then_review_the_access(world, new_browser_page, live_server):
    concern = submit(world, resident_name="李四", resident_phone=PHONE, address="幸福路12号")
    operator = new_browser_page()
    _login(operator, live_server.url, world.username("dispatcher"))
    operator.goto(live_server.url + "/desk/")
    operator.fill("#find-phone", "138 1234 5678")
    operator.press("#find-phone", "Enter")
    operator.wait_for_load_state()
    assert concern.code in operator.content() and "138****5678" in operator.content()
    assert _fits(operator)
    href = operator.get_attribute(f"a.row-main:has-text('{concern.code}')", "href")
    operator.goto(live_server.url + href)
    assert PHONE in operator.content()  # staff in reach see the number to call back
    assert not operator.console_errors
    assert PiiAccess.objects.filter(subject_label=concern.code).count() == 1

    supervisor = new_browser_page()
    _login(supervisor, live_server.url, world.username("supervisor"))
    supervisor.goto(live_server.url + "/desk/supervise/")
    href = supervisor.get_attribute("a:has-text('个人信息查看记录')", "href")
    supervisor.goto(live_server.url + href)
    assert supervisor.locator("h1").inner_text() == "个人信息查看记录"
    assert concern.code in supervisor.content() and "派单员" in supervisor.content()
    assert PHONE not in supervisor.content()
    assert _fits(supervisor)
    supervisor.fill("#f-subject", "LM-不存在")
    supervisor.press("#f-subject", "Enter")
    supervisor.wait_for_load_state()
    assert "没有符合筛选条件的查看记录。" in supervisor.content()
    assert not supervisor.console_errors
