"""Study hours per branch and per member for a month, quarter or year; .xlsx for a branch."""

from __future__ import annotations

import io
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_GET

from lastmile.core.errors import InvalidInput
from lastmile.learning import periods
from lastmile.learning.export import write_xlsx
from lastmile.learning.forms import HoursForm
from lastmile.learning.selectors import hours as read
from lastmile.learning.selectors.desk import branches_for_actor
from lastmile.learning.views.common import render_desk, staff_actor
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choose(actor: Actor, request: HttpRequest) -> tuple[HoursForm, periods.Period, Area | None]:
    """The period and branch asked for; a bad value is reported next to its field and the
    current month is shown instead (never a 500)."""
    branches = branches_for_actor(actor)
    only = branches.first() if not request.GET and branches.count() == 1 else None
    form = HoursForm(
        request.GET or None, branches=branches, initial={"period": "month", "branch": only}
    )
    today = timezone.localdate()
    period = periods.containing("month", today)
    branch = only
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            period = periods.parse(data["period"] or "month", data["value"], today)
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        branch = data["branch"]
    return form, period, branch


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    form, period, branch = _choose(actor, request)
    context: dict[str, Any] = {
        "form": form,
        "period": period,
        "branch": branch,
        "branch_rows": read.branch_rows(actor, period),
        "member_rows": read.member_rows(branch, period) if branch else [],
        "query": request.GET.urlencode(),
        "previous": period.previous(),
        "next": period.next(),
    }
    return render_desk(request, actor, "hours.html", context, status=400 if form.errors else 200)


@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponseBase:
    actor = staff_actor(request)
    form, period, branch = _choose(actor, request)
    if branch is None or form.errors:
        return report(request)
    out = io.BytesIO()
    write_xlsx(branch, period, read.member_rows(branch, period), out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"学时-{branch.name}-{period.key}.xlsx",
        content_type=XLSX,
    )
