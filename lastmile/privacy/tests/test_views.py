"""/me/data/ (page, JSON, .xlsx, deletion request) and /desk/privacy/ (review)."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.privacy.models import DeletionRequest
from lastmile.privacy.tests.helpers import PHONE, other_street_admin, raise_concern, resident

pytestmark = pytest.mark.django_db


def test_page_lists_my_data(client, world, django_assert_max_num_queries):
    person = resident(world)
    concern = raise_concern(world, person)
    client.force_login(person.user)
    with django_assert_max_num_queries(40):
        page = client.get("/me/data/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "平台保存的我的信息" in html and concern.code in html and "小区门口路灯坏了三天" in html
    assert PHONE in html  # their own data, unmasked, to themselves
    assert "暂无此类信息。" in html


def test_anonymous_is_sent_to_login(client):
    assert client.get("/me/data/").status_code == 302
    assert client.get("/me/data/export.json").status_code == 302


def test_json_and_xlsx_hold_the_same_content(client, world):
    person = resident(world)
    concern = raise_concern(world, person)
    client.force_login(person.user)
    response = client.get("/me/data/export.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["concerns"]["rows"][0]["code"] == concern.code
    assert data["concerns"]["columns"]["code"] == "追踪码" or data["concerns"]["columns"]["code"]
    xlsx = client.get("/me/data/export.xlsx")
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert len(wb.sheetnames) == len(data)
    for key, section in data.items():
        ws = wb[section["title"][:31]]
        assert ws.max_row == len(section["rows"]) + 1, key
    concerns_sheet = wb[data["concerns"]["title"][:31]]
    assert concern.code in [c.value for c in concerns_sheet[2]]


def test_ask_for_deletion(client, world):
    person = resident(world)
    client.force_login(person.user)
    bad = client.post("/me/data/delete/", {"reason": ""})
    assert bad.status_code == 400 and "必填" in bad.content.decode()
    ok = client.post("/me/data/delete/", {"reason": "搬走了"}, follow=True)
    assert "申请已提交" in ok.content.decode() and "待审核" in ok.content.decode()
    twice = client.post("/me/data/delete/", {"reason": "再问一次"})
    assert twice.status_code == 400
    html = twice.content.decode()
    assert "您已经提交过申请" in html and "再问一次" in html  # nothing typed is lost


def test_desk_refuse_and_approve(client, world, django_assert_max_num_queries):
    person = resident(world)
    open_concern = raise_concern(world, person)
    client.force_login(person.user)
    client.post("/me/data/delete/", {"reason": "搬走了"})
    req = DeletionRequest.objects.get()
    client.force_login(world.people["admin"].user)
    with django_assert_max_num_queries(15):
        desk = client.get("/desk/privacy/")
    assert desk.status_code == 200 and "搬走了" in desk.content.decode()
    assert "王小明" not in desk.content.decode()  # masked
    refused = client.post(
        f"/desk/privacy/{req.pk}/approve/", {"version": 1, "decision_reason": "可以"}
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "仍在办理中" in html and open_concern.code in html and "可以" in html
    Concern.objects.filter(pk=open_concern.pk).update(status=Status.CLOSED)
    done = client.post(f"/desk/privacy/{req.pk}/approve/", {"version": 1}, follow=True)
    assert "已批准：该居民的身份信息已删除。" in done.content.decode()
    assert Concern.objects.get(pk=open_concern.pk).resident_name == "已删除"


def test_desk_refuse_needs_a_reason(client, world):
    person = resident(world)
    client.force_login(person.user)
    client.post("/me/data/delete/", {"reason": "搬走了"})
    req = DeletionRequest.objects.get()
    client.force_login(world.people["admin"].user)
    response = client.post(f"/desk/privacy/{req.pk}/refuse/", {"version": 1, "decision_reason": ""})
    assert response.status_code == 400 and "请填写理由。" in response.content.decode()
    ok = client.post(
        f"/desk/privacy/{req.pk}/refuse/",
        {"version": 1, "decision_reason": "依法需保留"},
        follow=True,
    )
    assert "未批准：已告知该居民理由。" in ok.content.decode()


def test_other_street_admin_gets_404(client, world):
    person = resident(world)
    client.force_login(person.user)
    client.post("/me/data/delete/", {"reason": "搬走了"})
    req = DeletionRequest.objects.get()
    other = other_street_admin(world)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(pk=other.user_id))
    assert "搬走了" not in client.get("/desk/privacy/").content.decode()
    assert client.post(f"/desk/privacy/{req.pk}/approve/", {"version": 1}).status_code == 404
    client.force_login(world.people["dispatcher"].user)
    assert client.get("/desk/privacy/").status_code == 404
    client.force_login(person.user)
    assert client.get("/desk/privacy/").status_code == 404
    assert DeletionRequest.objects.get().status == "pending"
