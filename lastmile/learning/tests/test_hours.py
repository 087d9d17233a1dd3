"""Study hours per member and per branch for months, quarters and years: the boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lastmile.core.errors import InvalidInput
from lastmile.learning import periods, services
from lastmile.learning.selectors.hours import branch_rows, member_rows, person_periods

pytestmark = pytest.mark.django_db


def test_periods_parse_and_bound():
    today = dt.date(2026, 11, 27)
    assert periods.parse("month", "", today) == periods.Period(
        "month", dt.date(2026, 11, 1), dt.date(2026, 12, 1)
    )
    dec = periods.parse("month", "2026-12", today)
    assert (dec.start, dec.end, dec.key) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1), "2026-12")
    q1 = periods.parse("quarter", "2026-q1", today)
    assert (q1.start, q1.end, q1.key) == (dt.date(2026, 1, 1), dt.date(2026, 4, 1), "2026-Q1")
    q4 = periods.parse("quarter", "", today)
    assert (q4.start, q4.end) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    year = periods.parse("year", "2025", today)
    assert (year.start, year.end) == (dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert q1.previous().key == "2025-Q4" and dec.next().key == "2027-01"
    for kind, value in (
        ("month", "2026-13"),
        ("month", "11/2026"),
        ("quarter", "2026-Q5"),
        ("year", "1800"),
        ("week", ""),
    ):
        with pytest.raises(InvalidInput):
            periods.parse(kind, value, today)


def study(clock, learn, when, seconds, item=None, who="member"):
    """Report ``seconds`` of study ending at ``when`` (local)."""
    item = item or learn.article
    actor = learn.actor(who)
    end = timezone.make_aware(when)
    clock.set(end - dt.timedelta(seconds=seconds))
    services.study_beat(actor=actor, item=item, seconds=0, start=True)
    clock.set(end)
    services.study_beat(actor=actor, item=item, seconds=seconds)


def test_hours_boundaries(world, village):
    from lastmile.concerns.demo.clock import Clock, frozen
    from lastmile.learning.tests.conftest import build_learn

    with frozen(Clock(timezone.make_aware(dt.datetime(2026, 3, 1, 9, 0)))) as early:
        learn = build_learn(world, village)
        study(early, learn, dt.datetime(2026, 3, 31, 23, 59, 50), 40)  # 31 March
        study(early, learn, dt.datetime(2026, 4, 1, 0, 0, 30), 30, item=learn.video)  # 1 April
        study(early, learn, dt.datetime(2026, 4, 1, 9, 0), 60, who="v_secretary")
    branch = village.area

    def seconds(kind, value):
        period = periods.parse(kind, value, dt.date(2026, 11, 27))
        rows = {r.person.pk: r.seconds for r in member_rows(branch, period, dt.date(2026, 4, 2))}
        return rows[learn.member.pk]

    assert seconds("month", "2026-03") == 40
    assert seconds("month", "2026-04") == 30
    assert seconds("quarter", "2026-Q1") == 40
    assert seconds("quarter", "2026-Q2") == 30
    assert seconds("year", "2026") == 70
    assert seconds("year", "2025") == 0
    april = periods.parse("month", "2026-04", dt.date(2026, 11, 27))
    row = next(r for r in branch_rows(learn.secretary, april) if r.branch == branch)
    assert (row.members, row.studied, row.seconds) == (13, 2, 90)
    assert [r.branch.name for r in branch_rows(learn.secretary, april)] == ["桃园村"]
    street_rows = {r.branch.name: r for r in branch_rows(world.actor("dispatcher"), april)}
    assert set(street_rows) == {"东风社区", "向阳社区", "桃园村"}
    assert street_rows["东风社区"].members == 1 and street_rows["东风社区"].seconds == 0
    mine = dict((p.key, s) for p, s in person_periods(learn.member, dt.date(2026, 4, 15)))
    assert mine == {"2026-04": 30, "2026-Q2": 30, "2026": 70}


def test_open_and_overdue_tasks_per_member(clock, learn):
    period = periods.parse("month", "", timezone.localdate())
    rows = {r.person.pk: r for r in member_rows(learn.village.area, period)}
    assert (rows[learn.member.pk].open, rows[learn.member.pk].overdue) == (1, 0)
    later = timezone.localdate() + dt.timedelta(days=30)
    rows = {r.person.pk: r for r in member_rows(learn.village.area, period, later)}
    assert rows[learn.member.pk].overdue == 1
