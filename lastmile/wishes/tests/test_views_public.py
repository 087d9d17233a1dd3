"""Public pages with the test client: the wall (no personal data, priority first, filters, query
counts), a wish's page and claiming, the family's submit page, the PIN page, the summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from lastmile.orgs.testing import PASSWORD
from lastmile.wishes import services
from lastmile.wishes.models import Claim, Wish
from lastmile.wishes.tests.helpers import claim_of, to_status, volunteer

pytestmark = pytest.mark.django_db
PRIVATE = ("王小明", "13812345678", "3栋2单元501室")


def login(client, world, key):
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def test_wall_shows_no_personal_data_and_priority_first(
    client, world, django_assert_max_num_queries
):
    for n in range(6):
        to_status(world, "published", title=f"心愿{n}", claimer=f"v{n}")
    lapsing = to_status(world, "claimed", title="轮椅维修")
    services.claims_lapse_due(now=claim_of(lapsing).contact_due + timedelta(minutes=1))
    to_status(world, "submitted", title="未核实的心愿")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("wishes:wall"))
    body = response.content.decode()
    assert response.status_code == 200
    for private in PRIVATE:
        assert private not in body
    assert "王**" in body and "东风社区" in body and "未核实的心愿" not in body
    assert body.index("轮椅维修") < body.index("心愿0")
    assert "优先" in body


def test_wall_filters(client, world):
    to_status(world, "published", title="开放中")
    to_status(world, "closed", title="已圆梦的")
    response = client.get(reverse("wishes:wall"), {"status": "fulfilled"})
    body = response.content.decode()
    assert "已圆梦的" in body and "开放中" not in body
    response = client.get(reverse("wishes:wall"), {"community": world.areas["c2"].pk})
    assert "没有符合条件的心愿" in response.content.decode()
    assert client.get(reverse("wishes:wall"), {"status": "bogus"}).status_code == 200


def test_empty_wall_says_what_to_do(client, world):
    body = client.get(reverse("wishes:wall")).content.decode()
    assert "心愿墙上暂时没有心愿" in body


def test_wish_page_for_anonymous_and_unpublished(client, world):
    wish = to_status(world, "published")
    response = client.get(reverse("wishes:detail", args=[wish.code]))
    body = response.content.decode()
    assert response.status_code == 200 and "登录后认领" in body
    assert f"/accounts/login/?next=%2Fwishes%2Fw%2F{wish.code}%2F" in body
    for private in PRIVATE:
        assert private not in body
    hidden = to_status(world, "verified")
    assert client.get(reverse("wishes:detail", args=[hidden.code])).status_code == 404
    response = client.post(reverse("wishes:claim", args=[wish.code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_volunteer_claims_from_the_page(client, world):
    wish = to_status(world, "published")
    volunteer(world)
    login(client, world, "vol")
    body = client.get(reverse("wishes:detail", args=[wish.code])).content.decode()
    assert "认领这个心愿" in body
    response = client.post(reverse("wishes:claim", args=[wish.code]), {"amount": "500"})
    assert response.status_code == 400
    assert "认领金额超过了这个心愿剩余的 120 元" in response.content.decode()
    response = client.post(reverse("wishes:claim", args=[wish.code]), {"amount": "120"})
    assert response.status_code == 302 and response["Location"] == reverse("wishes:mine")
    assert Claim.objects.get().person == world.people["vol"]
    response = client.post(reverse("wishes:claim", args=[wish.code]), {"amount": "1"})
    assert response.status_code == 409
    assert "这个心愿已被认领满额" in response.content.decode()


def test_someone_who_may_not_claim_is_told_why(client, world):
    wish = to_status(world, "published")
    login(client, world, "outsider")
    body = client.get(reverse("wishes:detail", args=[wish.code])).content.decode()
    assert "请联系社区登记为志愿者" in body
    response = client.post(reverse("wishes:claim", args=[wish.code]), {"amount": "10"})
    assert response.status_code == 403 and "心愿由党员、注册志愿者和单位认领" in (
        response.content.decode()
    )


def test_family_submits_and_sees_code_and_pin(client, world):
    page = client.get(reverse("wishes:submit"))
    assert page.status_code == 200 and "不超过 300 元" in page.content.decode()
    data = {
        "community": world.areas["c1"].pk,
        "title": "一床冬被",
        "category": "daily",
        "value": "400",
        "beneficiary_name": "赵奶奶",
        "beneficiary_phone": "13912345678",
        "beneficiary_address": "",
        "description": "屋里冷",
        "consent": "on",
        "idempotency_key": "k1",
    }
    response = client.post(reverse("wishes:submit"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "微心愿价值不能超过 300 元，这个心愿为 400 元" in body
    assert "一床冬被" in body and "赵奶奶" in body  # nothing typed is lost
    response = client.post(reverse("wishes:submit"), {**data, "value": "200"})
    wish = Wish.objects.get()
    assert response["Location"] == reverse("wishes:submitted", args=[wish.code])
    body = client.get(response["Location"]).content.decode()
    assert wish.code in body and services.pin_for(wish.code) in body
    # Another browser does not see the PIN page.
    client.logout()
    client.cookies.clear()
    assert client.get(reverse("wishes:submitted", args=[wish.code])).status_code == 404


def test_consent_is_required(client, world):
    response = client.post(
        reverse("wishes:submit"),
        {"community": world.areas["c1"].pk, "title": "台灯", "category": "study", "value": "60"},
    )
    assert response.status_code == 400 and "请勾选同意" in response.content.decode()


def test_family_page_with_code_and_pin_then_confirm(client, world):
    wish = to_status(world, "fulfilled")
    response = client.post(reverse("wishes:lookup"), {"code": wish.code, "pin": "000000"})
    assert response.status_code == 400 and "心愿编号或密码不正确" in response.content.decode()
    assert client.get(reverse("wishes:family", args=[wish.code])).status_code == 302
    response = client.post(
        reverse("wishes:lookup"), {"code": wish.code.lower(), "pin": services.pin_for(wish.code)}
    )
    assert response["Location"] == reverse("wishes:family", args=[wish.code])
    body = client.get(response["Location"]).content.decode()
    assert "您的心愿实现了吗" in body and "送去新书包一个" in body
    photo = wish.photos.get()
    assert client.get(reverse("wishes:photo", args=[photo.pk])).status_code == 200
    response = client.post(reverse("wishes:family_confirm", args=[wish.code]), {"comment": "谢谢"})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.status == "closed" and wish.confirm_method == "pin"
    response = client.post(reverse("wishes:family_confirm", args=[wish.code]), {"comment": ""})
    assert response.status_code == 409 and "认领人登记圆梦后，心愿人才能确认" in (
        response.content.decode()
    )


def test_rejected_wish_shows_the_reason_to_the_family(client, world):
    wish = to_status(world, "submitted")
    services.wish_reject(actor=world.actor("c1_handler"), wish=wish, reason="已享受同类救助")
    client.post(reverse("wishes:lookup"), {"code": wish.code, "pin": services.pin_for(wish.code)})
    body = client.get(reverse("wishes:family", args=[wish.code])).content.decode()
    assert "已享受同类救助" in body


def test_too_many_wrong_pins(client, world):
    wish = to_status(world, "submitted")
    for _ in range(10):
        client.post(reverse("wishes:lookup"), {"code": wish.code, "pin": "999999"})
    response = client.post(
        reverse("wishes:lookup"), {"code": wish.code, "pin": services.pin_for(wish.code)}
    )
    assert response.status_code == 400 and "请 15 分钟后再试" in response.content.decode()


def test_photos_private_unless_public(client, world):
    wish = to_status(world, "fulfilled")
    photo = wish.photos.get()
    assert client.get(reverse("wishes:photo", args=[photo.pk])).status_code == 404
    login(client, world, "c1_handler")
    assert client.get(reverse("wishes:photo", args=[photo.pk])).status_code == 200
    client.logout()
    login(client, world, "vol")
    assert client.get(reverse("wishes:photo", args=[photo.pk])).status_code == 200


def test_summary_and_home_panel(client, world):
    today = __import__("django.utils.timezone", fromlist=["x"]).localdate()
    services.round_create(
        actor=world.actor("dispatcher"),
        name="第一批微心愿",
        area=world.areas["street"],
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    to_status(world, "closed")
    body = client.get(reverse("wishes:summary")).content.decode()
    assert "第一批微心愿" in body and "东风社区" in body
    for private in PRIVATE:
        assert private not in body
    to_status(world, "published", title="一盏护眼台灯")
    home = client.get("/").content.decode()
    assert "一盏护眼台灯" in home and reverse("wishes:wall") in home
