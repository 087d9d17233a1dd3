"""Rollups kept from the audit log: hand-checked counters, verify, recompute, exclusions."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Satisfaction, Status
from lastmile.concerns.testing import reach, submit
from lastmile.core.fields import with_hash_values
from lastmile.scores.conf import current_period
from lastmile.scores.figures import compute
from lastmile.scores.models import Level, Rollup
from lastmile.scores.services import recompute, rollup_refresh, verify
from lastmile.scores.tests.helpers import not_rated, rated

pytestmark = pytest.mark.django_db


def _row(level: str, key: int) -> Rollup:
    return Rollup.objects.get(period=current_period(), level=level, key=key)


def test_a_month_of_one_unit_by_hand(world) -> None:
    rated(world)
    rated(world, satisfaction=Satisfaction.MOSTLY_SATISFIED)
    rated(world, resolved=False, satisfaction=Satisfaction.DISSATISFIED)  # reopens once
    not_rated(world)
    rollup_refresh()
    housing = _row(Level.UNIT, world.units["housing"].pk)
    assert housing.counters() | {} == {
        "received": 4, "base": 3, "not_rated": 1, "contacted": 3, "resolved": 2,
        "satisfied": 1, "mostly": 1, "dissatisfied": 1, "replied": 4, "on_time": 4,
        "obj_upheld": 0, "obj_rejected": 0, "urges": 0, "circulars": 0, "reopens": 1,
        "repeats": 0,
    }  # fmt: skip
    f = compute(housing.counters())
    assert f.total == pytest.approx(0.1 + 0.5 * 2 / 3 + 0.4 * 1.9 / 3)
    # the same figures for the person who replied, the grid and every area above it
    person = _row(Level.PERSON, world.people["handler"].user_id)
    assert person.base == 3 and person.received == 0
    assert _row(Level.GRID, world.areas["c1g1"].pk).base == 3
    for area in ("district", "street", "c1", "c1g1"):
        assert _row(Level.AREA, world.areas[area].pk).satisfied == 1
    assert verify() == []


def test_refresh_is_idempotent_and_incremental(world) -> None:
    rated(world)
    assert rollup_refresh() > 0
    assert rollup_refresh() == 0
    rated(world, satisfaction=Satisfaction.DISSATISFIED, resolved=False)
    rollup_refresh(batch=2)
    assert _row(Level.UNIT, world.units["housing"].pk).base == 2
    assert verify() == []


def test_imported_concerns_never_count(world) -> None:
    concern = submit(world, channel=Channel.IMPORT)
    concern = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
    )
    rollup_refresh()
    assert not Rollup.objects.exists()


def test_rejected_objection_counts_against_the_unit_upheld_against_the_rule(world) -> None:
    dispatcher = world.actor("dispatcher")
    first = reach(world, Status.OBJECTED)
    services.concern_objection_review(
        actor=dispatcher, concern=first, upheld=False, note="职责明确，请签收"
    )
    second = reach(world, Status.OBJECTED)
    services.concern_objection_review(
        actor=dispatcher,
        concern=second,
        upheld=True,
        note="确属城管职责",
        new_unit=world.units["sanitation"],
    )
    rollup_refresh()
    housing = _row(Level.UNIT, world.units["housing"].pk)
    assert (housing.obj_rejected, housing.obj_upheld, housing.received) == (1, 1, 2)
    sanitation = _row(Level.UNIT, world.units["sanitation"].pk)
    assert (sanitation.obj_upheld, sanitation.received) == (0, 1)


def test_repeat_by_same_phone_within_the_window(world) -> None:
    for _ in range(2):
        concern = reach(world, Status.REPLIED)
        type(concern).objects.filter(pk=concern.pk).update(
            **with_hash_values(type(concern), resident_phone="13800138000")
        )
        services.concern_callback(
            actor=world.actor("dispatcher"),
            concern=concern,
            contacted=True,
            resolved=True,
            satisfaction=Satisfaction.SATISFIED,
            by_staff=True,
        )
    rollup_refresh()
    assert _row(Level.UNIT, world.units["housing"].pk).repeats == 1


def test_verify_names_a_tampered_counter_and_recompute_repairs_it(world) -> None:
    rated(world)
    rollup_refresh()
    Rollup.objects.filter(level=Level.UNIT, key=world.units["housing"].pk).update(satisfied=7)
    diffs = verify(current_period())
    assert [(d.level, d.counter, d.stored, d.recomputed) for d in diffs] == [
        ("unit", "satisfied", 7, 1)
    ]
    with pytest.raises(CommandError, match="1 stored figures disagree"):
        call_command("scores", "verify", "--period", current_period())
    call_command("scores", "recompute", "--period", current_period())
    call_command("scores", "verify")  # exits 0


def test_command_refuses_bad_periods(db) -> None:
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("scores", "verify", "--period", "2026-13")
    with pytest.raises(CommandError, match="尚未到来"):
        call_command("scores", "recompute", "--period", "2999-01")


def test_recompute_equals_refresh(world) -> None:
    rated(world)
    not_rated(world, unit="sanitation", handler="handler2")
    rollup_refresh()
    before = {(r.level, r.key): r.counters() for r in Rollup.objects.all()}
    recompute(current_period())
    after = {(r.level, r.key): r.counters() for r in Rollup.objects.all()}
    assert before == after
