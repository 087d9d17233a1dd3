"""Callback (回访): satisfied closes; unhappy reopens once automatically; then the supervisor."""

from __future__ import annotations

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import Kind, Outcome, Satisfaction, Status
from lastmile.concerns.testing import ANONYMOUS, fresh, reach
from lastmile.core.errors import InvalidInput


def _callback(concern, satisfaction, resolved=True, actor=ANONYMOUS, **kw):
    return services.concern_callback(
        actor=actor,
        concern=concern,
        contacted=True,
        resolved=resolved,
        satisfaction=satisfaction,
        **kw,
    )


def _again(world, concern):
    """Re-dispatch a reopened concern and bring it back to replied."""
    concern = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
    )
    concern = services.concern_sign(actor=world.actor("handler"), concern=concern)
    return services.concern_reply(
        actor=world.actor("handler"), concern=concern, text="再次处理完毕并告知居民", resolved=True
    )


@pytest.mark.parametrize("satisfaction", [Satisfaction.SATISFIED, Satisfaction.MOSTLY_SATISFIED])
def test_happy_closes_rated(world, satisfaction):
    concern = _callback(reach(world, Status.REPLIED), satisfaction)
    stored = fresh(concern)
    assert stored.status == Status.CLOSED
    assert stored.outcome == Outcome.RATED
    assert stored.cb_satisfaction == satisfaction
    assert stored.cb_contacted is True and stored.cb_resolved is True
    assert stored.closed_at is not None and stored.reopen_count == 0


@pytest.mark.parametrize(
    ("satisfaction", "resolved"),
    [(Satisfaction.DISSATISFIED, True), (Satisfaction.SATISFIED, False)],
)
def test_unhappy_reopens_once_then_closes_dissatisfied(world, satisfaction, resolved):
    concern = _callback(reach(world, Status.REPLIED), satisfaction, resolved=resolved)
    assert concern.status == Status.REOPENED and concern.reopen_count == 1
    assert concern.closed_at is None
    concern = _callback(_again(world, concern), Satisfaction.DISSATISFIED, resolved=False)
    stored = fresh(concern)
    assert stored.status == Status.CLOSED
    assert stored.outcome == Outcome.RATED
    assert stored.cb_satisfaction == Satisfaction.DISSATISFIED
    assert stored.reopen_count == 1
    # after that, only the supervisor reopens
    concern = services.concern_reopen(
        actor=world.actor("supervisor"), concern=stored, reason="督办认为确有必要重办"
    )
    assert concern.status == Status.REOPENED and concern.reopen_count == 2
    concern = _again(world, concern)
    assert fresh(concern).outcome == "" and fresh(concern).cb_satisfaction == ""


def test_reply_resets_the_previous_rating(world):
    concern = _callback(reach(world, Status.REPLIED), Satisfaction.DISSATISFIED)
    concern = _again(world, concern)
    stored = fresh(concern)
    assert stored.status == Status.REPLIED
    assert (stored.outcome, stored.cb_satisfaction, stored.cb_resolved) == ("", "", None)


def test_answered_consult_is_rated_too(world):
    concern = _callback(reach(world, Status.ANSWERED, kind=Kind.CONSULT), Satisfaction.SATISFIED)
    assert concern.status == Status.CLOSED and concern.outcome == Outcome.RATED


def test_answered_consult_unhappy_goes_to_dispatch(world):
    concern = _callback(
        reach(world, Status.ANSWERED, kind=Kind.CONSULT), Satisfaction.DISSATISFIED, resolved=False
    )
    assert concern.status == Status.REOPENED
    concern = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
    )
    assert concern.status == Status.DISPATCHED


def test_bad_satisfaction(world):
    concern = reach(world, Status.REPLIED)
    with pytest.raises(InvalidInput) as info:
        _callback(concern, "very_happy")
    assert info.value.field == "satisfaction"


def test_staff_records_a_phone_answer(world):
    concern = _callback(
        reach(world, Status.REPLIED),
        Satisfaction.SATISFIED,
        actor=world.actor("dispatcher"),
        by_staff=True,
    )
    assert concern.status == Status.CLOSED


def test_reopen_needs_a_reason(world):
    concern = reach(world, Status.CLOSED)
    with pytest.raises(InvalidInput) as info:
        services.concern_reopen(actor=world.actor("supervisor"), concern=concern, reason="再办")
    assert info.value.field == "reason"
