"""Logging a visit (a short form for the phone), the visit page with its follow-ups, and
"turn into a concern" (one POST, one service)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.concerns.services.intake import pin_for
from lastmile.core.errors import DomainError
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor
from lastmile.outreach import permissions, selectors, services
from lastmile.outreach.forms import ConvertForm, FollowUpDoneForm, FollowUpForm, VisitForm
from lastmile.outreach.models import Visit
from lastmile.outreach.views.common import (
    back,
    cadre_actor,
    form_error,
    render_page,
    reraise_forbidden,
)

FOLLOWUP_ALIASES = {"followup_text": "text", "followup_due": "due"}


def _visitors(actor: Actor) -> QuerySet[Person] | None:
    """Whom a manager may record a visit for; None (no choice) for everyone else."""
    communities = selectors.managed_communities(actor)
    if not communities:
        return None
    qs = selectors.community_people(communities[0])
    for community in communities[1:]:
        qs = qs | selectors.community_people(community)
    return qs.distinct().order_by("name")


def _initial(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    initial: dict[str, Any] = {"visited_on": timezone.localdate()}
    raw = request.GET.get("household", "")
    if raw.isdecimal():
        initial["household"] = selectors.household_get_for_actor(actor, int(raw)).pk
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest) -> HttpResponse:
    actor = cadre_actor(request)
    form = VisitForm(
        request.POST or None,
        initial=_initial(request, actor),
        households=selectors.visit_form_households(actor),
        visitors=_visitors(actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        followups = (
            [services.NewFollowUp(data["followup_text"], data["followup_due"])]
            if data.get("followup_text")
            else []
        )
        try:
            visit = services.visit_log(
                actor=actor,
                household=data["household"],
                visited_on=data["visited_on"],
                people_met=data["people_met"],
                heard=data["heard"],
                help_given=data["help_given"],
                followups=followups,
                visitor=data.get("visitor"),
            )
        except DomainError as exc:
            form_error(form, exc, {"cadre": "visitor"})
        else:
            messages.success(request, _("Visit saved."))
            return redirect("outreach:visit", pk=visit.pk)
    status = 400 if form.errors else 200
    return render_page(request, actor, "visit_new.html", {"form": form}, status)


def render_visit(
    request: HttpRequest,
    actor: Actor,
    visit: Visit,
    *,
    convert: ConvertForm | None = None,
    followup: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_work = permissions.may_work_visit(actor, visit)
    concern = visit.concern
    context: dict[str, Any] = {
        "visit": visit,
        "followups": list(visit.followups.order_by("due", "pk")),
        "may_work": may_work,
        "convert": convert or ConvertForm(initial={"text": visit.heard}, auto_id="cv_%s"),
        "followup_form": followup or FollowUpForm(auto_id="fu_%s"),
        "today": timezone.localdate(),
        "concern": concern,
        "concern_visible": concern is not None
        and concern_qs_for_actor(actor).filter(pk=concern.pk).exists(),
        "pin": pin_for(concern.code) if concern is not None and may_work else "",
    }
    return render_page(request, actor, "visit.html", context, status)


@login_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cadre_actor(request)
    return render_visit(request, actor, selectors.visit_get_for_actor(actor, pk))


@login_required
@require_POST
def visit_concern(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cadre_actor(request)
    visit = selectors.visit_get_for_actor(actor, pk)
    form = ConvertForm(request.POST, auto_id="cv_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.visit_to_concern(
                actor=actor, visit=visit, kind=data["kind"], text=data["text"], title=data["title"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            if result.created:
                messages.success(
                    request,
                    _("Concern %(code)s is on the dispatcher's desk (channel: cadre visit).")
                    % {"code": result.concern.code},
                )
            else:
                messages.info(
                    request,
                    _("This note is already concern %(code)s.") % {"code": result.concern.code},
                )
            return redirect("outreach:visit", pk=visit.pk)
    return render_visit(request, actor, visit, convert=form, status=400)


@login_required
@require_POST
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cadre_actor(request)
    visit = selectors.visit_get_for_actor(actor, pk)
    form = FollowUpForm(request.POST, auto_id="fu_%s")
    if form.is_valid():
        try:
            services.followup_add(
                actor=actor,
                visit=visit,
                text=form.cleaned_data["text"],
                due=form.cleaned_data["due"],
            )
        except DomainError as exc:
            form_error(form, exc, FOLLOWUP_ALIASES)
        else:
            messages.success(request, _("Follow-up added."))
            return redirect("outreach:visit", pk=visit.pk)
    return render_visit(request, actor, visit, followup=form, status=400)


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cadre_actor(request)
    followup = selectors.followup_get_for_actor(actor, pk)
    form = FollowUpDoneForm(request.POST)
    default = reverse("outreach:visit", args=[followup.visit_id])
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return back(request, default)
    try:
        services.followup_complete(
            actor=actor,
            followup=followup,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        reraise_forbidden(exc)
        messages.error(request, str(exc))
        return back(request, default)
    messages.success(request, _("Follow-up marked done."))
    return back(request, default)


@login_required
@require_POST
def followup_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cadre_actor(request)
    followup = selectors.followup_get_for_actor(actor, pk)
    default = reverse("outreach:visit", args=[followup.visit_id])
    try:
        services.followup_reopen(actor=actor, followup=followup)
    except DomainError as exc:
        reraise_forbidden(exc)
        messages.error(request, str(exc))
        return back(request, default)
    messages.success(request, _("Follow-up reopened."))
    return back(request, default)
