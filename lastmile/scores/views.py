"""Score pages: the public ranking of units, 典型示范, and the staff view scoped to the subtree.
Thin: parse, call one selector, render."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.scores.conf import Weights, check_weights, parse_period, weights
from lastmile.scores.evaluation.selectors import attach_to_ranking
from lastmile.scores.export import write_ranking
from lastmile.scores.models import Level
from lastmile.scores.selectors import (
    DRILL,
    drill_concerns,
    last_complete_period,
    models_of_period,
    ranking,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _query(get: QueryDict, *, staff: bool) -> tuple[str, str, Weights]:
    period = parse_period(get.get("period"))
    level = get.get("level") or Level.UNIT
    if level not in Level.values or (not staff and level != Level.UNIT):
        raise Http404("unknown level")
    w = check_weights(get["w"]) if staff and get.get("w") else weights()
    return period, level, w


def _chart(result: Any) -> dict[str, Any]:
    rows = result.rows[:30]
    return {
        "names": [r.name for r in rows],
        "totals": [round(r.figures.total * 100, 1) if r.figures.total is not None else None
                   for r in rows],
        "bands": [r.figures.band for r in rows],
        "periods": result.trend_periods,
        "trends": [
            {"name": r.name, "data": [round(t * 100, 1) if t is not None else None
                                      for t in r.trend]}
            for r in rows[:5]
        ],
    }  # fmt: skip


def _error(request: HttpRequest, template: str, exc: DomainError, extra: dict) -> HttpResponse:
    return render(request, template, {"error": exc.message, **extra}, status=400)


@require_GET
def public_ranking(request: HttpRequest) -> HttpResponse:
    try:
        period, level, w = _query(request.GET, staff=False)
    except DomainError as exc:
        return _error(request, "scores/public.html", exc, {"period": request.GET.get("period")})
    result = ranking(period=period, level=level, w=w)
    attach_to_ranking(result)  # 群众评议: aggregate only on the public page
    return render(
        request, "scores/public.html", {"r": result, "chart": _chart(result), "period": period}
    )


@require_GET
def public_models(request: HttpRequest) -> HttpResponse:
    result = models_of_period(last_complete_period())
    return render(request, "scores/models.html", {"r": result})


def _drill_args(request: HttpRequest, *, staff: bool) -> dict[str, Any]:
    period, level, _w = _query(request.GET, staff=staff)
    figure = request.GET.get("figure", "")
    try:
        key = int(request.GET.get("key", ""))
    except ValueError:
        raise Http404("no key") from None
    if figure not in DRILL:
        raise Http404("unknown figure")
    return {"period": period, "level": level, "key": key, "figure": figure}


@require_GET
def public_drill(request: HttpRequest) -> HttpResponse:
    try:
        args = _drill_args(request, staff=False)
    except DomainError as exc:
        return _error(request, "scores/drill.html", exc, {"public": True})
    concerns = list(drill_concerns(**args))
    return render(request, "scores/drill.html", {**args, "concerns": concerns, "public": True})


def _staff(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise Http404("staff only")
    return actor


@login_required
@require_GET
def desk_ranking(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    base = {**nav_roles(actor), "levels": Level.choices, "level": request.GET.get("level", "unit")}
    try:
        period, level, w = _query(request.GET, staff=True)
    except DomainError as exc:
        return _error(request, "scores/desk.html", exc, {**base, "period": ""})
    result = ranking(period=period, level=level, actor=actor, w=w)
    attach_to_ranking(result)  # 群众评议 column, drilling down to the evaluations
    context = {**base, "r": result, "chart": _chart(result), "period": period, "level": level,
               "w": request.GET.get("w", ""), "evaluation_drill": True}  # fmt: skip
    return render(request, "scores/desk.html", context)


@login_required
@require_GET
def desk_export(request: HttpRequest) -> FileResponse | HttpResponse:
    actor = _staff(request)
    try:
        period, level, w = _query(request.GET, staff=True)
    except DomainError as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_ranking(ranking(period=period, level=level, actor=actor, w=w), spool)
    spool.seek(0)
    name = f"scores-{level}-{period}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_GET
def desk_drill(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    try:
        args = _drill_args(request, staff=True)
    except DomainError as exc:
        return _error(request, "scores/drill.html", exc, nav_roles(actor))
    concerns = list(drill_concerns(**args, actor=actor))
    context = {**args, **nav_roles(actor), "concerns": concerns, "public": False}
    return render(request, "scores/drill.html", context)
