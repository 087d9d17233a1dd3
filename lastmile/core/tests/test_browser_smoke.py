import pytest

pytestmark = pytest.mark.browser


def test_home_page_renders_on_a_phone(browser_page, live_server):
    response = browser_page.goto(live_server.url + "/")
    assert response is not None and response.status == 200
    browser_page.wait_for_load_state("load")
    heading = browser_page.locator("h1").first
    assert heading.is_visible()
    assert heading.inner_text().strip()
    assert browser_page.evaluate("document.documentElement.lang").lower().startswith("zh")
    assert browser_page.console_errors == []
