"""A matter through the steps in a real browser: the cadre at a desktop records meetings (the roll
as checkboxes), implementation and the result notice; the public board on a phone shows the
notices and the record without names."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from lastmile.decisions import services
from lastmile.decisions.choices import Status
from lastmile.decisions.models import Matter
from lastmile.decisions.tests.helpers import at_days_ago, days_ago, hold, secretary
from lastmile.orgs.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/decisions-{name}.png", full_page=True)


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _seed_to_resolution_notice(world) -> Matter:
    """Steps 1–5 through the services, dated in the past: the notice has run its 15 days."""
    actor = secretary(world)
    matter = services.matter_create(
        actor=actor,
        area=world.areas["v1"],
        category="public_welfare",
        title="村道硬化",
        summary="硬化三组至五组村道1.2公里，宽4.5米，预算38万元。",
    )
    for n in range(4):
        hold(actor, matter, held_on=days_ago(40 - n))
    matter.refresh_from_db()
    services.notice_post(
        actor=actor,
        matter=matter,
        step="resolution_notice",
        title="关于村道硬化的决议公示",
        body="经村民代表会议表决通过，硬化三组至五组村道。",
        posted_at=at_days_ago(20),
    )
    matter.refresh_from_db()
    return matter


def test_matter_to_the_result_notice(world, village, new_browser_page, live_server):
    matter = _seed_to_resolution_notice(world)
    desk = new_browser_page(desktop=True)
    _login(desk, live_server.url, world.username("v_secretary"))

    # A new matter registered and its first step recorded from the roll's checkboxes.
    desk.goto(f"{live_server.url}/decisions/desk/new/")
    desk.select_option("#id_category", "collective_funds")
    desk.fill("#id_title", "村集体鱼塘承包")
    desk.fill("#id_summary", "村集体鱼塘30亩公开发包，期限五年，底价每年1.5万元。")
    desk.click("form.intake button[type=submit]")
    assert "已登记" in desk.content()
    form = "#act-meeting-party_committee"
    assert desk.locator(f"{form} input[type=checkbox]").count() == 3
    desk.locator(f"{form} input[type=checkbox]").nth(0).check()
    desk.locator(f"{form} input[type=checkbox]").nth(1).check()
    desk.fill(f"{form} input[name=votes_for]", "2")
    desk.fill(f"{form} input[name=votes_against]", "1")
    desk.fill(f"{form} textarea[name=minutes]", "支委会研究鱼塘发包方案")
    desk.click(f"{form} button[type=submit]")
    assert "超过了出席人数" in desk.content()  # 3 votes, 2 present: refused …
    assert desk.locator(f"{form} textarea[name=minutes]").input_value() == "支委会研究鱼塘发包方案"
    desk.console_errors.clear()  # the refusal was a 400, as it should be
    desk.fill(f"{form} input[name=votes_against]", "0")  # … nothing typed was lost
    desk.click(f"{form} button[type=submit]")
    assert "已记录：本步骤通过" in desk.content()
    assert desk.locator("#act-meeting-two_committees").count() == 1  # the next step's form
    _shot(desk, "desk-matter")

    # The road-paving matter: implementation, then the result notice, through the forms.
    desk.goto(f"{live_server.url}/decisions/desk/{matter.number}/")
    assert "记录已核验" in desk.content()
    desk.fill("#act-implement textarea[name=note]", "村委会组织施工队实施，村民代表监督")
    desk.click("#act-implement button[type=submit]")
    assert "已开始组织实施" in desk.content()
    desk.fill("#act-notice input[name=title]", "村道硬化实施结果公示")
    desk.fill("#act-notice textarea[name=body]", "村道硬化已完工，实际支出36.5万元，明细附后。")
    desk.fill("#act-notice input[name=finished_on]", timezone.localdate().isoformat())
    desk.click("#act-notice button[type=submit]")
    assert "公示已发布到公开栏" in desk.content()
    matter.refresh_from_db()
    assert matter.status == Status.RESULT_NOTICE
    assert matter.notices.get(kind="result").ends_on == timezone.localdate() + dt.timedelta(15)
    _shot(desk, "desk-result")
    assert not desk.console_errors

    # The public board on a phone: the result notice is up, the record shows figures only.
    phone = new_browser_page()
    phone.goto(f"{live_server.url}/decisions/")
    body = phone.content()
    assert "村道硬化实施结果公示" in body and "正在公示" in body
    assert "村集体鱼塘承包" in body  # being decided
    assert _fits(phone)
    _shot(phone, "board")
    with phone.expect_navigation():  # wait for the record page before reading it
        phone.click("text=村道硬化实施结果公示")
    phone.wait_for_load_state()
    body = phone.content()
    assert matter.number in body and "记录已核验" in body and "党员大会" in body
    for name in ("桃园书记", "桃园支委甲", "会议讨论并表决"):
        assert name not in body
    assert _fits(phone)
    _shot(phone, "public-matter")
    assert not phone.console_errors
