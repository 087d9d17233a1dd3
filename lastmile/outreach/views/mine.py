"""My households (联系户): last visit and next due date, open follow-ups, my recent visits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lastmile.outreach import selectors
from lastmile.outreach.views.common import cadre_actor, render_page


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    actor = cadre_actor(request)
    rows = selectors.my_households(actor)
    return render_page(
        request,
        actor,
        "mine.html",
        {
            "rows": rows,
            "gaps": sum(1 for r in rows if r.is_gap),
            "followups": selectors.my_open_followups(actor),
            "visits": selectors.my_recent_visits(actor),
            "today": timezone.localdate(),
        },
    )
