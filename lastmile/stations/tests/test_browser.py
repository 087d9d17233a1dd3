"""Journeys in a real browser on a phone: a resident finds the station and reads a guide; a
staff member checks in and the public page shows them on duty; an agent registers a request and
forwards it to the centre. Every page fits a 390 px screen without sideways scrolling."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from lastmile.orgs.testing import PASSWORD
from lastmile.stations.choices import RequestStatus
from lastmile.stations.models import AgentRequest
from lastmile.stations.tests.helpers import build_network, shift

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/stations-{name}.png", full_page=True)


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_resident_check_in_and_agent_journeys(world, village, new_browser_page, live_server):
    net = build_network(world, village)
    now = timezone.now()
    shift(net, "duty", net.c1, now + timedelta(minutes=5), now + timedelta(hours=3), "值班站长")
    url = live_server.url

    # A resident finds the community station and reads a guide.
    resident = new_browser_page()
    resident.goto(url + "/stations/")
    assert _fits(resident)
    assert "和平街道党群服务中心" in resident.content()
    _shot(resident, "list")
    resident.click("text=东风社区党群服务站")
    resident.wait_for_selector("h1:has-text('东风社区党群服务站')")
    assert _fits(resident)
    _shot(resident, "station")
    resident.click("a:has-text('最低生活保障申请')")
    resident.wait_for_selector("text=申请材料")
    assert "户口簿" in resident.content() and "打印本指南" in resident.content()
    assert _fits(resident)
    _shot(resident, "guide")

    # The person on duty checks in with the big button; the public page shows them.
    staff = new_browser_page()
    _login(staff, url, "t_duty")
    staff.goto(url + "/stations/desk/duty/")
    assert _fits(staff)
    staff.click("button.btn-checkin")
    staff.wait_for_selector("text=您已在岗")
    _shot(staff, "checked-in")
    resident.goto(url + "/stations/")
    assert "值班站长 李同志" in resident.content() and "李秀英" not in resident.content()

    # The agent registers a resident's request and forwards it to the centre.
    agent = new_browser_page()
    _login(agent, url, "t_agent")
    agent.goto(url + "/stations/desk/requests/")
    assert _fits(agent)
    agent.click("text=登记代办事项")
    agent.select_option("select[name=service]", label="最低生活保障申请")
    agent.fill("input[name=resident_name]", "陈桂英")
    agent.fill("input[name=resident_phone]", "13907310001")
    agent.fill("textarea[name=notes]", "老人腿脚不便，委托代办")
    assert _fits(agent)
    _shot(agent, "register")
    agent.click("form.intake button[type=submit]")
    agent.wait_for_selector("text=已登记")
    assert _fits(agent)
    agent.click("#act-forward button[type=submit]")
    agent.wait_for_selector("text=已报送服务中心。")
    _shot(agent, "forwarded")
    assert AgentRequest.objects.get().status == RequestStatus.FORWARDED
    for page in (resident, staff, agent):
        assert not page.console_errors
