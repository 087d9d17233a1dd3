"""Master data of the service network: stations, their hours and exceptions, service guides.
(Administrators also edit these in the admin, which is audited too.)"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.orgs.models import Area, Unit
from lastmile.orgs.selectors import Actor
from lastmile.stations import permissions
from lastmile.stations.choices import ServiceCategory, StationKind
from lastmile.stations.models import HoursException, OpeningHours, ServiceGuide, Station


def _audit(actor: Actor, verb: str, obj_type: str, obj_id: int, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"stations.{verb}",
        obj_type=obj_type,
        obj_id=obj_id,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data=data,
    )


def _require_admin_of(actor: Actor, area: Area) -> None:
    if not (actor.is_superuser or actor.covers_area(area, *permissions.MANAGE_AREA_ROLES)):
        raise NotPermitted(_("Only staff covering this area can set up its stations."))


@transaction.atomic
def station_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    area: Area,
    unit: Unit,
    address: str,
    phone: str,
    lat: float | None = None,
    lng: float | None = None,
    intro: str = "",
    follows_workdays: bool = True,
) -> Station:
    _require_admin_of(actor, area)
    if kind not in StationKind.values:
        raise InvalidInput(_("Choose centre, station or point."), field="kind")
    if not (name or "").strip():
        raise InvalidInput(_("Name the station."), field="name")
    station = Station.objects.create(
        name=name.strip()[:100],
        kind=kind,
        area=area,
        unit=unit,
        address=(address or "").strip()[:200],
        phone=(phone or "").strip()[:32],
        lat=lat,
        lng=lng,
        intro=(intro or "").strip(),
        follows_workdays=follows_workdays,
        created_at=timezone.now(),
    )
    _audit(actor, "station.created", "station", station.pk, {"name": station.name, "kind": kind})
    return station


@transaction.atomic
def hours_set(
    *, actor: Actor, station: Station, weekly: Iterable[tuple[int, time, time]]
) -> list[OpeningHours]:
    """Replace the weekly schedule: (weekday 0=Monday, opens, closes) periods."""
    permissions.require_manage(actor, station)
    rows = []
    for weekday, opens, closes in weekly:
        if not 0 <= weekday <= 6:
            raise InvalidInput(_("A weekday is 0 (Monday) to 6 (Sunday)."), field="weekday")
        if closes <= opens:
            raise InvalidInput(_("Closing time must be after opening time."), field="closes")
        rows.append(OpeningHours(station=station, weekday=weekday, opens=opens, closes=closes))
    OpeningHours.objects.filter(station=station).delete()
    created = OpeningHours.objects.bulk_create(rows)
    _audit(
        actor,
        "hours.set",
        "station",
        station.pk,
        {"periods": [[r.weekday, r.opens, r.closes] for r in rows]},
    )
    return created


@transaction.atomic
def hours_exception_add(
    *,
    actor: Actor,
    station: Station,
    day: date,
    closed: bool,
    opens: time | None = None,
    closes: time | None = None,
    note: str = "",
) -> HoursException:
    """A day that differs: closed, or open from ``opens`` to ``closes`` (e.g. 节日值守)."""
    permissions.require_manage(actor, station)
    if not closed:
        if opens is None or closes is None:
            raise InvalidInput(
                _("Give the opening and closing time, or mark it closed."), field="opens"
            )
        if closes <= opens:
            raise InvalidInput(_("Closing time must be after opening time."), field="closes")
    row = HoursException.objects.create(
        station=station,
        date=day,
        closed=closed,
        opens=None if closed else opens,
        closes=None if closed else closes,
        note=(note or "").strip()[:100],
    )
    _audit(
        actor,
        "hours.exception",
        "station",
        station.pk,
        {"date": day, "closed": closed, "opens": opens, "closes": closes},
    )
    return row


GUIDE_FIELDS = (
    "name",
    "category",
    "keywords",
    "summary",
    "eligibility",
    "materials",
    "steps",
    "time_limit",
    "fee",
    "is_one_visit",
    "is_online",
    "online_hint",
    "basis",
)


@transaction.atomic
def guide_save(
    *,
    actor: Actor,
    code: str,
    stations: Iterable[Station] = (),
    handled_by: Station | None = None,
    **values: Any,
) -> ServiceGuide:
    """Create or update the guide with this code, offered at ``stations``."""
    if not (actor.is_superuser or actor.has_role(*permissions.MANAGE_AREA_ROLES)):
        raise NotPermitted(_("Only administrators can publish service guides."))
    unknown = set(values) - set(GUIDE_FIELDS)
    if unknown:
        raise ValueError(f"unknown guide fields: {sorted(unknown)}")
    if values.get("category", ServiceCategory.OTHER) not in ServiceCategory.values:
        raise InvalidInput(_("Choose a category."), field="category")
    for required, message in (
        ("name", _("Name the service.")),
        ("materials", _("List the materials to bring.")),
        ("steps", _("List the steps.")),
        ("time_limit", _("Give the time limit.")),
    ):
        if not str(values.get(required, "")).strip():
            raise InvalidInput(message, field=required)
    guide, created = ServiceGuide.objects.update_or_create(
        code=code,
        defaults={**values, "handled_by": handled_by, "updated_at": timezone.now()},
    )
    guide.stations.set(list(stations))
    _audit(
        actor,
        "guide.created" if created else "guide.changed",
        "service_guide",
        guide.pk,
        {"code": code, "name": guide.name},
    )
    return guide
