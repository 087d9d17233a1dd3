"""The agent's pages (their requests with forward-by countdowns, the register form) and the
service centre's incoming queue; a request's page with the allowed actions as forms, and the
POST of one action (one form → one service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.core.errors import DomainError, NotFound
from lastmile.core.pii import log_pii_access
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor
from lastmile.stations import permissions, services
from lastmile.stations.choices import AGENT_ACTIONS, CENTRE_ACTIONS, RequestStatus, can
from lastmile.stations.forms import ACTION_FORMS, RegisterRequestForm
from lastmile.stations.models import AgentRequest
from lastmile.stations.presenters import describe_event
from lastmile.stations.selectors import agents
from lastmile.stations.views.common import actor_of, render_desk

ACTION_TEXT: dict[str, tuple[Any, Any]] = {
    "forward": (
        gettext_lazy("Forward to the service centre"),
        gettext_lazy("The centre's staff are told; the request leaves your list of things to do."),
    ),
    "accept": (
        gettext_lazy("Accept"),
        gettext_lazy("The centre takes the request on; the agent sees it is being handled."),
    ),
    "reply": (
        gettext_lazy("Reply with the result"),
        gettext_lazy("The agent is told and hands the result back to the resident."),
    ),
    "hand_back": (
        gettext_lazy("Handed back to the resident"),
        gettext_lazy("The request is closed."),
    ),
    "cancel": (
        gettext_lazy("Withdraw"),
        gettext_lazy("Only when the resident no longer wants it. The request is closed."),
    ),
}


def _agent(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not (permissions.is_agent(actor) or actor.is_superuser):
        raise PermissionDenied(_("Only village agents (代办员) can see this."))
    return actor


@login_required
@require_GET
def my_requests(request: HttpRequest) -> HttpResponse:
    actor = _agent(request)
    show = "done" if request.GET.get("show") == "done" else "open"
    return render_desk(
        request,
        actor,
        "requests.html",
        {
            "rows": list(agents.agent_requests(actor, show=show)[:200]),
            "show": show,
            "counts": agents.agent_counts(actor),
            "villages": agents.agent_villages(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    actor = _agent(request)
    villages = [a.area for a in agents.agent_villages(actor)]
    initial = {"area": villages[0].pk} if len(villages) == 1 else {}
    form = RegisterRequestForm(request.POST or None, villages=villages, initial=initial)
    form.fields["service"].queryset = agents.service_choices()  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = Area.objects.filter(pk=data["area"]).first()
        if area is None:
            raise Http404("village not found")
        try:
            created = services.request_register(
                actor=actor,
                area=area,
                service=data["service"],
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
                notes=data["notes"],
                materials=data["materials"],
            )
        except NotFound as exc:
            raise Http404("not this agent's village") from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                _("Request %(number)s registered. Forward it to the centre by %(due)s.")
                % {"number": created.number, "due": _local(created.forward_due)},
            )
            return redirect("stations:request", pk=created.pk)
    conf = settings.LASTMILE_STATIONS
    return render_desk(
        request,
        actor,
        "request_new.html",
        {
            "form": form,
            "forward_days": conf["AGENT_FORWARD_WORKING_DAYS"],
            "forward_max": conf["AGENT_FORWARD_MAX_DAYS"],
        },
        status=400 if form.errors else 200,
    )


def _local(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


@login_required
@require_GET
def incoming(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not permissions.may_see_queue(actor):
        raise PermissionDenied(_("Only the service centre's staff can see this queue."))
    status = request.GET.get("status") or ""
    return render_desk(
        request,
        actor,
        "incoming.html",
        {
            "rows": list(agents.incoming(actor, status=status)[:200]),
            "status": status,
            "counts": agents.incoming_counts(actor),
        },
    )


def visible_actions(actor: Actor, req: AgentRequest) -> list[str]:
    names = []
    for name in ("forward", "accept", "reply", "hand_back", "cancel"):
        if not can(name, req.status):
            continue
        agent = actor.is_superuser or permissions.is_agent_for(actor, req.area_id)
        centre = permissions.is_centre_staff(actor, req)
        if (name in AGENT_ACTIONS and agent) or (name in CENTRE_ACTIONS and centre):
            names.append(name)
    return names


def _form(name: str, req: AgentRequest, data: Any = None) -> forms.Form:
    return ACTION_FORMS[name](data, initial={"version": req.version}, auto_id=f"id_{name}_%s")


def render_request(
    request: HttpRequest,
    actor: Actor,
    req: AgentRequest,
    *,
    bound: forms.Form | None = None,
    bound_action: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    actions = []
    for name in visible_actions(actor, req):
        form = bound if name == bound_action and bound is not None else _form(name, req)
        title, confirm = ACTION_TEXT[name]
        actions.append({"name": name, "form": form, "title": title, "confirm": confirm})
    events = [describe_event(e) for e in agents.timeline(req)]
    return render_desk(
        request,
        actor,
        "request.html",
        {
            "req": req,
            "actions": actions,
            "events": events,
            "error": error if bound_action not in [a["name"] for a in actions] else "",
            "Status": RequestStatus,
        },
        status=status,
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    req = agents.request_get_for_actor(actor, pk)
    log_pii_access(
        actor=actor,
        subject_type="agentrequest",
        subject_id=req.pk,
        fields=["resident_name", "resident_phone"],
        purpose=f"代办事项 #{req.pk}",
        request=request,
        area=req.area,
    )
    return render_request(request, actor, req)


def _do(name: str) -> Callable[..., AgentRequest]:
    def run(actor: Actor, req: AgentRequest, data: dict[str, Any]) -> AgentRequest:
        version = data["version"]
        if name == "forward":
            return services.request_forward(
                actor=actor, request=req, note=data["note"], expected_version=version
            )
        if name == "accept":
            return services.request_accept(actor=actor, request=req, expected_version=version)
        if name == "reply":
            return services.request_reply(
                actor=actor,
                request=req,
                reply=data["reply"],
                documents_ready=data["documents_ready"],
                expected_version=version,
            )
        if name == "hand_back":
            return services.request_hand_back(
                actor=actor, request=req, note=data["note"], expected_version=version
            )
        return services.request_cancel(
            actor=actor, request=req, reason=data["reason"], expected_version=version
        )

    return run


DONE_TEXT: dict[str, Any] = {
    "forward": gettext_lazy("Forwarded to the service centre."),
    "accept": gettext_lazy("Accepted."),
    "reply": gettext_lazy("Reply sent to the agent."),
    "hand_back": gettext_lazy("Handed back; the request is closed."),
    "cancel": gettext_lazy("The request is withdrawn."),
}


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = actor_of(request)
    req = agents.request_get_for_actor(actor, pk)
    if action not in ACTION_FORMS:
        raise Http404("unknown action")
    form = _form(action, req, request.POST)
    if form.is_valid():
        try:
            done = _do(action)(actor, req, form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            req = agents.request_get_for_actor(actor, pk)
            return render_request(
                request,
                actor,
                req,
                bound=form,
                bound_action=action,
                error=str(exc),
                status=exc.http_status,
            )
        if action == "forward" and done.forwarded_late:
            messages.warning(request, _("Forwarded after the forward-by time: marked late."))
        else:
            messages.success(request, str(DONE_TEXT[action]))
        return redirect("stations:request", pk=req.pk)
    return render_request(request, actor, req, bound=form, bound_action=action, status=400)
