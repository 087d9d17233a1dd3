"""督办 sweep: reminder, urge, circular, callback expiry — each exactly once per dispatch round."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import EscalationLevel, Outcome, Satisfaction, Status
from lastmile.concerns.models import Concern, Escalation
from lastmile.concerns.services.escalation import _escalate, supervising_unit
from lastmile.concerns.testing import ANONYMOUS, aware, fresh, frozen, submit
from lastmile.core import audit, workcal
from lastmile.core.errors import TransitionNotAllowed
from lastmile.core.models import AuditEvent

DISPATCH_AT = aware(2026, 9, 30, 16)
SIGN_DUE = aware(2026, 10, 8, 9, 30)
RESOLVE_DUE = aware(2026, 10, 27, 16)  # Tuesday
URGE_FROM = aware(2026, 10, 28, 9)  # next working day, start of work
# 5 working days after the urge (09:00 Wed): 5 x 7 working hours end at close of business on
# Tue 11-03 (10-28, 29, 30, 11-02, 11-03); the same working moment as 09:00 Wed 11-04.
CIRCULAR_FROM = aware(2026, 11, 3, 17, 30)


def _events(concern, verb):
    return AuditEvent.objects.filter(
        object_type="concern", object_id=str(concern.pk), verb=verb
    ).count()


def _sweep(moment, times=3):
    results = [services.escalation_sweep(now=moment) for _ in range(times)]
    return results[0], results[1:]


@pytest.fixture
def dispatched(world):
    concern = submit(world)
    with frozen(DISPATCH_AT):
        concern = services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
        )
    assert (concern.sign_due, concern.resolve_due) == (SIGN_DUE, RESOLVE_DUE)
    return concern


@pytest.fixture
def in_progress(world, dispatched):
    with frozen(aware(2026, 10, 8, 9)):
        concern = services.concern_sign(actor=world.actor("handler"), concern=dispatched)
        return services.concern_contact(
            actor=world.actor("handler"), concern=concern, note="电话联系了居民"
        )


def test_the_assumed_calendar(db):
    for day in (date(2026, 10, 31), date(2026, 11, 1)):
        assert day.weekday() >= 5
    assert workcal.add_working_days(URGE_FROM, 5) == CIRCULAR_FROM


def test_reminder_after_sign_due_exactly_once(world, dispatched):
    first, again = _sweep(SIGN_DUE - timedelta(minutes=1))
    assert first.reminders == []
    first, again = _sweep(SIGN_DUE + timedelta(minutes=1))
    assert first.reminders == [dispatched.code]
    assert all(r.total == 0 for r in again)
    esc = Escalation.objects.get(concern=dispatched)
    assert (esc.level, esc.round, esc.unit) == ("reminder", 1, world.units["housing"])
    assert _events(dispatched, "concern.escalated.reminder") == 1
    assert fresh(dispatched).escalation == EscalationLevel.REMINDER


def test_no_reminder_once_signed(world, in_progress):
    first, _ = _sweep(SIGN_DUE + timedelta(hours=1))
    assert first.reminders == []


def test_urge_only_from_the_next_working_day(world, in_progress):
    for moment in (
        RESOLVE_DUE + timedelta(minutes=1),
        aware(2026, 10, 27, 23),
        URGE_FROM - timedelta(seconds=1),
    ):
        first, _ = _sweep(moment, times=1)
        assert first.urges == [], moment
    first, again = _sweep(URGE_FROM)
    assert first.urges == [in_progress.code]
    assert first.circulars == []
    assert all(r.total == 0 for r in again)
    assert _events(in_progress, "concern.escalated.urge") == 1
    urge = Escalation.objects.get(concern=in_progress, level=EscalationLevel.URGE)
    assert urge.unit == world.units["housing"] and urge.created_at == URGE_FROM


def test_circular_five_working_days_after_the_urge(world, in_progress):
    _sweep(URGE_FROM, times=1)
    first, _ = _sweep(CIRCULAR_FROM - timedelta(minutes=1), times=2)
    assert first.circulars == []
    first, again = _sweep(CIRCULAR_FROM)
    assert first.circulars == [in_progress.code]
    assert all(r.total == 0 for r in again)
    circular = Escalation.objects.get(concern=in_progress, level=EscalationLevel.CIRCULAR)
    assert circular.unit == world.units["district_gov"]  # housing's superior unit
    assert _events(in_progress, "concern.escalated.circular") == 1
    assert fresh(in_progress).escalation == EscalationLevel.CIRCULAR
    assert audit.verify().ok


def test_supervising_unit_of_a_community(world):
    concern = submit(world)
    concern = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=concern, unit=world.units["c1_org"]
    )
    assert supervising_unit(concern) == world.units["street_gov"]


def test_concurrent_escalations_collapse_to_one(world, dispatched):
    stale_a, stale_b = fresh(dispatched), fresh(dispatched)
    assert _escalate(stale_a, EscalationLevel.REMINDER, None, SIGN_DUE) is True
    assert _escalate(stale_b, EscalationLevel.REMINDER, None, SIGN_DUE) is False
    assert Escalation.objects.filter(concern=dispatched).count() == 1
    assert _events(dispatched, "concern.escalated.reminder") == 1
    assert audit.verify().ok


def test_a_new_dispatch_round_escalates_again(world, in_progress):
    _sweep(URGE_FROM, times=1)
    with frozen(aware(2026, 10, 29, 10)):
        concern = services.concern_reply(
            actor=world.actor("handler"),
            concern=in_progress,
            text="已处理完毕并告知居民",
            resolved=True,
        )
        concern = services.concern_callback(
            actor=ANONYMOUS,
            concern=concern,
            contacted=True,
            resolved=False,
            satisfaction=Satisfaction.DISSATISFIED,
        )
        assert concern.status == Status.REOPENED
    with frozen(aware(2026, 10, 30, 10)):
        concern = services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
        )
    assert concern.dispatch_round == 2 and concern.escalation == ""
    first, again = _sweep(concern.sign_due + timedelta(minutes=1))
    assert first.reminders == [concern.code]
    assert all(r.total == 0 for r in again)
    assert set(Escalation.objects.filter(concern=concern).values_list("level", "round")) == {
        ("urge", 1),
        ("reminder", 2),
    }


def test_callback_window_expiry_is_not_rated_and_never_satisfied(world, in_progress):
    with frozen(aware(2026, 10, 12, 10)):
        concern = services.concern_reply(
            actor=world.actor("handler"),
            concern=in_progress,
            text="已处理完毕并告知居民",
            resolved=True,
        )
    assert concern.callback_due == aware(2026, 10, 15, 10)  # 3 working days
    first, _ = _sweep(aware(2026, 10, 15, 9, 59), times=1)
    assert first.not_rated == []
    first, again = _sweep(aware(2026, 10, 15, 10, 1))
    assert first.not_rated == [concern.code]
    assert all(r.total == 0 for r in again)
    stored = fresh(concern)
    assert stored.status == Status.CLOSED
    assert stored.outcome == Outcome.NOT_RATED
    assert stored.cb_satisfaction == "" and stored.cb_resolved is None
    assert stored.closed_at == aware(2026, 10, 15, 10, 1)
    assert _events(concern, "concern.expire_callback") == 1
    satisfied = Concern.objects.filter(
        cb_satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.MOSTLY_SATISFIED]
    )
    assert not satisfied.exists()
    # a late answer can no longer turn it into "satisfied"
    with pytest.raises(TransitionNotAllowed):
        services.concern_callback(
            actor=ANONYMOUS,
            concern=stored,
            contacted=True,
            resolved=True,
            satisfaction=Satisfaction.SATISFIED,
        )
    assert not satisfied.exists()


def test_answered_consult_expires_too(world):
    from lastmile.concerns.choices import Kind
    from lastmile.concerns.testing import reach

    with frozen(aware(2026, 10, 12, 10)):
        concern = reach(world, Status.ANSWERED, kind=Kind.CONSULT)
    first, _ = _sweep(aware(2026, 10, 16, 10))
    assert first.not_rated == [concern.code]
    assert fresh(concern).outcome == Outcome.NOT_RATED


def test_expire_refuses_while_the_window_is_open(world, in_progress):
    from lastmile.core.errors import InvalidInput

    with frozen(aware(2026, 10, 12, 10)):
        concern = services.concern_reply(
            actor=world.actor("handler"),
            concern=in_progress,
            text="已处理完毕并告知居民",
            resolved=True,
        )
    with pytest.raises(InvalidInput):
        services.concern_callback_expire(concern=concern, now=aware(2026, 10, 13, 10))
