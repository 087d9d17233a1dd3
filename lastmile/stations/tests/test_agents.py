"""The village agent's request: the forward-by time, the lifecycle through the transition table
(every action × every status), who may act, scoping (404 outside the agent's village),
optimistic versions, private resident data, notifications."""

from __future__ import annotations

import pytest
from django.http import Http404

from lastmile.core import audit, workcal
from lastmile.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    NotPermitted,
    TransitionNotAllowed,
)
from lastmile.core.models import AuditEvent
from lastmile.notify.models import Notification
from lastmile.stations import services
from lastmile.stations.choices import TRANSITIONS, RequestStatus
from lastmile.stations.selectors import agents as agent_selectors
from lastmile.stations.tests.helpers import aware, register, to_status

pytestmark = pytest.mark.django_db

ACTIONS = {
    "forward": lambda net, r: services.request_forward(actor=net.actor("agent"), request=r),
    "accept": lambda net, r: services.request_accept(actor=net.actor("centre"), request=r),
    "reply": lambda net, r: services.request_reply(
        actor=net.actor("centre"), request=r, reply="已办好"
    ),
    "hand_back": lambda net, r: services.request_hand_back(actor=net.actor("agent"), request=r),
    "cancel": lambda net, r: services.request_cancel(
        actor=net.actor("agent"), request=r, reason="不办了"
    ),
}


def test_forward_by_is_three_working_days(net, clock):
    clock.set(aware(2026, 11, 23, 16))  # a Monday afternoon
    req = register(net)
    # Mon 16:00–17:30, Tue, Wed, Thu morning and 2½ hours: Thursday 16:00.
    assert req.forward_due == aware(2026, 11, 26, 16)
    assert req.status == RequestStatus.REGISTERED and req.centre == net.centre


def test_forward_by_never_exceeds_seven_calendar_days(net):
    start = aware(2026, 9, 30, 10)  # the day before the National Day holiday
    assert workcal.add_working_days(start, 3) > aware(2026, 10, 7, 10)
    assert services.forward_due_for(start) == aware(2026, 10, 7, 10)


def test_the_whole_way_to_closed(net, clock):
    agent, centre = net.actor("agent"), net.actor("centre")
    req = register(net)
    clock.set(aware(2026, 11, 24, 10))
    req = services.request_forward(actor=agent, request=req, note="材料齐全")
    assert req.status == RequestStatus.FORWARDED and not req.forwarded_late
    req = services.request_accept(actor=centre, request=req)
    assert req.accepted_by == net.people["centre"]
    req = services.request_reply(
        actor=centre, request=req, reply="审核通过，低保证已办好", documents_ready=True
    )
    req = services.request_hand_back(actor=agent, request=req, note="已送到陈桂英家中")
    assert req.status == RequestStatus.CLOSED and req.closed_at == aware(2026, 11, 24, 10)
    assert req.version == 5
    verbs = list(
        AuditEvent.objects.filter(object_type="agent_request", object_id=str(req.pk))
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "stations.request.registered",
        "stations.request.forward",
        "stations.request.accept",
        "stations.request.reply",
        "stations.request.hand_back",
    ]
    # The resident's name and phone never reach the audit log.
    for event in AuditEvent.objects.filter(object_type="agent_request"):
        assert "陈桂英" not in str(event.data) and "13907310001" not in str(event.data)
    assert audit.verify().ok

    # The centre heard of the forward, the agent of the reply.
    def told(template):
        sent = Notification.objects.filter(template=template)
        return set(sent.values_list("recipient_user__username", flat=True))

    assert told("agent_request_forwarded") == {"t_centre", "t_duty2"}  # the centre's handlers
    assert told("agent_request_replied") == {"t_agent"}
    for n in Notification.objects.all():
        assert "陈桂英" not in str(n.payload) and "13907310001" not in str(n.payload)


def test_forwarding_after_the_due_time_is_allowed_but_marked_late(net, clock):
    req = register(net)
    clock.set(aware(2026, 11, 27, 9))  # registered Monday 08:00: due Wednesday 17:30
    assert clock.moment > req.forward_due
    req = services.request_forward(actor=net.actor("agent"), request=req)
    assert req.status == RequestStatus.FORWARDED and req.forwarded_late
    event = AuditEvent.objects.get(verb="stations.request.forward")
    assert event.data["late"] is True


@pytest.mark.parametrize("status", RequestStatus.values)
def test_every_action_in_every_status(net, status):
    for action, run in ACTIONS.items():
        req = to_status(net, status)
        if status in TRANSITIONS[action].sources:
            assert run(net, req).status == TRANSITIONS[action].target
        else:
            with pytest.raises(TransitionNotAllowed) as err:
                run(net, req)
            label = RequestStatus(status).label
            assert str(label) in str(err.value) and "不能进行此操作" in str(err.value)


def test_who_may_act(net):
    req = register(net)
    with pytest.raises(NotPermitted) as err:
        services.request_forward(actor=net.actor("centre"), request=req)
    assert "代办员" in str(err.value)
    with pytest.raises(NotPermitted):
        services.request_forward(actor=net.actor("agent2"), request=req)
    req = services.request_forward(actor=net.actor("agent"), request=req)
    with pytest.raises(NotPermitted) as err:
        services.request_accept(actor=net.actor("agent"), request=req)
    assert "服务中心工作人员" in str(err.value)
    with pytest.raises(NotPermitted):  # a community's staff are not the centre's
        services.request_accept(actor=net.actor("c1_handler"), request=req)


def test_outside_the_agents_village_is_not_found(net):
    req = register(net)
    other = net.actor("agent2")
    with pytest.raises(Http404):
        agent_selectors.request_get_for_actor(other, req.pk)
    assert list(agent_selectors.agent_requests(other)) == []
    with pytest.raises(NotFound):
        services.request_register(
            actor=other,
            area=net.village.area,
            service=net.guides["dibao"],
            resident_name="某某",
            resident_phone="13900000000",
        )
    # Those in reach: the agent, the centre's staff, the village's leader, the street.
    for key in ("agent", "centre", "v_secretary", "dispatcher", "supervisor"):
        assert agent_selectors.request_get_for_actor(net.actor(key), req.pk) == req
    for key in ("c1_handler", "handler", "outsider"):
        with pytest.raises(Http404):
            agent_selectors.request_get_for_actor(net.actor(key), req.pk)


def test_stale_version_is_a_conflict(net):
    req = register(net)
    services.request_forward(actor=net.actor("agent"), request=req, expected_version=1)
    with pytest.raises(Conflict) as err:
        services.request_cancel(
            actor=net.actor("agent"), request=req, reason="重复", expected_version=1
        )
    assert "已报送服务中心" in str(err.value)


def test_register_checks_input(net):
    with pytest.raises(InvalidInput) as err:
        register(net, resident_phone="12345")
    assert err.value.field == "resident_phone" and "11位手机号码" in str(err.value)
    with pytest.raises(InvalidInput) as err:
        register(net, resident_name="  ")
    assert err.value.field == "resident_name"
    assert register(net, resident_phone="139 0731 0002").resident_phone == "13907310002"
    assert register(net, resident_phone="0731-8123456").resident_phone == "0731-8123456"
    with pytest.raises(InvalidInput) as err:
        services.request_cancel(actor=net.actor("agent"), request=register(net), reason="")
    assert err.value.field == "reason"
    req = services.request_forward(actor=net.actor("agent"), request=register(net))
    req = services.request_accept(actor=net.actor("centre"), request=req)
    with pytest.raises(InvalidInput) as err:
        services.request_reply(actor=net.actor("centre"), request=req, reply=" ")
    assert err.value.field == "reply"


def test_agent_assignment_rules(net):
    v_secretary = net.actor("v_secretary")
    with pytest.raises(InvalidInput):  # already the village's agent
        services.agent_assign(actor=v_secretary, person=net.people["agent"], area=net.village.area)
    with pytest.raises(NotPermitted):  # another village's leader cannot appoint here
        services.agent_assign(
            actor=net.actor("c1_handler"), person=net.people["duty"], area=net.village.area
        )
    with pytest.raises(InvalidInput):
        services.agent_assign(
            actor=net.actor("admin"), person=net.people["duty"], area=net.world.areas["c1g1"]
        )
    second = services.agent_assign(
        actor=v_secretary, person=net.people["duty"], area=net.village.area
    )
    assert second.centre == net.centre
    services.agent_unassign(actor=v_secretary, assignment=second)
    with pytest.raises(NotFound):
        services.request_register(
            actor=net.actor("duty"),
            area=net.village.area,
            service=net.guides["dibao"],
            resident_name="某某",
            resident_phone="13900000000",
        )


def test_lists_and_counts(net, clock):
    late = register(net)
    clock.set(aware(2026, 11, 27, 9))
    fresh = register(net, resident_name="李四")
    forwarded = services.request_forward(actor=net.actor("agent"), request=register(net))
    agent = net.actor("agent")
    rows = list(agent_selectors.agent_requests(agent))
    assert [r.pk for r in rows] == [late.pk, fresh.pk, forwarded.pk]
    assert [r.overdue for r in rows] == [True, False, False]
    assert agent_selectors.agent_counts(agent) == {
        "open": 3,
        "to_forward": 2,
        "overdue": 1,
        "to_hand_back": 0,
        "done": 0,
    }
    queue = list(agent_selectors.incoming(net.actor("centre")))
    assert [r.pk for r in queue] == [forwarded.pk]
    assert agent_selectors.incoming_counts(net.actor("centre"))["forwarded"] == 1
    assert list(agent_selectors.incoming(net.actor("c1_handler"))) == []
