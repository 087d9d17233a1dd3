"""Deadlines on the Chinese working-day calendar (2026: Mid-Autumn 9-25..27, National Day
10-1..10-7, adjusted working days Sun 9-20 and Sat 10-10), working periods 09:00–12:00 and
13:30–17:30, Asia/Shanghai."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from lastmile.concerns import deadlines, services
from lastmile.concerns.choices import Kind, Urgency
from lastmile.concerns.models import DeadlineRule
from lastmile.concerns.testing import aware, frozen, submit
from lastmile.core import workcal
from lastmile.core.models import Holiday


@pytest.fixture(autouse=True)
def _calendar_cache():
    workcal.invalidate()
    yield
    workcal.invalidate()


def test_the_2026_arrangement_assumed_here():
    off = {date(2026, 9, d) for d in (25, 26, 27)} | {date(2026, 10, d) for d in range(1, 8)}
    adjusted = {date(2026, 9, 20), date(2026, 10, 10)}
    for offset in range(26):
        day = date(2026, 9, 20) + timedelta(days=offset)
        expected = day not in off and (day.weekday() < 5 or day in adjusted)
        assert chinese_calendar.is_workday(day) is expected, day
    assert chinese_calendar.get_holiday_detail(date(2026, 10, 1))[0] is True
    assert chinese_calendar.get_holiday_detail(date(2026, 10, 10))[0] is False


def test_working_day_length_follows_the_configured_periods(settings):
    assert settings.LASTMILE["WORK_PERIODS"] == [("09:00", "12:00"), ("13:30", "17:30")]
    assert workcal.minutes_per_workday() == 7 * 60


def _dispatched(world, moment, **kw):
    concern = submit(world, **kw)
    with frozen(moment):
        return services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
        )


@pytest.mark.parametrize(
    ("kind", "resolve_due"),
    [
        # 15 wd: 10-8, 10-9, Sat 10-10 (adjusted), 10-12..16, 10-19..23, 10-26, 10-27
        (Kind.COMPLAINT, aware(2026, 10, 27, 16)),
        (Kind.REPORT, aware(2026, 10, 27, 16)),
        # 2 wd: 10-8, 10-9 (the whole holiday skipped)
        (Kind.CONSULT, aware(2026, 10, 9, 16)),
        # 10 wd: 10-8, 10-9, 10-10, 10-12..16, 10-19, 10-20
        (Kind.HELP, aware(2026, 10, 20, 16)),
    ],
)
def test_dispatch_before_national_day(world, kind, resolve_due):
    concern = _dispatched(world, aware(2026, 9, 30, 16), kind=kind)
    assert concern.dispatched_at == aware(2026, 9, 30, 16)
    # 2 working hours: 16:00–17:30 then 30 minutes after the holiday
    assert concern.sign_due == aware(2026, 10, 8, 9, 30)
    assert concern.resolve_due == resolve_due


def test_urgent_and_utilities(world):
    urgent = _dispatched(world, aware(2026, 9, 30, 16), urgency=Urgency.URGENT)
    assert urgent.sign_due == aware(2026, 9, 30, 16, 30)
    assert urgent.resolve_due == aware(2026, 9, 30, 18)  # 2 hours round the clock
    utilities = _dispatched(world, aware(2026, 9, 30, 16), urgency=Urgency.UTILITIES)
    assert utilities.sign_due == aware(2026, 9, 30, 16, 30)
    assert utilities.resolve_due == aware(2026, 10, 1, 16)  # 24 calendar hours, holiday or not


def test_urgent_sign_for_runs_round_the_clock(world):
    # An emergency at lunch, at night or on a holiday must be signed for in 30 minutes, not at
    # the next working morning: its 2-hour resolution clock runs round the clock too.
    assert _dispatched(world, aware(2026, 9, 29, 11, 50), urgency=Urgency.URGENT).sign_due == (
        aware(2026, 9, 29, 12, 20)
    )
    assert _dispatched(world, aware(2026, 9, 29, 20, 0), urgency=Urgency.URGENT).sign_due == (
        aware(2026, 9, 29, 20, 30)
    )
    assert _dispatched(world, aware(2026, 10, 2, 3, 0), urgency=Urgency.UTILITIES).sign_due == (
        aware(2026, 10, 2, 3, 30)
    )


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (aware(2026, 9, 29, 11), aware(2026, 9, 29, 14, 30)),  # across lunch
        (aware(2026, 9, 29, 12, 30), aware(2026, 9, 29, 15, 30)),  # during lunch
        (aware(2026, 9, 29, 16), aware(2026, 9, 30, 9, 30)),  # across a night
        (aware(2026, 9, 29, 20), aware(2026, 9, 30, 11)),  # in the evening
        (aware(2026, 9, 29, 7), aware(2026, 9, 29, 11)),  # before work
        (aware(2026, 10, 9, 17), aware(2026, 10, 10, 10, 30)),  # into the adjusted Saturday
        (aware(2026, 10, 3, 10), aware(2026, 10, 8, 11)),  # on a holiday
        (aware(2026, 9, 24, 17), aware(2026, 9, 28, 10, 30)),  # over Mid-Autumn
    ],
)
def test_sign_for_two_working_hours(world, start, due):
    assert _dispatched(world, start).sign_due == due


def test_adjusted_working_sunday_counts(world):
    # Fri 9-18 10:00 + 2 wd → Sun 9-20 (adjusted working day) is the second one
    concern = _dispatched(world, aware(2026, 9, 18, 10), kind=Kind.CONSULT)
    assert concern.resolve_due == aware(2026, 9, 21, 10)
    assert workcal.is_workday(date(2026, 9, 20))


def test_compute_is_pure_given_explicit_start(db):
    due = deadlines.compute(
        kind=Kind.COMPLAINT, urgency=Urgency.NORMAL, start=aware(2026, 9, 30, 16)
    )
    assert due.resolve_due == aware(2026, 10, 27, 16)
    assert due.sign_due == aware(2026, 10, 8, 9, 30)


def test_deadline_table_is_editable(db):
    DeadlineRule.objects.filter(kind=Kind.COMPLAINT, urgency=Urgency.NORMAL).update(
        resolve_amount=7, resolve_unit="d"
    )
    due = deadlines.compute(
        kind=Kind.COMPLAINT, urgency=Urgency.NORMAL, start=aware(2026, 9, 30, 16)
    )
    assert due.resolve_due == aware(2026, 10, 7, 16)  # Beijing's 7 calendar days


def test_holiday_table_overrides_the_package(world):
    Holiday.objects.create(date=date(2026, 10, 8), is_workday=False, name="临时调整")
    assert not workcal.is_workday(date(2026, 10, 8))
    assert _dispatched(world, aware(2026, 9, 30, 16)).sign_due == aware(2026, 10, 9, 9, 30)
    Holiday.objects.create(date=date(2026, 10, 3), is_workday=True, name="调休上班")
    assert workcal.is_workday(date(2026, 10, 3))
    assert _dispatched(world, aware(2026, 9, 30, 16)).sign_due == aware(2026, 10, 3, 9, 30)
    assert workcal.coverage(2026) == "table"


def test_holiday_edit_is_seen_at_once(db):
    assert workcal.is_workday(date(2026, 10, 9))
    holiday = Holiday.objects.create(date=date(2026, 10, 9), is_workday=False)
    assert not workcal.is_workday(date(2026, 10, 9))
    holiday.delete()
    assert workcal.is_workday(date(2026, 10, 9))


def test_uncovered_year_falls_back_to_weekends(db):
    assert workcal.coverage(2040) == "weekends"
    assert workcal.coverage(2026) == "package"
    assert workcal.is_workday(date(2040, 1, 2))  # Monday
    assert not workcal.is_workday(date(2040, 1, 7))  # Sunday
    # Fri 2040-01-06 16:00 + 2 wd → Tue 01-10 16:00 (the weekend skipped)
    assert workcal.add_working_days(aware(2040, 1, 6, 16), 2) == aware(2040, 1, 10, 16)
    Holiday.objects.create(date=date(2040, 1, 1), name="元旦")
    assert workcal.coverage(2040) == "table"


def test_next_workday_start(db):
    assert deadlines.next_workday_start(aware(2026, 9, 30, 16)) == aware(2026, 10, 8, 9)
    assert deadlines.next_workday_start(aware(2026, 10, 9, 10)) == aware(2026, 10, 10, 9)
    assert deadlines.next_workday_start(aware(2026, 10, 10, 23, 59)) == aware(2026, 10, 12, 9)
