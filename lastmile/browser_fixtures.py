"""pytest plugin: ``browser_page``, a Playwright page in Debian's headless Chromium, on a phone-
sized zh-CN context, for tests marked ``@pytest.mark.browser`` that use ``live_server``.

Never ``playwright install``: the browser is the distribution's ``chromium``. Without it the
tests are skipped, unless ``LASTMILE_REQUIRE_BROWSER=1`` (CI), where a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 390, "height": 844}
# Requests the browser makes on its own, not the page: their 404s are not the page's errors.
BROWSER_OWN_REQUESTS = ("/favicon.ico",)


def _console(message: Any, errors: list[str]) -> None:
    if message.type != "error":
        return
    url = (message.location or {}).get("url", "")
    if url.endswith(BROWSER_OWN_REQUESTS):
        return
    errors.append(f"{message.text} ({url})" if url else message.text)


def chromium_path() -> str | None:
    # Test infrastructure, not settings: read directly (config.env serves the app's settings).
    configured = os.environ.get("LASTMILE_CHROMIUM", "")
    for candidate in (configured, *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def browser_required() -> bool:
    return os.environ.get("LASTMILE_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    if browser_required():
        pytest.fail(f"{reason} (LASTMILE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _playwright_browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[dev]')")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # inside one unless told it is safe (the test thread does not share connections with it).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _new_page(browser: Any, contexts: list[Any], viewport: dict[str, int]) -> Any:
    context = browser.new_context(
        locale="zh-CN",
        viewport=viewport,
        extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    contexts.append(context)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: _console(message, errors))
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.console_errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture
def browser_page(_playwright_browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh page (own cookies) on a 390×844 zh-CN context. Use ``live_server.url``."""
    contexts: list[Any] = []
    try:
        yield _new_page(_playwright_browser, contexts, VIEWPORT)
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def new_browser_page(_playwright_browser: Any, live_server: Any) -> Iterator[Any]:
    """A factory of pages, each in its own context (own cookies: one per person in a story).
    ``new_browser_page()`` is phone-sized; ``new_browser_page(desktop=True)`` is 1280×900."""
    contexts: list[Any] = []

    def make(*, desktop: bool = False) -> Any:
        size = {"width": 1280, "height": 900} if desktop else VIEWPORT
        return _new_page(_playwright_browser, contexts, size)

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
