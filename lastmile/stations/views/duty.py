"""The person on duty: their shifts with big check-in and check-out buttons (phone-first), and
the two POSTs (one button → one service)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lastmile.core.errors import DomainError
from lastmile.stations import services
from lastmile.stations.models import Station
from lastmile.stations.selectors.duty import my_shifts
from lastmile.stations.services.duty import grace
from lastmile.stations.views.common import actor_of, render_desk, safe_next


@login_required
@require_GET
def my_duty(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    now = timezone.now()
    shifts = my_shifts(actor, now=now)
    window = grace()
    rows = []
    for shift in shifts:
        checked_in = shift.checked_in_at is not None
        rows.append(
            {
                "shift": shift,
                "now": shift.starts_at - window <= now < shift.ends_at,
                "can_check_in": not checked_in and shift.starts_at - window <= now < shift.ends_at,
                "can_check_out": checked_in and shift.checked_out_at is None,
                "missed": not checked_in and shift.ends_at <= now,
            }
        )
    return render_desk(
        request,
        actor,
        "my_duty.html",
        {"rows": rows, "grace_minutes": int(window.total_seconds() // 60)},
    )


def _station(pk: int) -> Station:
    station = Station.objects.filter(pk=pk, is_active=True).first()
    if station is None:
        raise Http404("station not found")
    return station


def _local(moment: object) -> str:
    return timezone.localtime(moment).strftime("%H:%M")  # type: ignore[arg-type]


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    station = _station(pk)
    back = safe_next(request, reverse("stations:my_duty"))
    try:
        result = services.duty_check_in(actor=actor, station=station)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    at = result.shift.checked_in_at
    if result.late_minutes:
        messages.warning(
            request,
            _("Checked in at %(time)s at %(station)s, %(minutes)s minutes late.")
            % {"time": _local(at), "station": station.name, "minutes": result.late_minutes},
        )
    else:
        messages.success(
            request,
            _("Checked in at %(time)s at %(station)s. You are on duty.")
            % {"time": _local(at), "station": station.name},
        )
    return redirect(back)


@login_required
@require_POST
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    station = _station(pk)
    back = safe_next(request, reverse("stations:my_duty"))
    try:
        result = services.duty_check_out(actor=actor, station=station)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    at = result.shift.checked_out_at
    if result.early_minutes:
        messages.warning(
            request,
            _("Checked out at %(time)s, %(minutes)s minutes before the end of your shift.")
            % {"time": _local(at), "minutes": result.early_minutes},
        )
    else:
        messages.success(request, _("Checked out at %(time)s. Thank you.") % {"time": _local(at)})
    return redirect(back)
