"""The stations desk: one page that leads each person to what they do here (check in, the
roster, missed duty, their agent requests, the centre's queue)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from lastmile.stations.selectors import agents
from lastmile.stations.selectors.duty import my_shifts
from lastmile.stations.views.common import actor_of, desk_links, render_desk


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    links = desk_links(actor)
    return render_desk(
        request,
        actor,
        "home.html",
        {
            "shifts": my_shifts(actor, days=1),
            "agent_counts": agents.agent_counts(actor) if links["st_agent"] else None,
            "queue_counts": agents.incoming_counts(actor) if links["st_queue"] else None,
        },
    )
