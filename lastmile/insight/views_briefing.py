"""民情分析会 briefing pages (staff): the page with charts, its PDF and .xlsx, and the agenda
(问题清单) download. Thin: parse area and period, call the selector, render."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import InvalidInput
from lastmile.insight.briefing.data import (
    Area,
    Briefing,
    agenda_items,
    area_for_actor,
    areas_for_actor,
    briefing_for,
    owner_units_for,
)
from lastmile.insight.briefing.forms import AgendaFormSet, agenda_from_formset, agenda_initial
from lastmile.insight.briefing.period import Period, default_period, parse_period
from lastmile.orgs.selectors import Actor, actor_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise PermissionDenied(_("Only staff can see this."))
    return actor


def _choice(actor: Actor, data: Any) -> tuple[list[Area], Area | None, Period | None, str]:
    """The areas offered, the chosen area and period, and an error for the period field."""
    areas = areas_for_actor(actor)
    if not areas:
        raise PermissionDenied(_("Only staff can see this."))
    code = (data.get("area") or "").strip()
    area = area_for_actor(actor, code) if code else areas[0]
    raw = (data.get("period") or "").strip()
    try:
        period = parse_period(raw) if raw else default_period()
    except InvalidInput as exc:
        return areas, area, None, str(exc)
    return areas, area, period, ""


def _filename(briefing: Briefing, suffix: str) -> str:
    return f"briefing-{briefing.area.code}-{briefing.period.key}.{suffix}"


@login_required
@require_GET
def briefing_page(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    areas, area, period, error = _choice(actor, request.GET)
    context: dict[str, Any] = {
        **nav_roles(actor),
        "areas": areas,
        "area": area,
        "period": period,
        "period_value": request.GET.get("period") or (period.key if period else ""),
        "error": error,
    }
    if period is not None and area is not None:
        briefing = briefing_for(actor=actor, area=area, period=period)
        units = owner_units_for(area)
        context |= {
            "b": briefing,
            "charts": briefing.chart_data(),
            "agenda": AgendaFormSet(
                initial=agenda_initial(agenda_items(briefing)),
                form_kwargs={"units": units},
            ),
        }
    return render(request, "insight/briefing.html", context, status=400 if error else 200)


def _briefing_or_400(request: HttpRequest) -> Briefing | HttpResponse:
    actor = _actor(request)
    _areas, area, period, error = _choice(actor, request.GET)
    if error or period is None or area is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    return briefing_for(actor=actor, area=area, period=period)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def briefing_pdf(request: HttpRequest) -> HttpResponse:
    from lastmile.insight.briefing.pdf import render_pdf

    briefing = _briefing_or_400(request)
    if isinstance(briefing, HttpResponse):
        return briefing
    return _download(render_pdf(briefing), "application/pdf", _filename(briefing, "pdf"))


@login_required
@require_GET
def briefing_xlsx(request: HttpRequest) -> HttpResponse:
    from lastmile.insight.briefing.xlsx import write_briefing_xlsx

    briefing = _briefing_or_400(request)
    if isinstance(briefing, HttpResponse):
        return briefing
    out = io.BytesIO()
    write_briefing_xlsx(briefing, out)
    return _download(out.getvalue(), XLSX, _filename(briefing, "xlsx"))


@login_required
@require_POST
def agenda_xlsx(request: HttpRequest) -> HttpResponse:
    """The agenda as edited on the page, as .xlsx (nothing is stored)."""
    from lastmile.insight.briefing.xlsx import write_agenda_xlsx

    actor = _actor(request)
    area = area_for_actor(actor, (request.POST.get("area") or "").strip())
    units = owner_units_for(area)
    formset = AgendaFormSet(request.POST, form_kwargs={"units": units})
    if not formset.is_valid():
        return HttpResponse(
            _("The agenda has errors: check every deadline and title, then try again."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    items = agenda_from_formset(formset, dict(units))
    if request.POST.get("to_ledger"):
        return _agenda_to_ledger(request, actor, items)
    out = io.BytesIO()
    write_agenda_xlsx(items, out)
    stamp = timezone.localdate().isoformat()
    return _download(out.getvalue(), XLSX, f"agenda-{area.code}-{stamp}.xlsx")


def _agenda_to_ledger(request: HttpRequest, actor: Any, items: list[Any]) -> HttpResponse:
    """The meeting's problem list becomes rectification items in one step (source 集体议)."""
    from lastmile.rectify.services import ledger_items_from_agenda

    result = ledger_items_from_agenda(
        actor,
        items,
        standard_of_done=(request.POST.get("standard_of_done") or "").strip(),
        measures=(request.POST.get("measures") or "").strip(),
    )
    messages.success(
        request,
        _("Ledger: %(created)d registered, %(existing)d already there, %(refused)d refused.")
        % {
            "created": len(result.created),
            "existing": len(result.existing),
            "refused": len(result.refused),
        },
    )
    for _item, reason in result.refused[:5]:
        messages.warning(request, reason)
    return redirect("rectify:desk")
