"""The cadre's journey on a phone: my households → log a visit → turn the note into a concern →
the concern is on the dispatcher's desk (channel 走访) and its tracking page names the contact
cadre."""

from __future__ import annotations

import os

import pytest

from lastmile.concerns.models import Concern
from lastmile.orgs.testing import PASSWORD
from lastmile.outreach.tests.helpers import link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/outreach-{name}.png", full_page=True)


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_cadre_visit_to_concern_on_a_phone(world, village, new_browser_page, live_server):
    household = village.households[3]
    link(world, household, village.committee[0])
    village.unit.phone = "0731-8888123"
    village.unit.save(update_fields=["phone"])

    cadre = new_browser_page()
    _login(cadre, live_server.url, world.username("v_committee"))
    cadre.goto(live_server.url + "/outreach/")
    assert "我的联系户" in cadre.locator("h1").inner_text()
    assert _fits(cadre)
    _shot(cadre, "mine")
    cadre.click(f"a[href$='?household={household.pk}']")
    assert cadre.locator("#id_household").input_value() == str(household.pk)
    cadre.fill("#id_people_met", "户主和老伴")
    cadre.fill("#id_heard", "屋顶瓦片被大风吹掉一片，下雨天屋里漏雨，只能拿盆接水")
    cadre.fill("#id_help_given", "现场查看并拍照")
    assert _fits(cadre)
    _shot(cadre, "visit-new")
    cadre.click("form.visit-form button[type=submit]")
    cadre.wait_for_load_state()
    assert "走访记录已保存。" in cadre.content()

    cadre.check("input[name=kind][value=help]")
    cadre.click("#concern button[type=submit]")
    concern = Concern.objects.get()
    assert f"诉求{concern.code}已进入派单员工作台" in cadre.content()
    pin = cadre.locator(".code-value").nth(1).inner_text()
    assert _fits(cadre)
    _shot(cadre, "visit")

    dispatcher = new_browser_page()
    _login(dispatcher, live_server.url, world.username("dispatcher"))
    dispatcher.goto(f"{live_server.url}/desk/queue/")
    dispatcher.click(f"a[href='/desk/c/{concern.code}/']")
    dispatcher.wait_for_load_state()
    assert concern.code in dispatcher.content() and "干部走访" in dispatcher.content()

    resident = new_browser_page()
    resident.goto(f"{live_server.url}/track/")
    resident.fill("input[name=code]", concern.code)
    resident.fill("input[name=pin]", pin)
    resident.click("main button[type=submit]")
    panel = resident.locator(".contact-cadre")
    assert "桃园支委甲" in panel.inner_text() and "0731-8888123" in panel.inner_text()
    assert household.head_name not in panel.inner_text()
    assert _fits(resident)
    _shot(resident, "track")
    for page in (cadre, dispatcher, resident):
        assert not page.console_errors


def test_secretary_pages_fit_a_phone(world, village, browser_page, live_server):
    import datetime as dt

    from lastmile.outreach import services
    from lastmile.outreach.tests.helpers import log_visit, today

    for household in village.households[:3]:
        link(world, household, village.committee[0])
    link(world, village.households[5], village.group_leaders[0])
    log_visit(
        world,
        village.households[2],
        visited_on=today() - dt.timedelta(days=40),
        followups=[services.NewFollowUp("联系危房改造项目", today() + dt.timedelta(days=3))],
    )
    log_visit(
        world, village.households[5], who="v_secretary", heard="孙子高中毕业在家待业，想找工作"
    )
    page = browser_page
    _login(page, live_server.url, world.username("v_secretary"))
    for name, path in [
        ("links", "/outreach/links/"),
        ("coverage", "/outreach/coverage/"),
        ("cadres", "/outreach/cadres/"),
        ("household", f"/outreach/households/{village.households[2].pk}/"),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        _shot(page, name)
        assert _fits(page), name
    page.goto(live_server.url + "/outreach/links/")
    page.select_option("#lk_household", str(village.households[7].pk))
    page.select_option("#lk_cadre", str(village.group_leaders[0].pk))
    page.click("form[action$='/links/new/'] button[type=submit]")
    page.wait_for_load_state()
    assert "桃园组长甲现为桃园村8组8号的联系干部。" in page.content()
    assert not page.console_errors
