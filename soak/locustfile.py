"""Locust scenarios for the soak. Run only through locust's command line (``soak/run.py`` does):
locust monkey-patches the standard library with gevent, so nothing in the app or the tests
imports this file.

Residents raise concerns through the web form (some with a photo) and the API, then follow them
on the tracking pages and browse the public board. Staff log in to the desk, and handle through
the staff API: the dispatcher dispatches what was received, the handler signs, records contact
and replies. Every tracking code a client was given is appended to ``SOAK_ACKED`` (JSON lines),
so the runner can check afterwards that each exists exactly once.

Environment: ``SOAK_SEED`` (the seed JSON from ``soak/seed.py``), ``SOAK_ACKED`` (output file).
The host must be loopback; locust is stopped at start otherwise.
"""

from __future__ import annotations

import json
import os
import random
import re
import struct
import time
import uuid
import zlib
from typing import Any

import urllib3
from locust import HttpUser, between, events, task
from locust.exception import StopUser

from soak.common import NotLoopback, code_from_redirect, require_loopback

urllib3.disable_warnings()  # the soak's nginx has a self-signed certificate

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IDEMPOTENCY = re.compile(r'name="idempotency_key" value="([^"]*)"')
BOARD_LINK = re.compile(r'href="/board/([A-Za-z0-9-]{4,32})/"')
FILE_LINK = re.compile(r'"/files/(\d+)/"')
RETRY_STATUSES = {0, 502, 503, 504}
RETRIES = 4


def _seed() -> dict[str, Any]:
    path = os.environ.get("SOAK_SEED", "")
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


SEED = _seed()


def record(code: str, kind: str, key: str) -> None:
    path = os.environ.get("SOAK_ACKED")
    if not path:
        return
    line = json.dumps({"code": code, "kind": kind, "key": key, "t": round(time.time(), 3)})
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def tiny_png(seed: int) -> bytes:
    """An 8×8 PNG in one colour (a valid image for the upload checks)."""
    width = height = 8
    colour = bytes([(seed * 37) % 256, (seed * 91) % 256, 120])
    raw = b"".join(b"\x00" + colour * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@events.test_start.add_listener
def _loopback_only(environment: Any, **kwargs: Any) -> None:
    try:
        require_loopback(environment.host or "")
    except NotLoopback as exc:
        if environment.runner is not None:
            environment.runner.quit()
        raise SystemExit(str(exc)) from exc


class SoakUser(HttpUser):
    abstract = True

    def on_start(self) -> None:
        require_loopback(self.host or "")
        self.client.verify = False

    def origin_headers(self, path: str) -> dict[str, str]:
        # Django checks the Origin (or Referer) of a POST over HTTPS.
        base = (self.host or "").rstrip("/")
        return {"Origin": base, "Referer": f"{base}{path}"}

    def csrf_of(self, path: str, name: str) -> tuple[str, str] | None:
        with self.client.get(path, name=name, catch_response=True) as resp:
            match = CSRF.search(resp.text or "")
            if resp.status_code != 200 or match is None:
                resp.failure(f"{resp.status_code}: no form")
                return None
            key = IDEMPOTENCY.search(resp.text)
            return match.group(1), (key.group(1) if key else "")


class WebResident(SoakUser):
    """A resident on a phone: raises a concern on the web form, follows it, browses the board."""

    weight = 4
    wait_time = between(1, 3)

    @task(3)
    def raise_concern(self) -> None:
        form = self.csrf_of("/raise/", "raise form")
        if form is None:
            return
        token, key = form
        key = key or uuid.uuid4().hex
        n = random.randrange(1_000_000)
        data = {
            "csrfmiddlewaretoken": token,
            "text": f"压测诉求 {n}：小区路灯不亮，晚上出行不便，请尽快处理。",
            "kind": "complaint",
            "urgency": "normal",
            "area": str(random.choice(SEED.get("grids") or [""])),
            "address": "",
            "name": "",
            "phone": "",
            "idempotency_key": key,
        }
        photo = random.random() < 0.3
        code = None
        for attempt in range(RETRIES):
            files = {"photos": (f"p{n}.png", tiny_png(n), "image/png")} if photo else None
            with self.client.post(
                "/raise/",
                data=data,
                files=files,
                headers=self.origin_headers("/raise/"),
                allow_redirects=False,
                name="submit web" if attempt == 0 else "submit web (retry)",
                catch_response=True,
            ) as resp:
                if resp.status_code == 302:
                    code = code_from_redirect(resp.headers.get("Location", ""))
                    if code is None:
                        resp.failure("302 without a code")
                    break
                if resp.status_code in RETRY_STATUSES and attempt < RETRIES - 1:
                    resp.failure(f"{resp.status_code}: retrying with the same key")
                    time.sleep(0.5 * (attempt + 1))
                    continue
                resp.failure(f"{resp.status_code}: not accepted")
                return
        if code is None:
            return
        record(code, "web-photo" if photo else "web", key)
        self.client.get(f"/raise/done/{code}/", name="submitted page")
        with self.client.get(f"/track/{code}/", name="track page", catch_response=True) as resp:
            if resp.status_code == 200 and code not in resp.text:
                resp.failure("track page without the code (session lost between servers?)")

    @task(4)
    def browse(self) -> None:
        self.client.get("/", name="home")
        with self.client.get("/board/", name="board", catch_response=True) as resp:
            codes = BOARD_LINK.findall(resp.text or "")
        if codes:
            self.client.get(f"/board/{random.choice(codes)}/", name="board detail")


class ApiResident(SoakUser):
    """A mini-program or partner client on the public API."""

    weight = 2
    wait_time = between(1, 3)

    @task(2)
    def submit(self) -> None:
        key = uuid.uuid4().hex
        n = random.randrange(1_000_000)
        body = {"text": f"接口压测诉求 {n}：楼下垃圾桶满了没人清运。", "kind": "complaint"}
        result = None
        for attempt in range(RETRIES):
            with self.client.post(
                "/api/v1/concerns",
                json=body,
                headers={"Idempotency-Key": key},
                name="api submit" if attempt == 0 else "api submit (retry)",
                catch_response=True,
            ) as resp:
                if resp.status_code in (200, 201):
                    result = resp.json()
                    break
                if resp.status_code in RETRY_STATUSES and attempt < RETRIES - 1:
                    resp.failure(f"{resp.status_code}: retrying with the same key")
                    time.sleep(0.5 * (attempt + 1))
                    continue
                resp.failure(f"{resp.status_code}: not accepted")
                return
        if not result:
            return
        record(result["code"], "api", key)
        self.client.get(
            f"/api/v1/track/{result['code']}",
            headers={"X-Tracking-Pin": result["pin"]},
            name="api track",
        )

    @task(2)
    def board(self) -> None:
        self.client.get("/api/v1/board?limit=20", name="api board")


class StaffUser(SoakUser):
    abstract = True
    key = ""

    def on_start(self) -> None:
        super().on_start()
        if not SEED:
            raise StopUser()
        self.token = SEED["tokens"].get(self.key, "")
        self.login()

    def login(self) -> None:
        form = self.csrf_of("/accounts/login/", "login form")
        if form is None:
            return
        data = {
            "csrfmiddlewaretoken": form[0],
            "username": SEED["users"][self.key],
            "password": SEED["password"],
        }
        with self.client.post(
            "/accounts/login/",
            data=data,
            headers=self.origin_headers("/accounts/login/"),
            allow_redirects=False,
            name="staff login",
            catch_response=True,
        ) as resp:
            if resp.status_code != 302:
                resp.failure(f"{resp.status_code}: login refused")

    def api(self, method: str, path: str, name: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        with self.client.request(
            method, f"/api/v1{path}", headers=headers, name=name, catch_response=True, **kwargs
        ) as resp:
            if resp.status_code != 200:
                resp.failure(f"{resp.status_code}: {(resp.text or '')[:120]}")
                return None
            return resp.json()

    def listed(self, status: str) -> list[str]:
        page = self.api("GET", f"/concerns?status={status}&limit=10", f"api list {status}")
        return [item["code"] for item in (page or {}).get("items", [])]

    def desk(self, code: str | None) -> None:
        with self.client.get("/desk/", name="desk inbox", catch_response=True) as resp:
            if resp.status_code == 200 and "/accounts/login/" in (resp.url or ""):
                resp.failure("desk asked to log in again (session lost between servers?)")
                self.login()
                return
            if resp.status_code != 200:
                resp.failure(f"{resp.status_code}")
                return
        if code:
            with self.client.get(f"/desk/c/{code}/", name="desk detail", catch_response=True) as r:
                files = FILE_LINK.findall(r.text or "")
            for pk in files[:2]:
                self.client.get(f"/files/{pk}/", name="photo")


class Dispatcher(StaffUser):
    key = "dispatcher"
    fixed_count = 1
    wait_time = between(2, 4)

    @task
    def dispatch(self) -> None:
        codes = self.listed("received")
        for code in codes[:5]:
            self.api(
                "POST",
                f"/concerns/{code}/dispatch",
                "api dispatch",
                json={"unit": SEED["units"]["housing"], "note": "压测派单"},
            )
        self.desk(random.choice(codes) if codes else None)


class Handler(StaffUser):
    key = "handler"
    fixed_count = 1
    wait_time = between(2, 4)

    @task
    def handle(self) -> None:
        for code in self.listed("dispatched")[:5]:
            self.api("POST", f"/concerns/{code}/sign", "api sign", json={})
        for code in self.listed("signed")[:5]:
            self.api(
                "POST", f"/concerns/{code}/contact", "api contact", json={"note": "已电话联系"}
            )
        for code in self.listed("in_progress")[:5]:
            self.api(
                "POST",
                f"/concerns/{code}/reply",
                "api reply",
                json={"text": "已安排维修，今天修好。", "resolved": True},
            )
        self.desk(None)
