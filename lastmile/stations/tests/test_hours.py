"""Opening hours: weekly schedule, lunch break, holidays and adjusted working days from the
working-day calendar, exceptions that win, and the editable holiday table."""

from __future__ import annotations

from datetime import date

import pytest

from lastmile.core import workcal
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.core.models import Holiday
from lastmile.stations import hours, services
from lastmile.stations.hours import Reason
from lastmile.stations.tests.helpers import T, aware

pytestmark = pytest.mark.django_db


def state(station, at):
    return hours.open_state(
        station, hours=station.hours.all(), exceptions=station.exceptions.all(), now=at
    )


def day(station, d):
    return hours.day_hours(
        station, d, hours=station.hours.all(), exceptions=station.exceptions.all()
    )


def test_open_in_the_morning_closed_at_lunch_and_at_night(net):
    c1 = net.c1
    assert state(c1, aware(2026, 11, 23, 10)).open_now
    lunch = state(c1, aware(2026, 11, 23, 12, 30))
    assert not lunch.open_now and lunch.next_open == aware(2026, 11, 23, 13, 30)
    night = state(c1, aware(2026, 11, 23, 20))
    assert not night.open_now and night.next_open == aware(2026, 11, 24, 9)
    assert state(c1, aware(2026, 11, 23, 17, 29)).closes_at == aware(2026, 11, 23, 17, 30)


def test_weekend_closed_except_the_centres_saturday_morning(net):
    saturday = aware(2026, 11, 28, 10)
    assert not state(net.c1, saturday).open_now
    assert state(net.c1, saturday).next_open == aware(2026, 11, 30, 9)
    assert state(net.centre, saturday).open_now


def test_public_holiday_closes_and_adjusted_weekend_opens(net):
    national_day = day(net.c1, date(2026, 10, 1))  # a Thursday
    assert national_day.is_closed and national_day.reason == Reason.HOLIDAY
    assert national_day.note == "国庆节"
    swap = day(net.c1, date(2026, 10, 10))  # Saturday, an adjusted working day (调休)
    assert swap.reason == Reason.WORKDAY_SWAP and swap.periods == [
        (T("09:00"), T("12:00")),
        (T("13:30"), T("17:30")),
    ]
    # On the holiday the next opening is after the holiday.
    assert state(net.c1, aware(2026, 10, 1, 10)).next_open == aware(2026, 10, 8, 9)


def test_an_exception_wins_over_holiday_and_schedule(net):
    admin = net.actor("admin")
    services.hours_exception_add(
        actor=admin,
        station=net.c1,
        day=date(2026, 10, 3),
        closed=False,
        opens=T("09:00"),
        closes=T("11:00"),
        note="节日值守",
    )
    services.hours_exception_add(
        actor=admin, station=net.c1, day=date(2026, 11, 25), closed=True, note="停电检修"
    )
    guard = day(net.c1, date(2026, 10, 3))
    assert guard.reason == Reason.EXCEPTION and guard.periods == [(T("09:00"), T("11:00"))]
    assert guard.note == "节日值守"
    closed = day(net.c1, date(2026, 11, 25))
    assert closed.is_closed and closed.note == "停电检修"
    assert not state(net.c1, aware(2026, 11, 25, 10)).open_now


def test_a_station_that_ignores_the_calendar_opens_on_holidays(net):
    net.c1.follows_workdays = False
    assert day(net.c1, date(2026, 10, 1)).periods  # Thursday schedule
    assert day(net.c1, date(2026, 10, 10)).is_closed  # plain Saturday


def test_the_editable_holiday_table_overrides_the_package(net):
    Holiday.objects.create(date=date(2026, 11, 25), is_workday=False, name="地方假日")
    workcal.invalidate()
    assert day(net.c1, date(2026, 11, 25)).reason == Reason.HOLIDAY


def test_exception_and_hours_input_is_checked(net):
    admin = net.actor("admin")
    with pytest.raises(InvalidInput) as err:
        services.hours_exception_add(
            actor=admin, station=net.c1, day=date(2026, 12, 1), closed=False, opens=T("10:00")
        )
    assert err.value.field == "opens"
    with pytest.raises(InvalidInput) as err:
        services.hours_set(actor=admin, station=net.c1, weekly=[(0, T("12:00"), T("09:00"))])
    assert "关门时间" in str(err.value)
    with pytest.raises(NotPermitted):
        services.hours_set(actor=net.actor("c1_handler"), station=net.c1, weekly=[])
