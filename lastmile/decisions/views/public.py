"""The public notice board (no login): notices now up, past notices, matters being decided, and
each matter's public record — steps, dates, attendance figures and votes; no names, no minutes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lastmile.decisions import presenters, selectors
from lastmile.decisions.services.notices import notice_days
from lastmile.decisions.verify import verify_matter

PER_PAGE = 20


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    raw = (request.GET.get("area") or "").strip()
    area = int(raw) if raw.isdecimal() else None
    past = Paginator(selectors.notices_past(area), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/public/board.html",
        {
            "current": selectors.notices_current(area),
            "past": past,
            "deciding": list(selectors.matters_deciding(area)[:PER_PAGE]),
            "areas": list(selectors.public_areas()),
            "area": area,
            "notice_days": notice_days(),
        },
    )


@require_GET
def matter(request: HttpRequest, number: str) -> HttpResponse:
    found = selectors.public_matter_get(number)
    record = selectors.public_record(found)
    meetings, notices = record["meetings"], record["notices"]
    assert isinstance(meetings, list) and isinstance(notices, list)
    return render(
        request,
        "decisions/public/matter.html",
        {
            "matter": found,
            "rows": presenters.step_rows(found, meetings, notices),
            "notices": notices,
            "revisions": record["revisions"],
            "check": verify_matter(found),
        },
    )
