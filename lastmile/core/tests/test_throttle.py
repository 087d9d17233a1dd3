"""Page throttles (lastmile/core/throttle.py) and the login lockout (django-axes).

Test settings keep every throttle on but generous; each test here sets small rates."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from lastmile.concerns.choices import Kind, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.services import pin_for
from lastmile.concerns.testing import fresh, reach
from lastmile.core import throttle
from lastmile.core.throttle import Throttled, client_address, parse_rate
from lastmile.orgs.testing import PASSWORD
from lastmile.wechat.tests.conftest import WechatServer, wechat_settings, wx  # noqa: F401

WAIT = "操作过于频繁"
LOCKED = "登录失败次数过多"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rates(settings: Any):
    """Set small rates for some scopes: rates(intake={"address": "2/h"})."""

    def apply(**scopes: dict[str, str]) -> None:
        conf = settings.LASTMILE_THROTTLE
        settings.LASTMILE_THROTTLE = {**conf, "RATES": {**conf["RATES"], **scopes}}

    return apply


def html(response: Any) -> str:
    return response.content.decode()


# ---- the mechanism -------------------------------------------------------------------------------


def test_parse_rate() -> None:
    assert parse_rate("5/m") == (5, 60)
    assert parse_rate("30/h") == (30, 3600)
    assert parse_rate("10/15m") == (10, 900)
    assert parse_rate("100/d") == (100, 86400)
    assert parse_rate("3/sec") == (3, 1)
    for bad in ("lots", "5", "x/m", "5/y", ""):
        with pytest.raises(ValueError):
            parse_rate(bad)


def test_client_address_is_remote_addr_unless_a_proxy_header_is_trusted(settings: Any) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_address(request) == "10.0.0.1"  # a header a client can forge is ignored
    conf = settings.LASTMILE_THROTTLE
    settings.LASTMILE_THROTTLE = {**conf, "TRUSTED_PROXY_HEADER": "HTTP_X_FORWARDED_FOR"}
    assert client_address(request) == "203.0.113.7"  # what our own proxy saw, not the left-most
    settings.LASTMILE_THROTTLE = {
        **conf,
        "TRUSTED_PROXY_HEADER": "HTTP_X_FORWARDED_FOR",
        "TRUSTED_PROXY_COUNT": 2,
    }
    assert client_address(request) == "6.6.6.6"
    settings.LASTMILE_THROTTLE = {**conf, "TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP"}
    assert client_address(request) == "10.0.0.1"  # header missing: REMOTE_ADDR
    real = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    assert client_address(real) == "198.51.100.4"
    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="1' OR '1'='1")
    assert client_address(forged) == "10.0.0.1"  # garbage in the header: REMOTE_ADDR
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) == ""


def test_lockout_survives_a_garbage_proxy_header(settings: Any, world: Any, axes_on: Any) -> None:
    settings.LASTMILE_THROTTLE = {
        **settings.LASTMILE_THROTTLE,
        "TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP",
    }
    client = Client(HTTP_X_REAL_IP="not-an-address")
    assert _login(client, world.username("handler"), "wrong").status_code == 200
    assert _login(client, world.username("handler"), PASSWORD).status_code == 302


def test_limits_per_address_and_per_phone(db: Any) -> None:
    rates = {"address": "2/h", "phone": "3/h"}
    throttle.hit("t", rates=rates, address="10.0.0.1", phone="13812345678")
    throttle.hit("t", rates=rates, address="10.0.0.1", phone="13812345678")
    with pytest.raises(Throttled) as exc:
        throttle.hit("t", rates=rates, address="10.0.0.1", phone="13900000000")
    assert exc.value.http_status == 429 and exc.value.code == "throttled"
    assert WAIT in str(exc.value.message)
    # Another address with the same phone (written differently): the phone's third use.
    throttle.hit("t", rates=rates, address="10.0.0.2", phone="138 1234 5678")
    with pytest.raises(Throttled):
        throttle.hit("t", rates=rates, address="10.0.0.3", phone="138-1234-5678")
    throttle.hit("t", rates=rates, address="10.0.0.3", phone="")  # no phone: address only


def test_window_passes_and_nothing_is_kept_in_clear(db: Any) -> None:
    rates = {"phone": "1/m"}
    now = 1_800_000_000.0
    with mock.patch("lastmile.core.throttle.time.time", return_value=now):
        throttle.hit("t", rates=rates, phone="13812345678")
        with pytest.raises(Throttled) as exc:
            throttle.hit("t", rates=rates, phone="13812345678")
        assert 1 <= exc.value.wait <= 61
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]
    assert keys and not any("13812345678" in key for key in keys)
    with mock.patch("lastmile.core.throttle.time.time", return_value=now + 61):
        throttle.hit("t", rates=rates, phone="13812345678")


def test_empty_rate_turns_a_limit_off(db: Any) -> None:
    for _ in range(5):
        throttle.hit("t", rates={"address": ""}, address="10.0.0.1")


def test_check_counts_nothing(db: Any) -> None:
    rates = {"address": "1/h"}
    for _ in range(3):
        throttle.check("t", rates=rates, address="10.0.0.1")
    throttle.count("t", rates=rates, address="10.0.0.1")
    with pytest.raises(Throttled):
        throttle.check("t", rates=rates, address="10.0.0.1")


def test_decorator_answers_plain_429_with_retry_after(rates: Any, db: Any) -> None:
    rates(probe={"address": "1/h"})

    @throttle.throttle("probe")
    def view(request: Any) -> Any:
        from django.http import HttpResponse

        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 200  # GET is not counted
    assert view(factory.post("/")).status_code == 200
    refused = view(factory.post("/"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert WAIT in refused.content.decode()


# ---- pages -------------------------------------------------------------------------------------


def raise_data(world: Any, n: int, **extra: str) -> dict[str, str]:
    return {
        "text": f"小区东门路灯坏了一个星期，晚上很黑，第{n}次反映",
        "title": "",
        "kind": Kind.COMPLAINT,
        "urgency": "normal",
        "area": str(world.areas["c1g1"].pk),
        "address": "东风路12号",
        "name": "",
        "phone": "",
        "idempotency_key": f"throttle-{n}",
        **extra,
    }


def test_raise_page_throttled_per_address_keeps_what_was_typed(
    client: Client, world: Any, rates: Any
) -> None:
    rates(intake={"address": "2/h"})
    url = reverse("concerns:raise")
    for n in (1, 2):
        assert client.post(url, raise_data(world, n)).status_code == 302
    response = client.post(url, raise_data(world, 3, name="张三"))
    assert response.status_code == 429
    page = html(response)
    assert WAIT in page
    assert "第3次反映" in page and "东风路12号" in page and 'value="张三"' in page
    assert Concern.objects.count() == 2
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(url, raise_data(world, 4)).status_code == 302


def test_raise_page_throttled_per_phone_across_addresses(world: Any, rates: Any) -> None:
    rates(intake={"phone": "1/h"})
    url = reverse("concerns:raise")
    first = Client(REMOTE_ADDR="10.0.0.1").post(url, raise_data(world, 1, phone="13812345678"))
    assert first.status_code == 302
    again = Client(REMOTE_ADDR="10.0.0.2").post(url, raise_data(world, 2, phone="13812345678"))
    assert again.status_code == 429 and WAIT in html(again)


def test_raise_page_behind_a_trusted_proxy_counts_the_forwarded_address(
    settings: Any, world: Any, rates: Any
) -> None:
    rates(intake={"address": "1/h"})
    settings.LASTMILE_THROTTLE = {
        **settings.LASTMILE_THROTTLE,
        "TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP",
    }
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    url = reverse("concerns:raise")
    assert proxy.post(url, raise_data(world, 1), HTTP_X_REAL_IP="203.0.113.1").status_code == 302
    assert proxy.post(url, raise_data(world, 2), HTTP_X_REAL_IP="203.0.113.2").status_code == 302
    assert proxy.post(url, raise_data(world, 3), HTTP_X_REAL_IP="203.0.113.1").status_code == 429


def _unlocked(client: Client, concern: Concern) -> None:
    client.post(
        reverse("concerns:track_lookup"), {"code": concern.code, "pin": pin_for(concern.code)}
    )


def test_callback_form_throttled_keeps_the_answers(client: Client, world: Any, rates: Any) -> None:
    rates(callback={"address": "1/h"})
    first, second = reach(world, Status.REPLIED), reach(world, Status.REPLIED)
    _unlocked(client, first)
    _unlocked(client, second)
    answers = {"contacted": "yes", "resolved": "yes", "satisfaction": "satisfied"}
    ok = client.post(reverse("concerns:track_callback", args=[first.code]), answers)
    assert ok.status_code == 302
    response = client.post(
        reverse("concerns:track_callback", args=[second.code]), {**answers, "comment": "谢谢师傅"}
    )
    assert response.status_code == 429
    page = html(response)
    assert WAIT in page and "谢谢师傅" in page
    assert fresh(second).status == Status.REPLIED


def test_me_too_throttled(client: Client, world: Any, rates: Any) -> None:
    rates(me_too={"address": "1/h"})
    one, two = reach(world, Status.IN_PROGRESS), reach(world, Status.IN_PROGRESS)
    client.post(reverse("concerns:me_too", args=[one.code]))
    response = client.post(reverse("concerns:me_too", args=[two.code]), HTTP_HX_REQUEST="true")
    assert WAIT in html(response)
    assert fresh(two).me_too_count == 0
    page = html(client.post(reverse("concerns:me_too", args=[two.code]), follow=True))
    assert WAIT in page


def test_signup_throttled_keeps_the_form(client: Client, world: Any, rates: Any) -> None:
    rates(signup={"address": "1/h"})
    url = reverse("signup")
    data = {
        "name": "李四",
        "phone": "13912345678",
        "community": world.areas["c1"].pk,
        "username": "lisi2026",
        "password": "a-long-enough-pass-9",
        "consent": "on",
    }
    assert client.post(url, data).status_code == 302
    client.logout()
    response = client.post(url, {**data, "username": "lisi2027", "phone": "13912345679"})
    assert response.status_code == 429
    page = html(response)
    assert WAIT in page and "lisi2027" in page
    assert not get_user_model().objects.filter(username="lisi2027").exists()


def test_login_throttled_per_username(client: Client, world: Any, rates: Any) -> None:
    rates(login={"username": "2/15m"})
    url = reverse("login")
    username = world.username("dispatcher")
    for _ in range(2):
        assert client.post(url, {"username": username, "password": "wrong"}).status_code == 200
    response = Client(REMOTE_ADDR="10.1.1.1").post(
        url, {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 429
    page = html(response)
    assert WAIT in page and f'value="{username}"' in page
    assert "_auth_user_id" not in response.wsgi_request.session


def test_login_throttled_per_address(client: Client, world: Any, rates: Any) -> None:
    rates(login={"address": "2/15m"})
    url = reverse("login")
    client.post(url, {"username": "nobody1", "password": "x"})
    client.post(url, {"username": "nobody2", "password": "x"})
    response = client.post(url, {"username": world.username("dispatcher"), "password": PASSWORD})
    assert response.status_code == 429


def test_login_still_works(client: Client, world: Any) -> None:
    response = client.post(
        reverse("login"), {"username": world.username("dispatcher"), "password": PASSWORD}
    )
    assert response.status_code == 302


def test_open311_post_throttled(client: Client, world: Any, rates: Any) -> None:
    rates(open311={"address": "1/h"})
    url = "/open311/v2/requests.json"
    assert client.post(url, {"service_code": "x"}).status_code == 403  # no api_key: counted
    response = client.post(url, {"service_code": "x"})
    assert response.status_code == 429
    assert WAIT in html(response)
    assert client.get(url).status_code == 200  # reading is not throttled


OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"


def test_wechat_inbound_throttled_per_openid(
    world: Any,
    wx: WechatServer,  # noqa: F811
    rates: Any,
) -> None:
    rates(wechat={"openid": "1/m"})
    wx.text(OPENID, "小区门口的路灯坏了一个星期，晚上很黑")
    reply = wx.text(OPENID, "还有一个问题")
    assert WAIT in reply
    assert "路灯" not in reply
    other = wx.text("o6_another_follower_0000000000", "小区门口的路灯坏了一个星期")
    assert WAIT not in other


# ---- lockout (django-axes) ---------------------------------------------------------------------


@pytest.fixture
def axes_on(settings: Any) -> Any:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.5
    return settings


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_lockout_after_failed_logins_and_unlock(client: Client, world: Any, axes_on: Any) -> None:
    username = world.username("dispatcher")
    for _ in range(2):
        assert _login(client, username, "wrong").status_code == 200
    locked = _login(client, username, "wrong")
    assert locked.status_code == 429
    page = html(locked)
    assert LOCKED in page and "30 分钟" in page and f'value="{username}"' in page
    # The right password does not help while locked…
    assert _login(client, username, PASSWORD).status_code == 429
    # …from this address; another address may still log in.
    assert _login(Client(REMOTE_ADDR="10.7.7.7"), username, PASSWORD).status_code == 302
    call_command("axes_reset_username", username, stdout=None)
    assert _login(client, username, PASSWORD).status_code == 302


def test_axes_reset_command_unlocks_everyone(client: Client, world: Any, axes_on: Any) -> None:
    username = world.username("handler")
    for _ in range(3):
        _login(client, username, "wrong")
    assert _login(client, username, PASSWORD).status_code == 429
    call_command("axes_reset")
    assert _login(client, username, PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client: Client, world: Any, axes_on: Any) -> None:
    username = world.username("handler")
    _login(client, username, "wrong")
    _login(client, username, "wrong")
    assert _login(client, username, PASSWORD).status_code == 302
    client.logout()
    _login(client, username, "wrong")
    _login(client, username, "wrong")
    assert _login(client, username, PASSWORD).status_code == 302


def test_admin_login_is_locked_too_and_works_otherwise(world: Any, axes_on: Any) -> None:
    user = get_user_model().objects.create_superuser("root-admin", "", PASSWORD)
    client = Client()
    page = client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD}
    )
    assert page.status_code == 302
    bad = Client(REMOTE_ADDR="10.3.3.3")
    for _ in range(3):
        bad.post("/admin/login/", {"username": user.username, "password": "wrong"})
    locked = bad.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429 and LOCKED in html(locked)


def test_test_client_login_and_force_login_are_unaffected(client: Client, world: Any) -> None:
    assert client.login(username=world.username("dispatcher"), password=PASSWORD)
    other = Client()
    other.force_login(get_user_model().objects.get(username=world.username("handler")))
    assert other.get("/desk/").status_code == 200


def test_locked_out_user_is_listed_in_the_axes_admin(world: Any, axes_on: Any) -> None:
    username = world.username("handler")
    bad = Client(REMOTE_ADDR="10.4.4.4")
    for _ in range(3):
        _login(bad, username, "wrong")
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root2", "", PASSWORD))
    page = admin.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert re.search(re.escape(username), html(page))
