"""Rounds (批次) at the desk: the list, opening a new round, and a round's statistics by
community (scoped to the communities the person works for)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.core.errors import DomainError
from lastmile.orgs.models import Area
from lastmile.wishes import permissions, selectors, services, stats
from lastmile.wishes.forms import RoundForm
from lastmile.wishes.views.common import form_error, render_desk, staff_actor


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    areas = selectors.round_areas(actor)
    form = RoundForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.round_create(
                actor=actor,
                name=data["name"],
                area=Area.objects.filter(pk=data["area"]).first(),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The round “%(name)s” is open.") % {"name": made.name})
            return redirect("wishes:desk_round", pk=made.pk)
    status = 400 if form.is_bound else 200
    return render_desk(
        request,
        actor,
        "rounds.html",
        {"form": form, "rounds": list(selectors.rounds_list(actor)), "may_open": bool(areas)},
        status,
    )


@login_required
@require_GET
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    round_ = selectors.round_get(pk, actor)
    figures = stats.round_stats(round_, permissions.staff_q(actor))
    return render_desk(request, actor, "round.html", {"round": round_, "stats": figures})
