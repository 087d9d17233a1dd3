"""The integrity page (/scores/integrity/): flags with their evidence for supervisors and
administrators, scoped to their subtree, and the dismissal of a flag with a reason (POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import actor_for_user
from lastmile.scores.integrity.choices import FlagKind, FlagStatus
from lastmile.scores.integrity.selectors import (
    can_see_integrity,
    flag_counts_for_actor,
    flag_get_for_actor,
    flag_qs_for_actor,
)
from lastmile.scores.integrity.services import integrity_flag_dismiss

PAGE_SIZE = 100


@login_required
@require_GET
def integrity(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    if not can_see_integrity(actor):
        return render(request, "scores/integrity_denied.html", {**nav_roles(actor)}, status=403)
    status = request.GET.get("status", FlagStatus.OPEN)
    status = status if status in FlagStatus.values or status == "all" else FlagStatus.OPEN
    kind = request.GET.get("kind", "")
    kind = kind if kind in FlagKind.values else ""
    flags = list(
        flag_qs_for_actor(actor, status="" if status == "all" else status, kind=kind)[:PAGE_SIZE]
    )
    counts = flag_counts_for_actor(actor)
    return render(
        request,
        "scores/integrity.html",
        {
            "actor": actor,
            **nav_roles(actor),
            "flags": flags,
            "status": status,
            "kind": kind,
            "kinds": [(k.value, k.label, counts.get(k.value, 0)) for k in FlagKind],
            "statuses": [(s.value, s.label) for s in FlagStatus],
        },
    )


@login_required
@require_POST
def integrity_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for_user(request.user)
    flag = flag_get_for_actor(actor, pk)
    try:
        integrity_flag_dismiss(actor=actor, flag=flag, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Flag dismissed."))
    return redirect("scores:integrity")
