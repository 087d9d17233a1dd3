"""Opening hours: the weekly schedule, its exceptions and the working-day calendar.

For a day, in order: the station's exceptions for that date win; then, if the station follows
the working-day calendar (``core/workcal.py``), a public holiday on a weekday is closed and an
adjusted working weekend (调休上班) opens with the hours of the first weekday that has any; else
the weekly schedule for that weekday.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lastmile.core import workcal
from lastmile.stations.models import HoursException, OpeningHours, Station

HOLIDAY_NAMES: dict[str, Promise] = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
}


class Reason:
    REGULAR = "regular"
    EXCEPTION = "exception"
    HOLIDAY = "holiday"
    WORKDAY_SWAP = "swap"


@dataclass(frozen=True)
class DayHours:
    day: date
    periods: list[tuple[time, time]] = field(default_factory=list)
    reason: str = Reason.REGULAR
    note: str = ""

    @property
    def is_closed(self) -> bool:
        return not self.periods

    def label(self) -> str:
        return "、".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in self.periods)


@dataclass(frozen=True)
class OpenState:
    open_now: bool
    today: DayHours
    closes_at: datetime | None = None  # when open now
    next_open: datetime | None = None  # when closed now (within two weeks)


def _holiday_name(day: date) -> str:
    try:
        _is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    return str(HOLIDAY_NAMES.get(name or "", name or ""))


def _weekly(hours: Iterable[OpeningHours]) -> dict[int, list[tuple[time, time]]]:
    weekly: dict[int, list[tuple[time, time]]] = {}
    for h in hours:
        weekly.setdefault(h.weekday, []).append((h.opens, h.closes))
    for periods in weekly.values():
        periods.sort()
    return weekly


def day_hours(
    station: Station,
    day: date,
    *,
    hours: Iterable[OpeningHours],
    exceptions: Iterable[HoursException],
) -> DayHours:
    """The station's hours on ``day`` (``hours`` and ``exceptions`` already loaded)."""
    todays = [e for e in exceptions if e.date == day]
    if todays:
        note = next((e.note for e in todays if e.note), "")
        if any(e.closed for e in todays):
            return DayHours(day, [], Reason.EXCEPTION, note)
        periods = sorted((e.opens, e.closes) for e in todays if e.opens and e.closes)
        return DayHours(day, periods, Reason.EXCEPTION, note)
    weekly = _weekly(hours)
    if station.follows_workdays:
        workday = workcal.is_workday(day)
        if not workday and day.weekday() < 5:
            return DayHours(day, [], Reason.HOLIDAY, _holiday_name(day))
        if workday and day.weekday() >= 5:
            first = next((weekly[d] for d in range(5) if weekly.get(d)), [])
            return DayHours(day, list(first), Reason.WORKDAY_SWAP, _holiday_name(day))
    return DayHours(day, list(weekly.get(day.weekday(), [])), Reason.REGULAR)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def open_state(
    station: Station,
    *,
    hours: Iterable[OpeningHours],
    exceptions: Iterable[HoursException],
    now: datetime | None = None,
) -> OpenState:
    """Open right now? Until when, or when it opens next (looking two weeks ahead)."""
    hours, exceptions = list(hours), list(exceptions)
    now = timezone.localtime(now or timezone.now())
    today = day_hours(station, now.date(), hours=hours, exceptions=exceptions)
    for opens, closes in today.periods:
        if _aware(today.day, opens) <= now < _aware(today.day, closes):
            return OpenState(True, today, closes_at=_aware(today.day, closes))
    for offset in range(15):
        day = now.date() + timedelta(days=offset)
        dh = today if offset == 0 else day_hours(station, day, hours=hours, exceptions=exceptions)
        for opens, _closes in dh.periods:
            start = _aware(day, opens)
            if start > now:
                return OpenState(False, today, next_open=start)
    return OpenState(False, today)


def week(
    station: Station,
    start: date,
    *,
    hours: Iterable[OpeningHours],
    exceptions: Iterable[HoursException],
    days: int = 7,
) -> list[DayHours]:
    hours, exceptions = list(hours), list(exceptions)
    return [
        day_hours(station, start + timedelta(days=i), hours=hours, exceptions=exceptions)
        for i in range(days)
    ]


def weekly_table(hours: Iterable[OpeningHours]) -> list[tuple[int, list[tuple[time, time]]]]:
    """The regular schedule, Monday to Sunday (a day without periods is closed)."""
    weekly = _weekly(hours)
    return [(d, weekly.get(d, [])) for d in range(7)]
