"""Content Security Policy and secure headers on every page; production passes the deploy
check; and pages with maps and charts run in a real browser without a CSP violation."""

from __future__ import annotations

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from config.base import tile_hosts

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = sorted((ROOT / "lastmile").glob("**/templates/**/*.html"))
# Printed to PDF by WeasyPrint, never served to a browser: their <style> blocks are fine.
PRINT_ONLY = {"insight/briefing_print.html", "decisions/archive.html"}


def directives(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = [p.strip() for p in header.split(";") if p.strip()]
    return {p.split()[0]: " ".join(p.split()[1:]) for p in parts}


@pytest.mark.parametrize("url", ["/", "/raise/", "/board/", "/accounts/login/", "/scores/"])
def test_public_pages_send_the_policy_and_secure_headers(client: Client, db: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    # A nonce is added when a page uses one (request.csp_nonce); never 'unsafe-inline'.
    assert re.fullmatch(r"'self'( 'nonce-[A-Za-z0-9+/=]+')?", policy["script-src"])
    assert policy["style-src"] == "'self'" and policy["style-src-elem"] == "'self'"
    assert policy["style-src-attr"] == "'unsafe-inline'"  # Leaflet/ECharts set style attributes
    assert policy["img-src"].startswith("'self' data:")
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_error_pages_send_them_too(client: Client, db: Any) -> None:
    response = client.get("/board/NO-SUCH-CODE/")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Permissions-Policy"]


def test_map_tile_hosts_join_img_src() -> None:
    tianditu = "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&tk={key}"
    hosts = tile_hosts([tianditu, ""], "01")
    assert hosts == ["https://t0.tianditu.gov.cn", "https://t1.tianditu.gov.cn"]
    assert tile_hosts(["https://tile.openstreetmap.org/{z}/{x}/{y}.png"], "") == [
        "https://tile.openstreetmap.org"
    ]
    assert tile_hosts([""], "") == []
    img = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    expected = tile_hosts(
        [settings.LASTMILE_MAP["TILE_URL"], settings.LASTMILE_MAP["TILE_OVERLAY_URL"]],
        settings.LASTMILE_MAP["TILE_SUBDOMAINS"],
    )
    assert all(host in img for host in expected)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "lastmile")))
def test_templates_have_no_inline_script_or_handler(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
        assert "src=" in tag or "application/json" in tag or "nonce=" in tag, tag
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), "inline event handler"
    assert "javascript:" not in text.lower()
    name = "/".join(path.parts[path.parts.index("templates") + 1 :])
    if name not in PRINT_ONLY:
        assert not re.search(r"<style\b", text, flags=re.IGNORECASE), "inline <style>"


# ---- production settings -----------------------------------------------------------------------


def _deploy_check(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LASTMILE_")}
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter: browser fixture
        env.pop(name, None)
    key = secrets.token_urlsafe(50)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.production",
            "LASTMILE_SECRET_KEY": key,
            "LASTMILE_PII_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "LASTMILE_PII_HASH_KEY": secrets.token_urlsafe(32),
            "LASTMILE_ALLOWED_HOSTS": "lastmile.example.gov.cn",
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check() -> None:
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_deploy_check_passes_behind_a_tls_proxy_that_redirects() -> None:
    result = _deploy_check(LASTMILE_SSL_REDIRECT="0")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _deploy_check(LASTMILE_SECRET_KEY="")
    assert result.returncode != 0 and "LASTMILE_SECRET_KEY" in result.stderr


# ---- a real browser ----------------------------------------------------------------------------

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


def _visit(page: Any, url: str, ready: str) -> list[str]:
    response = page.goto(url, timeout=60_000)  # a busy CI machine: generous, not flaky
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load", timeout=60_000)
    page.locator(ready).first.wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(300)  # late style and image loads
    return [str(v) for v in page.evaluate("window.__csp || []")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_maps_and_charts_run_without_csp_violations(live_server: Any, browser_page: Any) -> None:
    from lastmile.concerns.choices import Satisfaction
    from lastmile.concerns.testing import submit
    from lastmile.orgs.testing import PASSWORD, build_world
    from lastmile.scores.services import rollup_refresh
    from lastmile.scores.tests.helpers import rated

    world = build_world("csp")
    concern = submit(world, area="c1g1", lat=28.205, lng=112.905)
    rated(world)
    rated(world, unit="sanitation", handler="handler2", satisfaction=Satisfaction.DISSATISFIED)
    rollup_refresh()
    page = browser_page
    page.add_init_script(WATCH)
    base = live_server.url
    violations: dict[str, list[str]] = {}
    violations["/raise/"] = _visit(page, base + "/raise/", "#raise-map path.leaflet-interactive")
    violations["/board/"] = _visit(page, base + "/board/", "#board-map .lm-count")
    violations["/scores/"] = _visit(page, base + "/scores/", "#score-chart canvas")
    box = page.locator("#score-chart").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20)  # ECharts' tooltip: style attrs
    page.wait_for_timeout(500)
    violations["/scores/ tooltip"] = [str(v) for v in page.evaluate("window.__csp")]
    violations["/stations/"] = _visit(page, base + "/stations/", "h1")

    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", world.username("dispatcher"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/desk/"))
    desk = f"{base}/desk/c/{concern.code}/"
    violations["desk"] = _visit(page, desk, "#concern-map path.leaflet-interactive")
    month = timezone.localdate().strftime("%Y-%m")
    briefing = f"{base}/insight/briefing/?area={world.areas['street'].code}&period={month}"
    violations["briefing"] = _visit(page, briefing, ".chart canvas, .chart svg")

    assert {k: v for k, v in violations.items() if v} == {}
    refused = [e for e in page.console_errors if "Content Security Policy" in e]
    assert refused == []
    assert page.console_errors == []
