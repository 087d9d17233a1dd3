"""Public reads (no login): stations with their hours, open-now and who is on duty; service
guides. Nothing here names a resident; people on duty appear as post + surname 同志."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lastmile.stations import hours
from lastmile.stations.choices import KIND_RANK, ServiceCategory
from lastmile.stations.models import HoursException, ServiceGuide, Station
from lastmile.stations.presenters import OnDuty, on_duty
from lastmile.stations.selectors.duty import on_duty_qs

LOOKAHEAD_DAYS = 15


@dataclass
class StationCard:
    station: Station
    state: hours.OpenState
    on_duty: list[OnDuty] = field(default_factory=list)
    distance_km: float | None = None
    services: int = 0


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def parse_point(lat: str | None, lng: str | None) -> tuple[float, float] | None:
    try:
        y, x = float(lat or ""), float(lng or "")
    except ValueError:
        return None
    if -90 <= y <= 90 and -180 <= x <= 180 and math.isfinite(x) and math.isfinite(y):
        return y, x
    return None


def _exceptions_from(today: date, days: int = LOOKAHEAD_DAYS) -> QuerySet[HoursException]:
    return HoursException.objects.filter(date__gte=today, date__lt=today + timedelta(days=days))


def stations_qs(now: datetime | None = None) -> QuerySet[Station]:
    """Active stations with hours, the next two weeks' exceptions, who is on duty now and how
    many services they offer: four queries whatever the number of stations."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        Station.objects.filter(is_active=True)
        .select_related("area")
        .annotate(services_count=Count("services", filter=Q(services__is_active=True)))
        .prefetch_related(
            "hours",
            Prefetch("exceptions", queryset=_exceptions_from(today)),
            Prefetch("shifts", queryset=on_duty_qs(now), to_attr="duty_now"),
        )
    )


def card(station: Station, now: datetime, point: tuple[float, float] | None = None) -> StationCard:
    state = hours.open_state(
        station, hours=station.hours.all(), exceptions=station.exceptions.all(), now=now
    )
    distance = None
    if point and station.lat is not None and station.lng is not None:
        distance = distance_km(point[0], point[1], station.lat, station.lng)
    return StationCard(
        station=station,
        state=state,
        on_duty=[on_duty(s) for s in getattr(station, "duty_now", [])],
        distance_km=distance,
        services=getattr(station, "services_count", 0),
    )


def station_cards(
    *, point: tuple[float, float] | None = None, now: datetime | None = None
) -> list[StationCard]:
    """Every active station; nearest first when a point is given, else centres first."""
    now = now or timezone.now()
    cards = [card(s, now, point) for s in stations_qs(now)]
    if point:
        cards.sort(key=lambda c: (c.distance_km is None, c.distance_km or 0.0))
    else:
        cards.sort(key=lambda c: (KIND_RANK.get(c.station.kind, 9), c.station.area.path))
    return cards


def nearest_card(*, point: tuple[float, float] | None = None) -> StationCard | None:
    """The nearest station to the point, else the first service centre (home page panel)."""
    cards = station_cards(point=point)
    return cards[0] if cards else None


def station_public(pk: int, now: datetime | None = None) -> Station:
    station = stations_qs(now).filter(pk=pk).first()
    if station is None:
        raise Http404("station not found")
    return station


def upcoming_exceptions(station: Station, today: date, days: int = 45) -> list[HoursException]:
    return list(
        HoursException.objects.filter(
            station=station, date__gte=today, date__lt=today + timedelta(days=days)
        ).order_by("date", "opens")
    )


def station_guides(station: Station) -> list[tuple[str, list[ServiceGuide]]]:
    """The services offered at the station, grouped by category in the category order."""
    guides = station.services.filter(is_active=True).only(
        "pk", "name", "category", "is_one_visit", "is_online", "time_limit"
    )
    return group_by_category(list(guides))


def group_by_category(guides: list[ServiceGuide]) -> list[tuple[str, list[ServiceGuide]]]:
    labels = dict(ServiceCategory.choices)
    order = {value: i for i, value in enumerate(ServiceCategory.values)}
    groups: dict[str, list[ServiceGuide]] = {}
    for guide in sorted(guides, key=lambda g: (order.get(g.category, 99), g.name)):
        groups.setdefault(guide.category, []).append(guide)
    return [(str(labels.get(k, k)), v) for k, v in groups.items()]


def guides_public(q: str = "", category: str = "") -> list[ServiceGuide]:
    qs = ServiceGuide.objects.filter(is_active=True)
    q = (q or "").strip()[:40]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(keywords__icontains=q) | Q(summary__icontains=q))
    if category in ServiceCategory.values:
        qs = qs.filter(category=category)
    return list(qs.only("pk", "name", "category", "is_one_visit", "is_online", "time_limit"))


def guide_public(pk: int) -> ServiceGuide:
    guide = (
        ServiceGuide.objects.filter(pk=pk, is_active=True)
        .select_related("handled_by")
        .prefetch_related(
            Prefetch("stations", queryset=Station.objects.filter(is_active=True).order_by("pk"))
        )
        .first()
    )
    if guide is None:
        raise Http404("guide not found")
    return guide
