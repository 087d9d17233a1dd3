"""Tallies at the desk: per community and per person for a month, quarter or year, and the
.xlsx export of the same figures."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lastmile.merits.choices import PeriodKind
from lastmile.merits.export import write_xlsx
from lastmile.merits.forms import TallyForm
from lastmile.merits.periods import Period, period_of
from lastmile.merits.selectors.tallies import community_tallies, person_tallies
from lastmile.merits.views.common import render_desk, staff_actor
from lastmile.orgs.selectors import Actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request: HttpRequest) -> tuple[TallyForm, Period]:
    form = TallyForm(request.GET or None)
    kind, day = PeriodKind.QUARTER.value, timezone.localdate()
    if form.is_valid():
        kind = form.cleaned_data["period"] or kind
        day = form.cleaned_data["on"] or day
    return form, period_of(kind, day)


def _figures(actor: Actor, period: Period) -> dict[str, Any]:
    communities = community_tallies(actor, period)
    people = person_tallies(actor, period)
    return {"communities": communities, "people": people}


@login_required
@require_GET
def tallies(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request, cadre=True)
    form, period = _period(request)
    figures = _figures(actor, period)
    return render_desk(
        request,
        actor,
        "tallies.html",
        {
            "form": form,
            "period": period,
            "previous": period.previous(),
            "next": period.next() if period.end <= timezone.localdate() else None,
            "query": request.GET.urlencode(),
            **figures,
        },
    )


@login_required
@require_GET
def tallies_xlsx(request: HttpRequest) -> FileResponse:
    actor = staff_actor(request, cadre=True)
    _form, period = _period(request)
    figures = _figures(actor, period)
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(period.label, figures["communities"], figures["people"], spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"积分统计-{period.kind}-{period.start:%Y%m%d}.xlsx",
        content_type=XLSX,
    )
