"""Staff pages with the test client: roster editor (permissions, 404 outside, errors next to the
field with input kept), missed duty, the agent's list and register form, the centre's queue, a
request's page and its actions (404 outside the village, late forwarding, stale versions)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lastmile.stations.choices import RequestStatus
from lastmile.stations.models import AgentRequest, DutyShift
from lastmile.stations.tests.helpers import aware, register, shift
from lastmile.stations.tests.test_views_public import login

pytestmark = pytest.mark.django_db


def test_desk_home_for_each_role(client, net):
    login(client, net, "agent")
    body = client.get(reverse("stations:desk")).content.decode()
    assert "我的代办" in body and "登记代办事项" in body and "中心待办队列" not in body
    client.logout()
    login(client, net, "centre")
    body = client.get(reverse("stations:desk")).content.decode()
    assert "中心待办队列" in body and "我的代办" not in body
    client.logout()
    login(client, net, "c1_leader")
    body = client.get(reverse("stations:desk")).content.decode()
    assert "值班表" in body and "脱岗统计" in body
    client.logout()
    assert client.get(reverse("stations:desk")).status_code == 302  # login first


def test_roster_editor_permissions_and_scope(client, net):
    login(client, net, "c1_leader")
    assert client.get(reverse("stations:roster", args=[net.c1.pk])).status_code == 200
    assert client.get(reverse("stations:roster", args=[net.v1.pk])).status_code == 404
    index = client.get(reverse("stations:roster_index")).content.decode()
    assert "东风社区党群服务站" in index and "桃园村党群服务站" not in index
    client.logout()
    login(client, net, "c1_handler")
    assert client.get(reverse("stations:roster", args=[net.c1.pk])).status_code == 403
    assert client.get(reverse("stations:missed")).status_code == 403


def test_roster_add_and_remove(client, net, clock):
    login(client, net, "c1_leader")
    url = reverse("stations:roster", args=[net.c1.pk])
    person = net.people["duty"].pk
    bad = client.post(
        url,
        {
            "person": person,
            "post": "值班站长",
            "day": "2026-11-24",
            "starts": "12:00",
            "ends": "09:00",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400 and "结束时间必须晚于开始时间" in body
    assert 'value="值班站长"' in body and 'value="2026-11-24"' in body  # nothing typed is lost
    ok = client.post(
        url,
        {
            "person": person,
            "post": "值班站长",
            "day": "2026-11-24",
            "starts": "09:00",
            "ends": "12:00",
        },
    )
    assert ok.status_code == 302 and "week=2026-11-23" in ok["Location"]
    added = DutyShift.objects.get()
    week = client.get(ok["Location"]).content.decode()
    assert "李秀英" in week and "已排入值班表" in week
    outsider = client.post(
        url,
        {
            "person": net.people["agent2"].pk,
            "day": "2026-11-24",
            "starts": "13:00",
            "ends": "14:00",
        },
    )
    assert outsider.status_code == 400 and "选择一个有效的选项" in outsider.content.decode()
    removed = client.post(
        reverse("stations:roster_remove", args=[net.c1.pk, added.pk]), follow=True
    )
    assert "已从值班表删除该班次" in removed.content.decode()
    assert not DutyShift.objects.exists()


def test_started_shift_cannot_be_removed_from_the_page(client, net, clock):
    started = shift(net, "duty", net.c1, aware(2026, 11, 23, 9), aware(2026, 11, 23, 12))
    clock.set(aware(2026, 11, 23, 9, 30))
    login(client, net, "c1_leader")
    response = client.post(
        reverse("stations:roster_remove", args=[net.c1.pk, started.pk]), follow=True
    )
    assert "已开始的班次须留档，不能删除" in response.content.decode()
    assert DutyShift.objects.filter(pk=started.pk).exists()


def test_missed_duty_view(client, net, clock, django_assert_max_num_queries):
    shift(net, "duty", net.c1, aware(2026, 11, 23, 9), aware(2026, 11, 23, 12))
    shift(net, "duty2", net.centre, aware(2026, 11, 23, 9), aware(2026, 11, 23, 12))
    clock.set(aware(2026, 11, 23, 13))
    login(client, net, "dispatcher")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("stations:missed"), {"month": "2026-11"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["report"].totals["missed"] == 2
    assert "李秀英" in body and "欧阳明" in body and "缺岗" in body
    assert client.get(reverse("stations:missed"), {"month": "junk"}).status_code == 200


def test_my_duty_page(client, net, clock):
    shift(net, "duty", net.c1, aware(2026, 11, 23, 9), aware(2026, 11, 23, 12), "值班站长")
    login(client, net, "duty")
    body = client.get(reverse("stations:my_duty")).content.decode()
    assert "东风社区党群服务站" in body and "btn-checkin" not in body  # 08:00: too early
    clock.set(aware(2026, 11, 23, 8, 45))
    body = client.get(reverse("stations:my_duty")).content.decode()
    assert "btn-checkin" in body
    client.logout()
    login(client, net, "agent")
    assert "未来七天您没有值班安排" in client.get(reverse("stations:my_duty")).content.decode()


def test_agent_list_and_register(client, net, clock, django_assert_max_num_queries):
    for i in range(5):
        register(net, resident_name=f"居民{i}")
    login(client, net, "agent")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("stations:requests"))
    body = response.content.decode()
    assert response.status_code == 200 and "居*" in body and "居民0" not in body
    assert "报送时限" in body and "剩余" in body
    url = reverse("stations:request_new")
    form = {
        "area": net.village.area.pk,
        "service": net.guides["dibao"].pk,
        "resident_name": "刘大爷",
        "resident_phone": "12345",
        "notes": "行动不便，请代办",
    }
    bad = client.post(url, form)
    text = bad.content.decode()
    assert bad.status_code == 400 and "请填写11位手机号码" in text
    assert 'value="刘大爷"' in text and "行动不便，请代办" in text
    form["resident_phone"] = "13907319999"
    ok = client.post(url, form)
    created = AgentRequest.objects.get(resident_name="刘大爷")
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "stations:request", args=[created.pk]
    )
    # Another village's id (tampered form): as if it did not exist.
    form["area"] = net.other_village.pk
    assert client.post(url, form).status_code == 404
    client.logout()
    login(client, net, "centre")
    assert client.get(reverse("stations:requests")).status_code == 403


def test_request_page_scoped_and_actions(client, net, clock):
    req = register(net)
    url = reverse("stations:request", args=[req.pk])
    login(client, net, "agent2")
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("stations:request_action", args=[req.pk, "forward"]), {"version": 1}
        ).status_code
        == 404
    )
    client.logout()
    login(client, net, "agent")
    page = client.get(url).content.decode()
    assert "陈桂英" in page and "13907310001" in page and "报送服务中心" in page
    clock.set(aware(2026, 11, 27, 9))  # past the forward-by time
    done = client.post(
        reverse("stations:request_action", args=[req.pk, "forward"]),
        {"version": 1, "note": "材料齐全"},
        follow=True,
    )
    assert "超过报送时限：记为逾期报送" in done.content.decode()
    stale = client.post(
        reverse("stations:request_action", args=[req.pk, "cancel"]),
        {"version": 1, "reason": "重复登记"},
    )
    assert stale.status_code == 409 and "刚才有人修改了该代办事项" in stale.content.decode()
    client.logout()
    login(client, net, "centre")
    missing = client.post(
        reverse("stations:request_action", args=[req.pk, "reply"]), {"version": 2, "reply": "x"}
    )
    assert missing.status_code == 409  # not accepted yet
    client.post(reverse("stations:request_action", args=[req.pk, "accept"]), {"version": 2})
    empty = client.post(
        reverse("stations:request_action", args=[req.pk, "reply"]), {"version": 3, "reply": ""}
    )
    assert empty.status_code == 400 and "这个字段是必填项" in empty.content.decode()
    replied = client.post(
        reverse("stations:request_action", args=[req.pk, "reply"]),
        {"version": 3, "reply": "审核通过，请到中心领取", "documents_ready": "on"},
        follow=True,
    )
    assert "答复已发给代办员" in replied.content.decode()
    assert AgentRequest.objects.get(pk=req.pk).status == RequestStatus.REPLIED
    assert (
        client.post(
            reverse("stations:request_action", args=[req.pk, "nonsense"]), {"version": 4}
        ).status_code
        == 404
    )


def test_incoming_queue(client, net, django_assert_max_num_queries):
    from lastmile.stations import services

    for i in range(4):
        services.request_forward(
            actor=net.actor("agent"), request=register(net, resident_name=f"居民{i}")
        )
    login(client, net, "centre")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("stations:incoming"))
    assert response.status_code == 200 and response.context["counts"]["forwarded"] == 4
    assert len(response.context["rows"]) == 4
    client.logout()
    login(client, net, "agent")
    assert client.get(reverse("stations:incoming")).status_code == 403


def test_an_action_beyond_the_role_is_refused_with_403(client, net):
    req = register(net)
    login(client, net, "v_secretary")  # sees the village's requests, but is not its agent
    page = client.get(reverse("stations:request", args=[req.pk])).content.decode()
    assert "现在无需您操作" in page
    refused = client.post(
        reverse("stations:request_action", args=[req.pk, "forward"]), {"version": 1}
    )
    assert refused.status_code == 403 and "只有本村代办员可以进行此操作" in refused.content.decode()
    assert AgentRequest.objects.get(pk=req.pk).status == RequestStatus.REGISTERED


def test_admin_pages(client, net, django_user_model):
    from lastmile.stations.services import request_forward

    request_forward(actor=net.actor("agent"), request=register(net))
    boss = django_user_model.objects.create_superuser("t_root", "root@example.org", "x-pass-123")
    client.force_login(boss)
    for name in ("station", "serviceguide", "agentassignment", "dutyshift", "agentrequest"):
        response = client.get(reverse(f"admin:stations_{name}_changelist"))
        assert response.status_code == 200, name
    station = client.get(reverse("admin:stations_station_change", args=[net.c1.pk]))
    assert station.status_code == 200
    req = AgentRequest.objects.get()
    detail = client.get(reverse("admin:stations_agentrequest_change", args=[req.pk]))
    assert detail.status_code == 200 and "陈桂英" not in detail.content.decode()
