"""The wish desk with the test client: scope (404 outside, 403 for non-staff), the list with its
query count, collecting, the actions with kept input, import, rounds and their figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lastmile.orgs.testing import PASSWORD
from lastmile.wishes import services
from lastmile.wishes.models import Round, Wish
from lastmile.wishes.tests.helpers import submit, to_status

pytestmark = pytest.mark.django_db


def login(client, world, key):
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def test_desk_needs_staff(client, world):
    assert client.get(reverse("wishes:desk")).status_code == 302  # to the login page
    login(client, world, "outsider")
    assert client.get(reverse("wishes:desk")).status_code == 403
    client.logout()
    login(client, world, "handler")  # a department's handler: no community
    assert client.get(reverse("wishes:desk")).status_code == 403


def test_list_counts_and_query_count(client, world, django_assert_max_num_queries):
    for n in range(5):
        submit(world, title=f"心愿{n}")
    to_status(world, "published", title="已发布")
    login(client, world, "c1_handler")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("wishes:desk"))
    body = response.content.decode()
    assert response.status_code == 200 and "心愿4" in body and "王小明" in body
    assert response.context["counts"]["submitted"] == 5
    response = client.get(reverse("wishes:desk"), {"status": "published"})
    assert [w.title for w in response.context["page"].object_list] == ["已发布"]


def test_outside_the_area_is_404(client, world):
    wish = submit(world)
    url = reverse("wishes:desk_wish", args=[wish.code])
    login(client, world, "c2_handler")
    assert client.get(url).status_code == 404
    action = reverse("wishes:desk_action", args=[wish.code, "verify"])
    response = client.post(action, {"version": 1, "method": "visit", "note": "看过"})
    assert response.status_code == 404
    client.logout()
    login(client, world, "c1_handler")
    body = client.get(url).content.decode()
    assert "王小明" in body and services.pin_for(wish.code) in body


def test_verify_and_publish_through_the_page(client, world):
    wish = submit(world)
    login(client, world, "c1_handler")
    action = reverse("wishes:desk_action", args=[wish.code, "verify"])
    response = client.post(action, {"version": 1, "method": "visit", "note": ""})
    assert response.status_code == 400
    response = client.post(action, {"version": 1, "method": "visit", "note": "入户核实属实"})
    assert response.status_code == 302
    publish = reverse("wishes:desk_action", args=[wish.code, "publish"])
    response = client.post(publish, {"version": 1})  # stale: the verify bumped it
    assert response.status_code == 409 and "刚刚有人修改了这个心愿" in response.content.decode()
    assert client.post(publish, {"version": 2}).status_code == 302
    assert Wish.objects.get().status == "published"


def test_edit_over_the_cap_keeps_the_input(client, world):
    wish = submit(world)
    login(client, world, "c1_handler")
    response = client.post(
        reverse("wishes:desk_action", args=[wish.code, "edit"]),
        {
            "version": 1,
            "title": "新书包和文具",
            "category": "study",
            "value": "999",
            "beneficiary_name": "王小明",
            "beneficiary_phone": "13812345678",
            "beneficiary_address": "东风社区3栋",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "微心愿价值不能超过 300 元" in body
    assert "新书包和文具" in body
    assert Wish.objects.get().value == 120


def test_confirm_before_fulfil_is_refused_and_after_works(client, world):
    wish = to_status(world, "claimed")
    login(client, world, "c1_handler")
    url = reverse("wishes:desk_action", args=[wish.code, "confirm"])
    data = {"version": wish.version, "method": "phone", "note": "电话回访，确认收到"}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "认领人登记圆梦后，心愿人才能确认（当前为“已认领”）" in response.content.decode()
    wish = to_status(world, "fulfilled", claimer="vol2")
    url = reverse("wishes:desk_action", args=[wish.code, "confirm"])
    assert client.post(url, {**data, "version": wish.version}).status_code == 302
    assert Wish.objects.get(pk=wish.pk).confirm_method == "phone"


def test_collect_on_behalf(client, world):
    login(client, world, "c1_handler")
    page = client.get(reverse("wishes:desk_new"))
    assert page.status_code == 200
    options = [c.name for c in page.context["form"].fields["community"].queryset]
    assert options == ["东风社区"]
    response = client.post(
        reverse("wishes:desk_new"),
        {
            "channel": "visit",
            "community": world.areas["c1"].pk,
            "title": "一副老花镜",
            "category": "health",
            "value": "80",
            "beneficiary_name": "李奶奶",
            "beneficiary_address": "东风社区5栋101",
            "idempotency_key": "x1",
        },
    )
    wish = Wish.objects.get()
    assert response["Location"] == reverse("wishes:desk_wish", args=[wish.code])
    assert wish.channel == "visit" and wish.created_by == world.people["c1_handler"]
    response = client.post(
        reverse("wishes:desk_new"),
        {"channel": "visit", "community": world.areas["c2"].pk, "title": "x", "value": "1"},
    )
    assert response.status_code == 400  # 向阳社区 is not a choice for this cadre


def test_import_page(client, world):
    login(client, world, "c1_handler")
    bad = SimpleUploadedFile(
        "w.csv", "社区,心愿,价值（元）,姓名,电话\n东风社区,书包,999,王,13812345678\n".encode()
    )
    response = client.post(reverse("wishes:desk_import"), {"file": bad})
    body = response.content.decode()
    assert response.status_code == 400 and "微心愿价值不能超过 300 元" in body
    (issue,) = response.context["result"].issues
    assert (issue.row, issue.column) == (2, "价值（元）")
    assert Wish.objects.count() == 0
    good = SimpleUploadedFile(
        "w.csv", "社区,心愿,价值（元）,姓名,电话\n东风社区,书包,99,王,13812345678\n".encode()
    )
    response = client.post(reverse("wishes:desk_import"), {"file": good})
    assert response.status_code == 200 and Wish.objects.count() == 1
    assert "已导入 1 个心愿" in response.content.decode()


def test_rounds_pages(client, world):
    login(client, world, "dispatcher")
    today = timezone.localdate()
    response = client.post(
        reverse("wishes:desk_rounds"),
        {
            "name": "2025年秋季微心愿",
            "area": world.areas["street"].pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=60)).isoformat(),
        },
    )
    made = Round.objects.get()
    assert response["Location"] == reverse("wishes:desk_round", args=[made.pk])
    response = client.post(
        reverse("wishes:desk_rounds"),
        {
            "name": "重叠",
            "area": world.areas["street"].pk,
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 400 and "时间重叠" in response.content.decode()
    to_status(world, "closed")
    client.logout()
    login(client, world, "c1_handler")
    body = client.get(reverse("wishes:desk_round", args=[made.pk])).content.decode()
    assert "2025年秋季微心愿" in body and "东风社区" in body
    assert "120" in body
