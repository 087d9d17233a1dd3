"""The Chinese working-day calendar and working-time arithmetic.

A day's status comes from, in order: the editable ``Holiday`` table (admins add a year the
package does not cover yet, or correct it), the ``chinesecalendar`` package (State Council
notices, including adjusted working weekends), and finally plain weekends — in which case
:func:`coverage` says so and the admin shows a warning.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from functools import lru_cache

import chinese_calendar
from django.utils import timezone

from lastmile.core.conf import setting

_TABLE_TTL_SECONDS = 60.0
_table_cache: dict[str, object] = {"loaded_at": 0.0, "days": {}}


def _table() -> dict[date, bool]:
    now = time.monotonic()
    if now - float(_table_cache["loaded_at"]) > _TABLE_TTL_SECONDS:  # type: ignore[arg-type]
        from lastmile.core.models import Holiday

        _table_cache["days"] = dict(Holiday.objects.values_list("date", "is_workday"))
        _table_cache["loaded_at"] = now
    return _table_cache["days"]  # type: ignore[return-value]


def invalidate() -> None:
    """Forget the cached holiday table (called when an admin edits it)."""
    _table_cache["loaded_at"] = 0.0


@lru_cache(maxsize=4096)
def _package_is_workday(day: date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def table_years() -> set[int]:
    return {d.year for d in _table()}


def coverage(year: int) -> str:
    """'table', 'package' or 'weekends' — where a year's working days come from."""
    if year in table_years():
        return "table"
    if _package_is_workday(date(year, 6, 1)) is not None:
        return "package"
    return "weekends"


def is_workday(day: date) -> bool:
    table = _table()
    if day in table:
        return table[day]
    from_package = _package_is_workday(day)
    if from_package is not None:
        return from_package
    return day.weekday() < 5


def _periods() -> list[tuple[dtime, dtime]]:
    result = []
    periods: list[tuple[str, str]] = setting("WORK_PERIODS")
    for start, end in periods:
        result.append((dtime.fromisoformat(start), dtime.fromisoformat(end)))
    return result


def minutes_per_workday() -> int:
    return sum(
        (datetime.combine(date.min, e) - datetime.combine(date.min, s)).seconds // 60
        for s, e in _periods()
    )


def _day_intervals(day: date) -> list[tuple[datetime, datetime]]:
    tz = timezone.get_current_timezone()
    return [
        (
            timezone.make_aware(datetime.combine(day, s), tz),
            timezone.make_aware(datetime.combine(day, e), tz),
        )
        for s, e in _periods()
    ]


def add_working_minutes(start: datetime, minutes: int) -> datetime:
    """The moment ``minutes`` of working time after ``start`` (bounded to 10 years ahead)."""
    remaining = timedelta(minutes=minutes)
    local = timezone.localtime(start)
    day = local.date()
    for _ in range(3700):
        if is_workday(day):
            for begin, end in _day_intervals(day):
                if end <= local:
                    continue
                begin = max(begin, local)
                available = end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += timedelta(days=1)
    raise ValueError("deadline is more than ten years away")


def add_working_days(start: datetime, days: int) -> datetime:
    return add_working_minutes(start, days * minutes_per_workday())


def working_minutes_between(start: datetime, end: datetime) -> int:
    """Working minutes from start to end; negative when end is before start."""
    if end < start:
        return -working_minutes_between(end, start)
    total = timedelta()
    day = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    while day <= last:
        if is_workday(day):
            for begin, finish in _day_intervals(day):
                lo, hi = max(begin, start), min(finish, end)
                if hi > lo:
                    total += hi - lo
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


def add_duration(start: datetime, amount: int, unit: str) -> datetime:
    """Add a deadline duration: unit is 'wm' working minutes, 'wh', 'wd', 'h' or 'd' (calendar)."""
    if unit == "wm":
        return add_working_minutes(start, amount)
    if unit == "wh":
        return add_working_minutes(start, amount * 60)
    if unit == "wd":
        return add_working_days(start, amount)
    if unit == "m":
        return start + timedelta(minutes=amount)
    if unit == "h":
        return start + timedelta(hours=amount)
    if unit == "d":
        return start + timedelta(days=amount)
    raise ValueError(f"unknown duration unit {unit!r}")
