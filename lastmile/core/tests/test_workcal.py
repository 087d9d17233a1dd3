"""Working-time arithmetic on the Chinese working-day calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lastmile.core import workcal
from lastmile.core.models import Holiday


def aware(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[misc,arg-type]


@pytest.fixture(autouse=True)
def _calendar_cache():
    workcal.invalidate()
    yield
    workcal.invalidate()


HYPO = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
moments = st.datetimes(min_value=datetime(2025, 12, 20), max_value=datetime(2026, 12, 20)).map(
    lambda d: timezone.make_aware(d.replace(second=0, microsecond=0))
)


@HYPO
@given(start=moments, minutes=st.integers(0, 20 * 420))
def test_between_inverts_add(db, start, minutes):
    end = workcal.add_working_minutes(start, minutes)
    assert end >= start
    assert workcal.working_minutes_between(start, end) == minutes
    assert workcal.working_minutes_between(end, start) == -minutes


@HYPO
@given(start=moments, a=st.integers(0, 3000), b=st.integers(0, 3000))
def test_add_is_additive_and_lands_in_working_time(db, start, a, b):
    first = workcal.add_working_minutes(start, a)
    assert workcal.add_working_minutes(first, b) == workcal.add_working_minutes(start, a + b)
    if a:
        local = timezone.localtime(first)
        assert workcal.is_workday(local.date())
        assert (9, 0) < (local.hour, local.minute) <= (12, 0) or (13, 30) < (
            local.hour,
            local.minute,
        ) <= (17, 30)


@HYPO
@given(start=moments, days=st.integers(1, 20))
def test_working_days_within_working_hours_keep_the_clock_time(db, start, days):
    local = timezone.localtime(start)
    if not workcal.is_workday(local.date()) or not (
        (9, 0) < (local.hour, local.minute) < (12, 0)
        or (13, 30) < (local.hour, local.minute) < (17, 30)
    ):
        return
    due = timezone.localtime(workcal.add_working_days(start, days))
    assert due.time() == local.time()
    workdays = sum(
        workcal.is_workday(local.date() + timedelta(days=i))
        for i in range(1, (due.date() - local.date()).days + 1)
    )
    assert workdays == days


def test_zero_minutes_moves_to_the_next_working_moment(db):
    assert workcal.add_working_minutes(aware(2026, 10, 1, 10), 0) == aware(2026, 10, 8, 9)
    assert workcal.add_working_minutes(aware(2026, 9, 29, 12, 15), 0) == aware(2026, 9, 29, 13, 30)
    assert workcal.add_working_minutes(aware(2026, 9, 29, 10), 0) == aware(2026, 9, 29, 10)


def test_between_across_the_holiday(db):
    # 16:00–17:30 on 9-30, then nothing until 10-8 09:00–10:00
    assert workcal.working_minutes_between(aware(2026, 9, 30, 16), aware(2026, 10, 8, 10)) == 150


def test_add_duration_units(db):
    start = aware(2026, 9, 30, 16)
    assert workcal.add_duration(start, 30, "wm") == aware(2026, 9, 30, 16, 30)
    assert workcal.add_duration(start, 2, "wh") == aware(2026, 10, 8, 9, 30)
    assert workcal.add_duration(start, 1, "wd") == aware(2026, 10, 8, 16)
    assert workcal.add_duration(start, 24, "h") == aware(2026, 10, 1, 16)
    assert workcal.add_duration(start, 7, "d") == aware(2026, 10, 7, 16)
    with pytest.raises(ValueError):
        workcal.add_duration(start, 1, "fortnight")


def test_table_beats_package_and_weekends(db):
    Holiday.objects.bulk_create(
        [
            Holiday(date=date(2026, 10, 9), is_workday=False),
            Holiday(date=date(2026, 10, 11), is_workday=True),
            Holiday(date=date(2040, 1, 2), is_workday=False),
        ]
    )
    workcal.invalidate()  # bulk_create bypasses save()
    assert not workcal.is_workday(date(2026, 10, 9))
    assert workcal.is_workday(date(2026, 10, 11))  # a Sunday made a working day
    assert not workcal.is_workday(date(2040, 1, 2))
    assert workcal.is_workday(date(2040, 1, 3))
    assert workcal.table_years() == {2026, 2040}


def test_table_is_cached_until_invalidated(db, django_assert_num_queries):
    workcal.is_workday(date(2026, 1, 5))
    with django_assert_num_queries(0):
        for i in range(30):
            workcal.is_workday(date(2026, 1, 5) + timedelta(days=i))
