"""Real-browser journey on a phone: a resident sees their data and asks for deletion; the
district administrator approves at the desk; the resident's identity is gone, the text stays."""

from __future__ import annotations

import pytest

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.orgs.testing import PASSWORD
from lastmile.privacy.tests.helpers import raise_concern, resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_see_my_data_ask_for_deletion_admin_approves(world, new_browser_page, live_server):
    url = live_server.url
    person = resident(world)
    concern = raise_concern(world, person)
    Concern.objects.filter(pk=concern.pk).update(status=Status.CLOSED)

    me = new_browser_page()
    _login(me, url, "res_wang")
    me.goto(url + "/")
    me.click("text=我的数据")
    me.wait_for_selector("text=平台保存的我的信息")
    assert concern.code in me.content()
    with me.expect_download() as download:
        me.click("text=下载（Excel）")
    assert download.value.suggested_filename.endswith(".xlsx")
    me.fill("textarea[name=reason]", "已经搬离本社区，不再使用")
    me.click("button:has-text('申请删除')")
    me.wait_for_load_state()
    me.wait_for_selector("text=申请已提交")
    assert _fits(me)

    admin = new_browser_page()
    _login(admin, url, world.username("admin"))
    admin.goto(url + "/desk/privacy/")
    admin.wait_for_selector("text=已经搬离本社区")
    admin.click("text=批准并删除身份信息")
    admin.wait_for_load_state()
    admin.wait_for_selector("text=已批准：该居民的身份信息已删除。")

    concern = Concern.objects.get(pk=concern.pk)
    assert concern.resident_name == "已删除" and concern.text == "小区门口路灯坏了三天"
    person.user.refresh_from_db()
    assert not person.user.is_active
