"""Public pages (no login): the stations with open-now and who is on duty, a station with its
hours and services, the service guides (printable)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lastmile.stations import hours
from lastmile.stations.choices import ServiceCategory
from lastmile.stations.models import WEEKDAYS
from lastmile.stations.selectors import public
from lastmile.stations.selectors.duty import shift_here_now
from lastmile.stations.views.common import actor_of

WEEKDAY_NAMES = dict(WEEKDAYS)


@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    point = public.parse_point(request.GET.get("lat"), request.GET.get("lng"))
    cards = public.station_cards(point=point)
    return render(request, "stations/public/list.html", {"cards": cards, "point": point})


@require_GET
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    station = public.station_public(pk, now)
    card = public.card(station, now)
    exceptions = public.upcoming_exceptions(station, today)
    regular = list(station.hours.all())
    actor = actor_of(request)
    grace = timedelta(minutes=int(settings.LASTMILE_STATIONS["CHECKIN_GRACE_MINUTES"]))
    my_shift = shift_here_now(actor, station, grace=grace) if actor.person else None
    return render(
        request,
        "stations/public/station.html",
        {
            "card": card,
            "station": station,
            "days": hours.week(station, today, hours=regular, exceptions=exceptions),
            "weekly": [(WEEKDAY_NAMES[d], ps) for d, ps in hours.weekly_table(regular)],
            "exceptions": [e for e in exceptions if e.date >= today],
            "groups": public.station_guides(station),
            "my_shift": my_shift,
            "is_staff_viewer": actor.is_staff_member,
        },
    )


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:40]
    category = request.GET.get("category") or ""
    guides = public.guides_public(q, category)
    return render(
        request,
        "stations/public/guides.html",
        {
            "groups": public.group_by_category(guides),
            "count": len(guides),
            "q": q,
            "category": category if category in ServiceCategory.values else "",
            "categories": ServiceCategory.choices,
        },
    )


@require_GET
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    guide = public.guide_public(pk)
    return render(request, "stations/public/guide.html", {"guide": guide})
