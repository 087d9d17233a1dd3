"""The roster editor (a station's week, add and remove shifts) and the supervisor's missed-duty
view (人员在岗不在位) per station and person per month."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import Actor
from lastmile.stations import permissions, services
from lastmile.stations.forms import ShiftForm
from lastmile.stations.models import DutyShift
from lastmile.stations.selectors import duty
from lastmile.stations.views.common import actor_of, render_desk


def _manager(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not permissions.may_manage_any(actor):
        raise PermissionDenied(_("Only station managers and supervisors can see this."))
    return actor


@login_required
@require_GET
def roster_index(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    return render_desk(
        request, actor, "roster_index.html", {"stations": list(duty.managed_stations(actor))}
    )


def _week(value: str | None) -> date:
    today = timezone.localdate()
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        day = today
    return duty.week_start(day)


def _aware(day: date, at: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    station = duty.managed_station(actor, pk)
    start = _week(request.GET.get("week"))
    people = duty.roster_people(station)
    form = ShiftForm(
        request.POST or None,
        people=people,
        initial={"day": max(start, timezone.localdate()), "starts": "09:00", "ends": "17:30"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.shift_add(
                actor=actor,
                station=station,
                person=data["person"],
                starts_at=_aware(data["day"], data["starts"]),
                ends_at=_aware(data["day"], data["ends"]),
                post=data["post"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The shift is on the roster."))
            week = duty.week_start(data["day"]).isoformat()
            return redirect(f"{reverse('stations:roster', args=[station.pk])}?week={week}")
    shifts = duty.roster_week(station, start)
    now = timezone.now()
    days = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        days.append((day, [s for s in shifts if timezone.localtime(s.starts_at).date() == day]))
    return render_desk(
        request,
        actor,
        "roster.html",
        {
            "station": station,
            "form": form,
            "days": days,
            "start": start,
            "end": start + timedelta(days=6),
            "prev_week": (start - timedelta(days=7)).isoformat(),
            "next_week": (start + timedelta(days=7)).isoformat(),
            "now": now,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def roster_remove(request: HttpRequest, pk: int, shift: int) -> HttpResponse:
    actor = _manager(request)
    station = duty.managed_station(actor, pk)
    row = DutyShift.objects.filter(pk=shift, station=station).select_related("station").first()
    if row is None:
        raise Http404("shift not found")
    week = duty.week_start(timezone.localtime(row.starts_at).date()).isoformat()
    try:
        services.shift_remove(actor=actor, shift=row)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The shift was removed from the roster."))
    return redirect(f"{reverse('stations:roster', args=[station.pk])}?week={week}")


@login_required
@require_GET
def missed(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    today = timezone.localdate()
    month = duty.parse_month(request.GET.get("month"), today)
    report = duty.missed_report(actor, month)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    return render_desk(
        request,
        actor,
        "missed.html",
        {
            "report": report,
            "month": month,
            "prev_month": f"{previous:%Y-%m}",
            "next_month": f"{following:%Y-%m}" if following <= today else "",
            "now": timezone.now(),
        },
    )
