"""The agent sweep: a reminder at the forward-by time and a 催办 one working day later, each
exactly once, however often or concurrently the sweep runs."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from lastmile.core.models import AuditEvent
from lastmile.notify.models import Notification
from lastmile.stations import services
from lastmile.stations.choices import EscalationLevel
from lastmile.stations.models import AgentEscalation
from lastmile.stations.services import sweep
from lastmile.stations.tasks import agent_sweep_task
from lastmile.stations.tests.helpers import aware, register

pytestmark = pytest.mark.django_db


def levels(req) -> list[str]:
    return sorted(AgentEscalation.objects.filter(request=req).values_list("level", flat=True))


def test_reminder_at_the_due_time_then_urge_a_working_day_later(net, clock):
    clock.set(aware(2026, 11, 23, 16))  # Monday: due Thursday 26th 16:00
    req = register(net)
    assert req.forward_due == aware(2026, 11, 26, 16)
    assert services.agent_sweep(now=aware(2026, 11, 26, 15, 59)).total == 0
    first = services.agent_sweep(now=aware(2026, 11, 26, 16))
    assert first.reminders == [req.number] and first.urges == []
    assert services.agent_sweep(now=aware(2026, 11, 27, 15)).total == 0  # ran again: nothing
    urge = services.agent_sweep(now=aware(2026, 11, 27, 16))  # one working day after
    assert urge.reminders == [] and urge.urges == [req.number]
    assert services.agent_sweep(now=aware(2026, 11, 30, 9)).total == 0
    assert levels(req) == [EscalationLevel.REMINDER, EscalationLevel.URGE]
    # Each level told the agent and the centre's handlers (王窗口, 欧阳明) once.
    sent = Notification.objects.filter(template__startswith="agent_request_")
    assert sent.filter(template="agent_request_reminder").count() == 3
    assert sent.filter(template="agent_request_urged").count() == 3
    recipients = set(sent.values_list("recipient_user__username", flat=True))
    assert recipients == {"t_agent", "t_centre", "t_duty2"}
    verbs = AuditEvent.objects.filter(verb__startswith="stations.request.escalated")
    assert verbs.count() == 2 and {e.actor_label for e in verbs} == {"system"}


def test_a_late_sweep_sends_both_once_and_skips_forwarded_requests(net, clock):
    req = register(net)
    done = services.request_forward(actor=net.actor("agent"), request=register(net))
    result = services.agent_sweep(now=aware(2026, 12, 10, 10))
    assert result.reminders == [req.number] and result.urges == [req.number]
    assert levels(done) == []
    assert services.agent_sweep(now=aware(2026, 12, 11, 10)).total == 0


def test_an_overlapping_sweep_finds_the_work_done(net, clock):
    """Two sweeps read the same due request; the second insert hits the unique constraint."""
    req = register(net)
    now = aware(2026, 11, 27, 10)
    stale = sweep.AgentRequest.objects.get(pk=req.pk)
    assert sweep._escalate(req, EscalationLevel.REMINDER, now)
    assert not sweep._escalate(stale, EscalationLevel.REMINDER, now)
    assert Notification.objects.filter(template="agent_request_reminder").count() == 3
    assert AuditEvent.objects.filter(verb="stations.request.escalated.reminder").count() == 1


def test_the_periodic_task(net, clock):
    register(net)
    clock.set(aware(2026, 12, 10, 10))
    result = agent_sweep_task.enqueue()
    assert result.return_value == {"reminders": 1, "urges": 1}
    assert agent_sweep_task.enqueue().return_value == {"reminders": 0, "urges": 0}


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_escalate_once(world, village, clock):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the concurrency test needs PostgreSQL")
    from lastmile.stations.tests.helpers import build_network

    net = build_network(world, village)
    reqs = [register(net, resident_name=f"居民{i}") for i in range(5)]
    now = aware(2026, 12, 10, 10)
    barrier = threading.Barrier(3)
    totals = []
    errors = []

    def run() -> None:
        try:
            barrier.wait()
            totals.append(services.agent_sweep(now=now).total)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(totals) == 10
    for req in reqs:
        assert levels(req) == [EscalationLevel.REMINDER, EscalationLevel.URGE]
    assert Notification.objects.filter(template="agent_request_urged").count() == 15
