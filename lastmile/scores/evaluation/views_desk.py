"""Staff pages of 群众评议: rounds (create, open, close, results) and the evaluations behind a
ranking row. Outside the actor's subtree → 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.concerns.views.desk_actions import nav_roles
from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.scores.conf import parse_period
from lastmile.scores.evaluation.choices import can
from lastmile.scores.evaluation.forms import RoundForm
from lastmile.scores.evaluation.selectors import (
    areas_for_rounds,
    evaluations_behind,
    figures_for,
    round_get_for_actor,
    round_qs_for_actor,
    round_results,
)
from lastmile.scores.evaluation.services import round_close, round_create, round_open
from lastmile.scores.models import Level


def _staff(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise Http404("staff only")
    return actor


@login_required
@require_http_methods(["GET", "POST"])
def desk_rounds(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    rounds = list(round_qs_for_actor(actor)[:100])
    form = RoundForm(request.POST or None, areas=areas_for_rounds(actor))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rnd = round_create(actor=actor, **form.cleaned_data)
            except DomainError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, str(exc.message))
            else:
                messages.success(
                    request,
                    _("The round is drafted with %(n)s cadres.") % {"n": rnd.cadres.count()},
                )
                return redirect("scores:evaluation:desk_round", pk=rnd.pk)
        status = 400
    context = {**nav_roles(actor), "rounds": rounds, "form": form}
    return render(request, "scores/evaluation/desk_rounds.html", context, status=status)


@login_required
@require_GET
def desk_round(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    rnd = round_get_for_actor(actor, pk)
    context = {
        **nav_roles(actor),
        "round": rnd,
        "results": round_results(rnd),
        "responses": rnd.responses.count(),
        "can_open": can("open", rnd.status),
        "can_close": can("close", rnd.status),
    }
    return render(request, "scores/evaluation/desk_round.html", context)


@login_required
@require_POST
def desk_round_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = _staff(request)
    rnd = round_get_for_actor(actor, pk)
    service = {"open": round_open, "close": round_close}.get(action)
    if service is None:
        raise Http404("unknown action")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None  # type: ignore[assignment]
    try:
        service(actor=actor, rnd=rnd, expected_version=version)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The round is open; the residents of the area have been told.")
            if action == "open"
            else _("The round is closed."),
        )
    return redirect("scores:evaluation:desk_round", pk=rnd.pk)


@login_required
@require_GET
def desk_behind(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    level = request.GET.get("level", Level.UNIT)
    try:
        key = int(request.GET.get("key", ""))
    except ValueError:
        raise Http404("no key") from None
    try:
        period = parse_period(request.GET.get("period"))
    except DomainError as exc:
        return render(
            request,
            "scores/evaluation/behind.html",
            {**nav_roles(actor), "error": exc.message},
            status=400,
        )
    items = evaluations_behind(actor=actor, period=period, level=level, key=key)
    figure = figures_for(period=period, level=level, keys={key}).get(key)
    context = {
        **nav_roles(actor),
        "items": items,
        "period": period,
        "level": level,
        "figure": figure,
    }
    return render(request, "scores/evaluation/behind.html", context)
