"""Community pages: coverage (who is due or overdue for a visit, with filters and .xlsx) and the
cadres' monthly visit counts with those behind highlighted."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor
from lastmile.outreach import selectors
from lastmile.outreach.choices import CoverageState
from lastmile.outreach.export import write_coverage_xlsx
from lastmile.outreach.forms import STATE_FILTERS
from lastmile.outreach.selectors.coverage import CoverageRow
from lastmile.outreach.views.common import cadre_actor, render_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pick_community(request: HttpRequest, actor: Actor) -> tuple[list[Area], Area]:
    reach = selectors.reach_for(actor)
    communities = selectors.communities_for_actor(actor, reach)
    if not communities:
        raise PermissionDenied(_("No community or village is within your reach."))
    code = (request.GET.get("community") or request.POST.get("community") or "").strip()
    if code:
        return communities, selectors.community_for_actor(actor, code, reach)
    return communities, communities[0]


@dataclass(frozen=True)
class CoverageFilters:
    state: str = "gaps"
    grid: int | None = None
    priority: bool = False
    q: str = ""


def parse_filters(request: HttpRequest) -> CoverageFilters:
    get = request.GET
    state = get.get("state", "gaps")
    grid = (get.get("grid") or "").strip()
    return CoverageFilters(
        state=state if state in {s for s, _label in STATE_FILTERS} else "gaps",
        grid=int(grid) if grid.isdecimal() else None,
        priority=get.get("priority") in ("1", "on"),
        q=(get.get("q") or "").strip()[:40],
    )


def _keep(row: CoverageRow, f: CoverageFilters) -> bool:
    if f.state == "gaps" and not row.is_gap:
        return False
    if f.state == CoverageState.DUE_SOON and row.state != CoverageState.DUE_SOON:
        return False
    if f.state == "unlinked" and row.link is not None:
        return False
    if f.priority and not row.priority:
        return False
    if f.q:
        h = row.household
        return f.q in h.address or f.q in h.head_name
    return True


def _rows(
    actor: Actor, community: Area, f: CoverageFilters
) -> tuple[list[CoverageRow], dict[str, int]]:
    qs = selectors.household_qs_for_actor(actor).filter(area__path__startswith=community.path)
    if f.grid:
        qs = qs.filter(area_id=f.grid)
    rows = sorted(selectors.coverage_rows(qs), key=selectors.gap_order)
    counts = {
        "all": len(rows),
        "gaps": sum(1 for r in rows if r.is_gap),
        "due_soon": sum(1 for r in rows if r.state == CoverageState.DUE_SOON),
        "unlinked": sum(1 for r in rows if r.link is None),
        "priority_gaps": sum(1 for r in rows if r.is_gap and r.priority),
    }
    return [r for r in rows if _keep(r, f)], counts


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    actor = cadre_actor(request)
    communities, community = pick_community(request, actor)
    filters = parse_filters(request)
    rows, counts = _rows(actor, community, filters)
    query = request.GET.copy()
    query["community"] = community.code
    return render_page(
        request,
        actor,
        "coverage.html",
        {
            "communities": communities,
            "community": community,
            "grids": list(Area.objects.filter(parent=community).order_by("path")),
            "filters": filters,
            "states": STATE_FILTERS,
            "rows": rows,
            "counts": counts,
            "query": query.urlencode(),
            "linked_days": selectors.linked_interval_days(),
            "priority_days": selectors.priority_interval_days(),
        },
    )


@login_required
@require_GET
def coverage_xlsx(request: HttpRequest) -> HttpResponse:
    actor = cadre_actor(request)
    _communities, community = pick_community(request, actor)
    rows, _counts = _rows(actor, community, parse_filters(request))
    out = io.BytesIO()
    write_coverage_xlsx(rows, out)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="coverage-{community.code}-{stamp}.xlsx"'
    )
    return response


@login_required
@require_GET
def cadres(request: HttpRequest) -> HttpResponse:
    actor = cadre_actor(request)
    communities, community = pick_community(request, actor)
    raw = request.GET.get("months", "6")
    months = min(12, max(1, int(raw))) if raw.isdecimal() else 6
    starts, rows = selectors.cadre_months(community, months=months)
    return render_page(
        request,
        actor,
        "cadres.html",
        {
            "communities": communities,
            "community": community,
            "months": starts,
            "month_count": months,
            "rows": rows,
            "target": selectors.committee_target(),
            "behind": sum(1 for r in rows if r.behind_months),
        },
    )
