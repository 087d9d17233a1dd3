"""值班: the roster (add and remove shifts) and the person on duty checking in and out.

Check-in is refused outside the person's shift (it opens ``CHECKIN_GRACE_MINUTES`` before the
start and closes at the end), at a station that is not the shift's, and twice; check-out is
refused without a check-in. A check-in after the start is accepted and counts as late. A shift
that has started stays on the record: it cannot be removed (人员在岗不在位 must show).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor
from lastmile.stations import permissions
from lastmile.stations.models import DutyShift, Station
from lastmile.stations.selectors.duty import roster_people

MAX_SHIFT = timedelta(hours=24)


def grace() -> timedelta:
    return timedelta(minutes=int(settings.LASTMILE_STATIONS["CHECKIN_GRACE_MINUTES"]))


def _hm(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _record(actor: Actor, shift: DutyShift, verb: str, data: dict[str, object]) -> None:
    audit.record(
        verb=f"stations.duty.{verb}",
        obj_type="duty_shift",
        obj_id=shift.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"station": shift.station_id, "person": shift.person_id, **data},
    )


# ---- roster -----------------------------------------------------------------------------------


@transaction.atomic
def shift_add(
    *,
    actor: Actor,
    station: Station,
    person: Person,
    starts_at: datetime,
    ends_at: datetime,
    post: str = "",
) -> DutyShift:
    permissions.require_manage(actor, station)
    if ends_at <= starts_at:
        raise InvalidInput(_("A shift must end after it starts."), field="ends")
    if ends_at - starts_at > MAX_SHIFT:
        raise InvalidInput(_("A shift cannot be longer than 24 hours."), field="ends")
    if ends_at <= timezone.now():
        raise InvalidInput(_("This shift has already ended; it cannot be added."), field="ends")
    if not roster_people(station).filter(pk=person.pk).exists():
        raise InvalidInput(
            _("%(name)s does not work for this station or its area.") % {"name": person.name},
            field="person",
        )
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one roster edit at a time
    clash = (
        DutyShift.objects.filter(person=person, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .select_related("station")
        .first()
    )
    if clash is not None:
        local = timezone.localtime(clash.starts_at)
        raise InvalidInput(
            _("%(name)s is already on duty at %(station)s from %(start)s to %(end)s.")
            % {
                "name": person.name,
                "station": clash.station.name,
                "start": f"{local.month}月{local.day}日 {local:%H:%M}",
                "end": _hm(clash.ends_at),
            },
            field="starts",
        )
    shift = DutyShift.objects.create(
        station=station,
        person=person,
        post=(post or "").strip()[:40],
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor.person,
        created_at=timezone.now(),
    )
    _record(actor, shift, "added", {"starts": starts_at, "ends": ends_at})
    return shift


@transaction.atomic
def shift_remove(*, actor: Actor, shift: DutyShift) -> None:
    permissions.require_manage(actor, shift.station)
    shift = DutyShift.objects.select_for_update().get(pk=shift.pk)
    if shift.starts_at <= timezone.now() or shift.checked_in_at is not None:
        raise TransitionNotAllowed(
            _("A shift that has started stays on the record; it cannot be removed.")
        )
    _record(actor, shift, "removed", {"starts": shift.starts_at, "ends": shift.ends_at})
    shift.delete()


# ---- check-in and check-out -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    shift: DutyShift
    late_minutes: int = 0
    early_minutes: int = 0


def _person(actor: Actor) -> Person:
    if actor.person is None:
        raise NotPermitted(_("Only people on the duty roster can check in."))
    return actor.person


def _refuse_no_shift(person: Person, now: datetime) -> None:
    """Explain why there is no shift to check in to right now."""
    soon = (
        DutyShift.objects.filter(
            person=person, starts_at__gt=now + grace(), starts_at__lt=now + timedelta(hours=18)
        )
        .select_related("station")
        .order_by("starts_at")
        .first()
    )
    if soon is not None:
        raise InvalidInput(
            _(
                "Too early: check-in for your shift at %(station)s opens at %(time)s, "
                "%(minutes)s minutes before it starts."
            )
            % {
                "station": soon.station.name,
                "time": _hm(soon.starts_at - grace()),
                "minutes": int(grace().total_seconds() // 60),
            }
        )
    ended = (
        DutyShift.objects.filter(person=person, ends_at__lte=now, ends_at__gt=now - MAX_SHIFT)
        .select_related("station")
        .order_by("-ends_at")
        .first()
    )
    if ended is not None and ended.checked_in_at is None:
        raise InvalidInput(
            _("Your shift at %(station)s ended at %(time)s; it is too late to check in.")
            % {"station": ended.station.name, "time": _hm(ended.ends_at)}
        )
    raise InvalidInput(_("You are not on duty now: check in during your shift on the duty roster."))


@transaction.atomic
def duty_check_in(*, actor: Actor, station: Station) -> CheckResult:
    person = _person(actor)
    now = timezone.now()
    current = list(
        DutyShift.objects.select_for_update(of=("self",))
        .select_related("station")
        .filter(person=person, starts_at__lte=now + grace(), ends_at__gt=now)
        .order_by("starts_at", "pk")
    )
    if not current:
        _refuse_no_shift(person, now)
    here = [s for s in current if s.station_id == station.pk]
    if not here:
        raise InvalidInput(
            _("Your shift now is at %(station)s, not here. Check in there.")
            % {"station": current[0].station.name}
        )
    shift = next((s for s in here if s.checked_in_at is None), None)
    if shift is None:
        raise InvalidInput(
            _("You already checked in at %(time)s.") % {"time": _hm(here[0].checked_in_at or now)}
        )
    if not DutyShift.objects.filter(pk=shift.pk, checked_in_at__isnull=True).update(
        checked_in_at=now
    ):
        raise InvalidInput(_("You already checked in."))
    shift.checked_in_at = now
    late = shift.late_minutes
    _record(actor, shift, "checked_in", {"late_minutes": late})
    return CheckResult(shift, late_minutes=late)


@transaction.atomic
def duty_check_out(*, actor: Actor, station: Station) -> CheckResult:
    person = _person(actor)
    now = timezone.now()
    open_shifts = list(
        DutyShift.objects.select_for_update(of=("self",))
        .select_related("station")
        .filter(
            person=person,
            checked_in_at__isnull=False,
            checked_out_at__isnull=True,
            ends_at__gt=now - MAX_SHIFT,
        )
        .order_by("-checked_in_at", "-pk")
    )
    if not open_shifts:
        raise InvalidInput(_("You have not checked in, so you cannot check out."))
    shift = next((s for s in open_shifts if s.station_id == station.pk), None)
    if shift is None:
        raise InvalidInput(
            _("You checked in at %(station)s; check out there.")
            % {"station": open_shifts[0].station.name}
        )
    if not DutyShift.objects.filter(pk=shift.pk, checked_out_at__isnull=True).update(
        checked_out_at=now
    ):
        raise InvalidInput(_("You already checked out."))
    shift.checked_out_at = now
    early = max(0, int((shift.ends_at - now).total_seconds() // 60))
    _record(actor, shift, "checked_out", {"early_minutes": early})
    return CheckResult(shift, early_minutes=early)
