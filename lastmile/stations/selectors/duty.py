"""Reads of the duty roster: who may be rostered, who is on duty now, a person's shifts, a
station's week, and missed duty (人员在岗不在位) per station and person per month."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor
from lastmile.stations import permissions
from lastmile.stations.models import DutyShift, Station

LATE_AFTER = timedelta(minutes=1)


def roster_people(station: Station) -> QuerySet[Person]:
    """People who may be put on this station's roster: members of the unit that runs it or of
    any unit in its area, people holding a post in its area, and its area's agents."""
    path = station.area.path
    return (
        Person.objects.filter(
            Q(memberships__unit_id=station.unit_id, memberships__is_active=True)
            | Q(memberships__unit__area__path__startswith=path, memberships__is_active=True)
            | Q(posts__area__path__startswith=path, posts__is_active=True)
        )
        .distinct()
        .order_by("name")
    )


def on_duty_q(now: datetime) -> Q:
    """Checked in, not checked out, shift not over."""
    return Q(checked_in_at__isnull=False, checked_out_at__isnull=True, ends_at__gt=now)


def on_duty_qs(now: datetime | None = None) -> QuerySet[DutyShift]:
    now = now or timezone.now()
    return (
        DutyShift.objects.filter(on_duty_q(now))
        .select_related("person")
        .only("station_id", "post", "checked_in_at", "starts_at", "ends_at", "person__name")
        .order_by("starts_at", "pk")
    )


def my_shifts(actor: Actor, *, now: datetime | None = None, days: int = 7) -> list[DutyShift]:
    """The actor's shifts from the start of today for ``days`` days, plus any still checked in."""
    if actor.person is None:
        return []
    now = now or timezone.now()
    start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    return list(
        DutyShift.objects.filter(person=actor.person)
        .filter(
            Q(starts_at__gte=start, starts_at__lt=start + timedelta(days=days))
            | Q(checked_in_at__isnull=False, checked_out_at__isnull=True, ends_at__gt=start)
        )
        .select_related("station")
        .order_by("starts_at", "pk")
    )


def shift_here_now(actor: Actor, station: Station, *, grace: timedelta) -> DutyShift | None:
    """The actor's shift at this station that can be checked in or out now, if any."""
    if actor.person is None:
        return None
    now = timezone.now()
    return (
        DutyShift.objects.filter(person=actor.person, station=station)
        .filter(
            Q(starts_at__lte=now + grace, ends_at__gt=now)
            | Q(checked_in_at__isnull=False, checked_out_at__isnull=True)
        )
        .order_by("starts_at")
        .first()
    )


def managed_stations(actor: Actor) -> QuerySet[Station]:
    return (
        Station.objects.filter(permissions.manage_q(actor), is_active=True)
        .select_related("area", "unit")
        .order_by("area__path", "name")
    )


def managed_station(actor: Actor, pk: int) -> Station:
    station = managed_stations(actor).filter(pk=pk).first()
    if station is None:
        raise Http404("station not found")
    return station


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def roster_week(station: Station, start: date) -> list[DutyShift]:
    begin = timezone.make_aware(datetime.combine(start, time.min))
    return list(
        DutyShift.objects.filter(
            station=station, starts_at__gte=begin, starts_at__lt=begin + timedelta(days=7)
        )
        .select_related("person")
        .order_by("starts_at", "pk")
    )


# ---- missed duty ------------------------------------------------------------------------------


def missed_q(now: datetime) -> Q:
    """Ended without a check-in."""
    return Q(ends_at__lte=now, checked_in_at__isnull=True)


def late_q() -> Q:
    return Q(checked_in_at__gte=F("starts_at") + LATE_AFTER)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(following, time.min)),
    )


def parse_month(value: str | None, today: date) -> date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@dataclass
class MissedReport:
    month: date
    by_station: list[dict[str, object]] = field(default_factory=list)
    by_person: list[dict[str, object]] = field(default_factory=list)
    shifts: list[DutyShift] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def missed_report(actor: Actor, month: date, *, now: datetime | None = None) -> MissedReport:
    """Shifts in the month at the stations the actor manages: how many, missed (ended without
    a check-in) and late, per station and per person, and the missed or late shifts."""
    now = now or timezone.now()
    begin, end = month_bounds(month)
    qs = DutyShift.objects.filter(
        permissions.manage_q(actor, "station__"), starts_at__gte=begin, starts_at__lt=end
    )
    counts = {
        "shifts": Count("pk"),
        "done": Count("pk", filter=Q(ends_at__lte=now)),
        "missed": Count("pk", filter=missed_q(now)),
        "late": Count("pk", filter=late_q()),
    }
    by_station = list(
        qs.values("station_id", "station__name").annotate(**counts).order_by("station__name")
    )
    by_person = list(
        qs.values("person_id", "person__name", "station__name")
        .annotate(**counts)
        .order_by("-missed", "-late", "person__name")
    )
    shifts = list(
        qs.filter(missed_q(now) | late_q())
        .select_related("station", "person")
        .order_by("-starts_at", "pk")[:300]
    )
    totals = qs.aggregate(**counts)
    return MissedReport(month, by_station, by_person, shifts, totals)
