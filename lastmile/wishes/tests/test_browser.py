"""The whole journey in a real browser on a 390 px phone: a family posts a wish → a cadre
verifies and publishes it → a volunteer claims, contacts and fulfils it with a photo → the family
confirms with the wish code and PIN → 销号, with the volunteer's points when merits is present."""

from __future__ import annotations

import importlib.util
import io
import os

import pytest
from PIL import Image

from lastmile.orgs.testing import PASSWORD
from lastmile.wishes.models import Wish
from lastmile.wishes.tests.helpers import volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("LASTMILE_SHOTS", "")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/wishes-{name}.png", full_page=True)


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_wish_journey_on_a_phone(world, new_browser_page, live_server, tmp_path):
    base = live_server.url
    volunteer(world)
    picture = tmp_path / "wish.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 200)).save(buffer, format="JPEG")
    picture.write_bytes(buffer.getvalue())

    # 1. The family posts a wish (no login) and keeps the code and PIN.
    family = new_browser_page()
    family.goto(base + "/wishes/new/")
    assert _fits(family)
    family.select_option("#id_community", label="东风社区")
    family.fill("#id_title", "一个新书包")
    family.select_option("#id_category", "study")
    family.fill("#id_value", "120")
    family.fill("#id_description", "孩子今年升三年级，旧书包拉链坏了")
    family.fill("#id_beneficiary_name", "王小明")
    family.fill("#id_beneficiary_phone", "13812345678")
    family.check("#id_consent")
    _shot(family, "submit")
    family.click("button[type=submit]")
    family.wait_for_url("**/wishes/new/W*/")
    codes = family.locator(".code-value").all_inner_texts()
    code, pin = codes[0].strip(), codes[1].strip()
    assert Wish.objects.get().code == code and len(pin) == 6
    assert _fits(family)
    _shot(family, "submitted")

    # 2. A cadre of the community verifies and publishes it.
    cadre = new_browser_page()
    _login(cadre, base, world.username("c1_handler"))
    cadre.goto(f"{base}/wishes/desk/w/{code}/")
    assert _fits(cadre)
    cadre.check("#act-verify input[value=visit]")
    cadre.fill("#act-verify textarea[name=note]", "入户核实：低保户，孩子读三年级")
    cadre.click("#act-verify button[type=submit]")
    cadre.wait_for_load_state()
    assert "已核实" in cadre.content()
    if not cadre.is_visible("#act-publish button[type=submit]"):
        cadre.click("#act-publish summary")
    cadre.click("#act-publish button[type=submit]")
    cadre.wait_for_load_state()
    assert "已发布到心愿墙" in cadre.content()
    _shot(cadre, "desk")

    # 3. A volunteer finds it on the wall, claims it, contacts the family and fulfils it.
    vol = new_browser_page()
    vol.goto(base + "/wishes/")
    assert _fits(vol)
    body = vol.content()
    assert "一个新书包" in body and "王**" in body and "13812345678" not in body
    _shot(vol, "wall")
    vol.click(f"a[href='/wishes/w/{code}/']")
    vol.click("text=登录后认领")
    vol.fill("input[name=username]", world.username("vol"))
    vol.fill("input[name=password]", PASSWORD)
    vol.click("button[type=submit]")
    vol.wait_for_url(f"**/wishes/w/{code}/")
    vol.click("#claim button[type=submit]")
    vol.wait_for_url("**/wishes/mine/")
    assert "13812345678" in vol.content()
    assert _fits(vol)
    vol.click("summary:has-text('我已联系心愿人')")
    vol.fill("textarea[name=note]", "电话联系了王小明的妈妈，约好周六上门")
    vol.click("button:has-text('登记联系情况')")
    vol.wait_for_load_state()
    vol.click("summary:has-text('心愿已实现')")
    vol.fill("textarea[name=note]", "周六上门送去新书包一个")
    vol.set_input_files("input[name=photos]", str(picture))
    vol.click("button:has-text('登记圆梦')")
    vol.wait_for_load_state()
    assert "等待心愿人确认" in vol.content()
    _shot(vol, "mine")

    # 4. The family confirms with the wish code and PIN → 销号.
    family.goto(base + "/wishes/family/")
    family.fill("#id_code", code)
    family.fill("#id_pin", pin)
    family.click("button[type=submit]")
    family.wait_for_url(f"**/wishes/family/{code}/")
    assert "您的心愿实现了吗" in family.content()
    assert _fits(family)
    family.fill("#id_comment", "谢谢志愿者！")
    family.click("button:has-text('是的，已经收到')")
    family.wait_for_load_state()
    assert "已销号" in family.content()
    _shot(family, "family")
    assert Wish.objects.get().status == "closed"

    # Points, when the merits app is there.
    if importlib.util.find_spec("lastmile.merits.services.points"):
        vol.goto(base + "/wishes/mine/")
        assert "获得积分" in vol.content()
    for page in (family, cadre, vol):
        assert not page.console_errors
