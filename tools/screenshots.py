"""Take the README screenshots from a running demo (``make demo``), in Chinese, phone and desktop.

Usage: .venv/bin/python tools/screenshots.py [BASE_URL] [OUT_DIR]
Needs Debian's /usr/bin/chromium. Logs in with the demo accounts printed by ``demo_load``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def shot(page: Page, path: str, name: str, *, full: bool = True) -> None:
    page.goto(BASE + path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
    print(name, page.url)


def login(page: Page, username: str, password: str) -> None:
    page.goto(BASE + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    code = os.environ.get("SHOT_CODE", "")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        if os.environ.get("SHOT_ONLY") == "safety":
            safety(browser)
            browser.close()
            return
        phone = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
        page = phone.new_page()
        shot(page, "/", "public-home")
        shot(page, "/raise/", "public-raise")
        shot(page, "/board/", "public-board")
        if code:
            shot(page, f"/board/{code}/", "public-board-detail")
        desk = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        page = desk.new_page()
        login(page, os.environ.get("SHOT_HANDLER", "h_urban"), "lastmile-demo")
        shot(page, "/desk/", "desk-inbox", full=False)
        if code:
            shot(page, f"/desk/c/{code}/", "desk-concern")
        page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        login(page, "dispatcher", "lastmile-demo")
        shot(page, "/desk/queue/", "desk-queue", full=False)
        page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        login(page, "supervisor", "lastmile-demo")
        shot(page, "/desk/supervise/", "desk-supervise", full=False)
        community(browser)
        safety(browser)
        browser.close()


def community(browser: Browser) -> None:
    """The community mechanisms and the service network (issues 6 and 7)."""
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    for path, name in [
        ("/wishes/", "public-wishes"),
        ("/merits/", "public-merits"),
        ("/decisions/", "public-decisions"),
        ("/stations/", "public-stations"),
        ("/notices/", "public-notices"),
        ("/messages/", "public-messages"),
    ]:
        shot(page, path, name)
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    login(page, "h_taohua", "lastmile-demo")
    shot(page, "/outreach/", "desk-outreach")
    shot(page, "/learn/", "member-learn")
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    login(page, "l_taohua", "lastmile-demo")
    shot(page, "/desk/community/", "desk-community", full=False)
    shot(page, "/decisions/desk/", "desk-decisions", full=False)


def safety(browser: Browser) -> None:
    """Resident evaluation, the resident's own data, the access log, intake suggestion (5, 8, 4)."""
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    login(page, "merit_resident", "lastmile-demo")
    shot(page, "/me/data/", "resident-my-data")
    shot(page, "/scores/evaluation/rounds/", "resident-evaluation-rounds")
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    login(page, "supervisor", "lastmile-demo")
    shot(page, "/scores/evaluation/desk/", "desk-evaluation", full=False)
    shot(page, "/desk/privacy/access/", "desk-privacy-access", full=False)
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    login(page, "dispatcher", "lastmile-demo")
    page.goto(BASE + "/desk/new/")
    page.fill("textarea[name=text]", "小区楼下的下水道堵塞，污水漫到路面上，气味很大，已经好几天了")
    page.wait_for_timeout(2500)
    page.screenshot(path=str(OUT / "desk-intake-suggestion.png"), full_page=False)
    print("desk-intake-suggestion", page.url)


if __name__ == "__main__":
    main()
