"""Hostile and unusual input through the resident intake page, the API and the message board.

Each value is either refused with a clear Chinese message (status 400, the typed text kept) or
stored safely and shown escaped on the pages that display it. Never a 500: the test client
re-raises any exception a view lets through, so an unhandled error fails here.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from lastmile.bulletin.models import BoardPost
from lastmile.concerns import services
from lastmile.concerns.choices import Kind, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.services import pin_for
from lastmile.concerns.testing import reach
from lastmile.core.errors import DomainError

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
NASTY = {
    "sql": "'; DROP TABLE concerns_concern; -- 楼道灯坏了很久",
    "sql-or": "1' OR '1'='1 路灯坏了好几天",
    "script": f"{SCRIPT}路灯坏了好几天",
    "img": '"><img src=x onerror=alert(2)>路灯坏了',
    "template": "{{ 7*7 }}{% debug %}路灯坏了好几天",
    "zero-width": "路\u200b灯\u200c坏\u200d了\ufeff好几天",
    "rtl": "\u202e路灯坏了好几天\u202c\u2066abc\u2069",
    "emoji": "路灯坏了😀👨‍👩‍👧‍👦🏳️‍🌈好几天",
    "astral": "𠀀𪚥路灯坏了好几天",
    "nul": "路灯坏了\x00好几天",
    "control": "路灯坏了\x07\x1b[31m好几天",
    "huge": "路灯坏了" * 25_000,  # 100,000 characters
}
CONTACT_SAMPLES = ("script", "nul", "rtl", "emoji", "huge")


def field_cases(main: list[str], contact: list[str]) -> list:  # type: ignore[type-arg]
    """Every value in the main text fields; the sharpest ones in the contact fields."""
    cases = [pytest.param(f, v, id=f"{f}-{k}") for f in main for k, v in NASTY.items()]
    cases += [pytest.param(f, NASTY[k], id=f"{f}-{k}") for f in contact for k in CONTACT_SAMPLES]
    return cases


CJK = re.compile(r"[\u4e00-\u9fff]")
_ips = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def ip() -> str:
    n = next(_ips)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def error_texts(page: str) -> list[str]:
    return re.findall(r'class="(?:msg )?error"[^>]*>(.*?)</(?:p|div)>', page, re.S)


def assert_refused_in_chinese(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    errors = error_texts(page)
    assert errors and all(CJK.search(e) for e in errors), errors
    return page


def assert_escaped(page: str, *, echo: bool = False) -> None:
    """No markup from the input survives; outside a refused form's echo, no NUL either."""
    assert SCRIPT not in page
    assert "<img src=x" not in page
    if not echo:
        assert "\x00" not in page


# ---- the resident intake page ------------------------------------------------------------------


def raise_data(world, **over):  # type: ignore[no-untyped-def]
    data = {
        "text": "小区东门路灯坏了一个星期，晚上很黑",
        "title": "",
        "kind": Kind.COMPLAINT,
        "urgency": "normal",
        "area": str(world.areas["c1g1"].pk),
        "address": "",
        "name": "",
        "phone": "",
        "idempotency_key": f"bad-{next(_ips)}",
    }
    data.update(over)
    return data


@pytest.mark.parametrize(
    ("field", "value"), field_cases(["text", "title"], ["address", "name", "phone"])
)
def test_intake_page_refuses_or_stores_safely(client, world, field, value):
    response = client.post(
        reverse("concerns:raise"), raise_data(world, **{field: value}), REMOTE_ADDR=ip()
    )
    if response.status_code == 400:
        page = assert_refused_in_chinese(response)
        assert_escaped(page, echo=True)  # what was typed is kept in the form
        return
    assert response.status_code == 302, response.status_code
    concern = Concern.objects.get()
    assert "\x00" not in getattr(concern, "resident_name", "") + concern.text + concern.title
    page = client.get(response["Location"]).content.decode()
    assert_escaped(page)
    client.post(
        reverse("concerns:track_lookup"), {"code": concern.code, "pin": pin_for(concern.code)}
    )
    tracked = client.get(reverse("concerns:track", args=[concern.code]))
    assert tracked.status_code == 200
    assert_escaped(tracked.content.decode())


@pytest.mark.parametrize(
    "lat,lng",
    [("-91", "0"), ("0", "181"), ("1e309", "0"), ("nan", "inf"), ("-1e308", "1e308"), ("abc", "")],
)
def test_intake_page_coordinates_out_of_range(client, world, lat, lng):
    response = client.post(
        reverse("concerns:raise"), raise_data(world, lat=lat, lng=lng), REMOTE_ADDR=ip()
    )
    assert response.status_code in (302, 400)
    for concern in Concern.objects.all():
        assert concern.lat is None or -90 <= concern.lat <= 90
        assert concern.lng is None or -180 <= concern.lng <= 180


def test_intake_page_with_invalid_utf8_bytes(client, world):
    body = (
        "text=%FF%FE%E8%B7%AF%E7%81%AF%E5%9D%8F%E4%BA%86%E5%A5%BD%E5%87%A0%E5%A4%A9%C0%AF"
        f"&kind=complaint&urgency=normal&area={world.areas['c1g1'].pk}"
    ).encode() + b"&title=\xff\xfe\xc3"
    response = client.post(
        reverse("concerns:raise"),
        data=body,
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=ip(),
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert_refused_in_chinese(response)


def test_refused_intake_keeps_what_was_typed(client, world):
    typed = "我写了很长的诉求内容，不能因为出错就丢失"
    response = client.post(
        reverse("concerns:raise"),
        raise_data(world, text=typed, area="999999999"),
        REMOTE_ADDR=ip(),
    )
    page = assert_refused_in_chinese(response)
    assert typed in page


# ---- the API ---------------------------------------------------------------------------------


def api_post(client, body, **extra):  # type: ignore[no-untyped-def]
    if not isinstance(body, bytes | str):
        body = json.dumps(body)
    return client.post(
        "/api/v1/concerns", data=body, content_type="application/json", REMOTE_ADDR=ip(), **extra
    )


@pytest.fixture
def open_api(settings):  # type: ignore[no-untyped-def]
    settings.LASTMILE_CHANNELS = {
        **settings.LASTMILE_CHANNELS,
        "API_ANON_RATE": "100000/m",
        "API_SUBMIT_ANON_RATE": "100000/m",
    }


def assert_api_refused(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code in (400, 413), response.status_code
    body = response.json()
    assert body["code"] and CJK.search(body["message"]), body
    return body


@pytest.mark.parametrize(
    ("field", "value"), field_cases(["text", "title"], ["address", "name", "phone"])
)
def test_api_refuses_or_stores_safely(client, world, open_api, field, value):
    body = {"text": "小区东门路灯坏了一个星期，晚上很黑", "kind": "complaint", field: value}
    response = api_post(client, body)
    if response.status_code != 201:
        refused = assert_api_refused(response)
        if response.status_code == 400 and refused.get("field"):
            assert refused["field"] == field
        return
    concern = Concern.objects.get(code=response.json()["code"])
    stored = {"text": concern.text, "title": concern.title}
    if field in stored:  # stored as typed (JSON carries it as data; pages escape it)
        assert stored[field] == value.strip()
    tracked = client.get(
        f"/api/v1/track/{concern.code}", HTTP_X_TRACKING_PIN=response.json()["pin"]
    )
    assert tracked.status_code == 200
    assert tracked["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "\xff\xfe\xc3 \xe8\xb7\xaf\xe7\x81\xaf\xe5\x9d\x8f\xe4\xba\x86",'
        b' "kind": "help"}',
        b'{"text": "\\u0000\\u0000 nul text here", "kind": "help"}',
        b'{"text": "\\ud800 lone surrogate text", "kind": "help"}',
        b'{"text": "ok text long enough", "lat": 1e999}',
        b'{"text": "ok text long enough", "lat": NaN, "lng": Infinity}',
        b'{"text": "ok text long enough", "lat": -1e308, "lng": 1e308}',
        b'{"text": "ok text long enough", "lat": 100000000000000000000000000000000000000000}',
        b'{"text": "ok text long enough", "kind": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"text": 12345678901234567890123456789, "kind": "help"}',
        b"\x00\x00\x00",
        b"",
        b"[]",
        b"null",
        b'"just a string"',
    ],
    ids=[
        "invalid-utf8",
        "nul-escape",
        "lone-surrogate",
        "lat-overflow",
        "nan-inf",
        "huge-coords",
        "huge-int",
        "deep-nesting",
        "number-as-text",
        "nul-bytes",
        "empty",
        "array",
        "null",
        "string",
    ],
)
def test_api_malformed_bodies_are_400(client, world, open_api, body):
    response = api_post(client, body)
    assert_api_refused(response)
    assert not Concern.objects.exists()


def test_api_100k_text_is_refused_with_the_field(client, world, open_api):
    response = api_post(client, {"text": NASTY["huge"], "kind": "help"})
    body = assert_api_refused(response)
    assert response.status_code == 413 or body["field"] == "text"


@pytest.mark.parametrize(
    "query",
    [
        "limit=-1",
        "limit=99999999999999999999999",
        "offset=-5",
        "offset=1e10",
        "area=-1",
        "area=99999999999999999999",
        "category=0",
        "status=%00",
        "q=%FF%FE",
        "q=" + "%F0%9F%98%80" * 40,
    ],
)
def test_api_board_filters_with_bad_numbers(client, world, open_api, query):
    response = client.get(f"/api/v1/board?{query}", REMOTE_ADDR=ip())
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert_api_refused(response)


# ---- the message board -----------------------------------------------------------------------


def board_form(world, **over):  # type: ignore[no-untyped-def]
    data = {
        "kind": "question",
        "area": world.areas["c1"].pk,
        "title": "垃圾分类亭什么时候开放",
        "text": "小区新建的垃圾分类亭一直锁着，请问什么时候开放？",
        "name": "",
        "phone": "",
        "website": "",
    }
    data.update(over)
    return data


@pytest.mark.parametrize(("field", "value"), field_cases(["text", "title"], ["name", "phone"]))
def test_board_refuses_or_stores_safely(client, world, field, value):
    response = client.post("/messages/new/", board_form(world, **{field: value}), REMOTE_ADDR=ip())
    if response.status_code == 400:
        page = assert_refused_in_chinese(response)
        assert_escaped(page, echo=True)
        return
    assert response.status_code == 302, response.status_code
    post = BoardPost.objects.get()
    assert "\x00" not in post.title + post.text
    listing = client.get("/messages/").content.decode()
    assert_escaped(listing)
    detail = client.get(f"/messages/{post.pk}/")
    assert detail.status_code in (200, 404)
    assert_escaped(detail.content.decode())


def test_board_post_area_id_overflow(client, world):
    for area in ("-1", "99999999999999999999999", "1e5", "\x00"):
        response = client.post("/messages/new/", board_form(world, area=area), REMOTE_ADDR=ip())
        assert_refused_in_chinese(response)


# ---- dates before 1970 and after 2100 ---------------------------------------------------------


@pytest.mark.parametrize(
    "start,end",
    [
        ("0001-01-01", "0001-01-02"),
        ("1900-01-01", "1900-02-01"),
        ("1969-12-31T23:59:59Z", "1970-01-01"),
        ("2100-12-31", "2101-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("9999-12-31T23:59:59-12:00", ""),
        ("", "0001-01-01T00:00:00+14:00"),
    ],
)
def test_open311_date_windows_far_in_the_past_or_future(client, world, start, end):
    response = client.get(
        "/open311/v2/requests.json", {"start_date": start, "end_date": end}, REMOTE_ADDR=ip()
    )
    assert response.status_code == 400, response.status_code
    assert "1970" in response.content.decode() and "2100" in response.content.decode()


@pytest.mark.parametrize("days", [-365 * 80, 365 * 90, 365 * 7000])
def test_extension_to_a_date_before_1970_or_after_2100_is_refused(world, days):
    concern = reach(world, Status.IN_PROGRESS)
    from django.utils import timezone

    try:
        new_due = timezone.now() + timedelta(days=days)
    except OverflowError:
        pytest.skip("not representable")
    with pytest.raises(DomainError):
        services.concern_extension_request(
            actor=world.actor("handler"), concern=concern, reason="需要协调施工队", new_due=new_due
        )


@pytest.mark.parametrize("year", [1, 1900, 1969, 2101, 9999])
def test_api_dates_outside_2000_to_2100_are_refused(client, world, year, open_api):
    from pydantic import TypeAdapter, ValidationError

    from lastmile.core.apischema import When

    when = f"{year:04d}-06-01T00:00:00+08:00"
    with pytest.raises(ValidationError):
        TypeAdapter(When).validate_python(when)


@pytest.mark.parametrize("when", ["0001/01/01", "1900-01-01 08:00", "1969/12/31 23:59:59"])
def test_import_refuses_a_time_before_1970_naming_row_and_column(world, when):
    from lastmile.concerns.io.importer import import_file

    header = "留言编号,留言主题,留言时间,留言详情,一级分类\n"
    row = f"M1,路灯不亮,{when},幸福路的路灯坏了一个星期了,城乡建设\n"
    before = Concern.objects.count()
    report = import_file(
        actor=world.actor("dispatcher"), data=(header + row).encode(), name="导入.csv", mode="all"
    )
    assert report.refused and Concern.objects.count() == before
    [issue] = report.errors
    assert (issue.row, issue.column) == (2, "留言时间")
    assert "1970" in str(issue.message)
