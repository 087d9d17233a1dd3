"""Journeys in a real browser on a phone: a resident posts a question, a community worker
replies and turns it into a concern, the public post shows both; a notice is published and
appears on /notices/."""

from __future__ import annotations

import os

import pytest

from lastmile.bulletin.models import BoardPost
from lastmile.concerns.services.intake import pin_for
from lastmile.orgs.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/bulletin-{name}.png", full_page=True)


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_question_reply_concern_journey(world, new_browser_page, live_server):
    url = live_server.url
    resident = new_browser_page()
    resident.goto(url + "/messages/")
    assert _fits(resident)
    resident.click("text=我要留言")
    resident.check("input[name=kind][value=question]")
    resident.select_option("select[name=area]", label="东风社区")
    resident.fill("input[name=title]", "小区门口的路灯坏了")
    resident.fill("textarea[name=text]", "东门到菜市场那段路灯坏了三盏，晚上很黑，老人不敢出门。")
    resident.fill("input[name=name]", "王秀英")
    resident.fill("input[name=phone]", "13912345678")
    assert _fits(resident)
    _shot(resident, "post-form")
    resident.click("form.post-form button[type=submit]")
    resident.wait_for_selector("text=您的留言已发布")
    post = BoardPost.objects.get()
    assert "王秀英" not in resident.content() and "13912345678" not in resident.content()

    staff = new_browser_page()
    _login(staff, url, world.username("c1_handler"))
    staff.goto(url + "/messages/desk/")
    assert _fits(staff)
    staff.click("text=小区门口的路灯坏了")
    staff.wait_for_load_state()
    assert "13912345678" in staff.content()  # the area's staff see the contact
    staff.fill("textarea[name=text]", "已报区城管局路灯所，三天内更换。")
    staff.click("text=发布答复")
    staff.wait_for_selector("text=答复已发布。")
    staff.click("#act-convert button[type=submit]")
    staff.wait_for_selector("text=留言已转为诉求")
    post.refresh_from_db()
    code = post.concern.code
    assert _fits(staff)
    _shot(staff, "desk-post")

    resident.goto(f"{url}/messages/{post.pk}/")
    page = resident.content()
    assert "已报区城管局路灯所" in page and code in page and "已转为诉求" in page
    assert pin_for(code) not in page and "王秀英" not in page
    assert _fits(resident)
    _shot(resident, "post")
    resident.click(f"text={code}")
    resident.wait_for_url(f"**/board/{code}/")
    assert not resident.console_errors and not staff.console_errors


def test_publish_a_notice_journey(world, browser_page, live_server):
    url = live_server.url
    page = browser_page
    _login(page, url, world.username("c1_handler"))
    page.goto(url + "/notices/desk/new/")
    page.select_option("select[name=kind]", "policy")
    page.fill("input[name=title]", "高龄津贴申领指南")
    body = "年满80周岁的老人可申领高龄津贴。\n\n请带身份证到社区窗口办理。"
    page.fill("textarea[name=body]", body)
    page.select_option("select[name=area]", label="东风社区")
    assert _fits(page)
    page.click("form.notice-form button[type=submit]")
    page.wait_for_selector("text=草稿已保存")
    page.click("#act-publish button[type=submit]")
    page.wait_for_selector("text=通知已发布。")
    _shot(page, "desk-notice")
    page.goto(url + "/notices/")
    assert "高龄津贴申领指南" in page.content()
    assert _fits(page)
    _shot(page, "notices")
    page.click("text=高龄津贴申领指南")
    assert page.locator("h1").inner_text() == "高龄津贴申领指南"
    assert "请带身份证到社区窗口办理" in page.content()
    assert _fits(page)
    _shot(page, "notice")
    assert not page.console_errors
