import os
import signal
import threading
from io import StringIO

import pytest
from django.core.management import call_command

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.tasks import escalation_sweep_task
from lastmile.orgs.selectors import Actor


def _late_concern(world):
    """A dispatched concern whose sign-for deadline has passed."""
    anon = Actor(user_id=None, label="anonymous")
    concern = services.concern_submit(
        actor=anon,
        channel=Channel.WEB,
        kind=Kind.COMPLAINT,
        text="路灯坏了很久没人修",
        area=world.areas["c1g1"],
    ).concern
    concern = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
    )
    Concern.objects.filter(pk=concern.pk).update(sign_due=concern.created_at.replace(year=2020))
    return concern


def test_task_runs_the_sweep(world):
    concern = _late_concern(world)
    result = escalation_sweep_task.enqueue()
    assert result.return_value == {"reminders": 1, "urges": 0, "circulars": 0, "not_rated": 0}
    concern.refresh_from_db()
    assert concern.escalation == "reminder" and concern.status == Status.DISPATCHED


def test_sweep_command_prints_counts(world):
    _late_concern(world)
    out = StringIO()
    call_command("sweep", stdout=out)
    assert "reminders=1" in out.getvalue()
    out = StringIO()
    call_command("sweep", stdout=out)  # idempotent: each escalation happens once
    assert "reminders=0" in out.getvalue()


def test_scheduler_once_enqueues_one_sweep(world):
    _late_concern(world)
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert out.getvalue().count("enqueued escalation sweep") == 1
    assert Concern.objects.filter(escalation="reminder").count() == 1


@pytest.mark.django_db
def test_scheduler_loop_is_bounded():
    out = StringIO()
    call_command("scheduler", "--interval", "0", "--max-runs", "3", stdout=out)
    assert out.getvalue().count("enqueued escalation sweep") == 3
    assert "scheduler stopped" in out.getvalue()


@pytest.mark.django_db
def test_scheduler_stops_on_sigterm():
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    out = StringIO()
    try:
        call_command("scheduler", "--interval", "0.05", stdout=out)
    finally:
        timer.cancel()
    assert "scheduler stopped" in out.getvalue()
    assert out.getvalue().count("enqueued") >= 2
    assert signal.getsignal(signal.SIGTERM) == before


@pytest.mark.django_db
def test_scheduler_rejects_negative_interval():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("scheduler", "--interval", "-1")
