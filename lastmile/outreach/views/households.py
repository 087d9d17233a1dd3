"""A household's staff page: contact cadre, links history, visits and its concerns."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from lastmile.core.pii import log_pii_access
from lastmile.outreach import permissions, selectors
from lastmile.outreach.views.common import cadre_actor, render_page


@login_required
@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cadre_actor(request)
    household = selectors.household_get_for_actor(actor, pk)
    page = selectors.household_page(actor, household)
    community = selectors.community_of(household.area)
    log_pii_access(
        actor=actor,
        subject_type="household",
        subject_id=household.pk,
        fields=[f for f in ("address", "head_name", "phone") if getattr(household, f)],
        purpose="联系户走访",
        request=request,
        area=household.area,
    )
    return render_page(
        request,
        actor,
        "household.html",
        {
            "page": page,
            "h": page.household,
            "row": page.coverage,
            "community": community,
            "manages": community is not None and permissions.may_manage(actor, community),
        },
    )
