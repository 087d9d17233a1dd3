"""The one place an agent request changes state: checks the transition table, bumps the
version, saves, and writes one audit event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.orgs.selectors import Actor
from lastmile.stations.choices import TRANSITIONS
from lastmile.stations.models import AgentRequest

OBJECT_TYPE = "agent_request"


def lock(request: AgentRequest, expected_version: int | None = None) -> AgentRequest:
    """Re-read the request under a row lock and check the caller saw the current version."""
    locked = (
        AgentRequest.objects.select_for_update(of=("self",))
        .select_related("centre__unit", "area", "service", "agent")
        .get(pk=request.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this request a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def check(action: str, request: AgentRequest) -> None:
    workflow.check(
        TRANSITIONS,
        action,
        request.status,
        _("This action is not possible while the request is “%(status)s”.")
        % {"status": request.get_status_display()},
    )


def apply(
    *,
    actor: Actor,
    request: AgentRequest,
    action: str,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AgentRequest:
    """Apply a checked transition to an already locked request and audit it."""
    check(action, request)
    new_status = workflow.resolve_target(TRANSITIONS, action, None)
    old_status = request.status
    with transaction.atomic():
        workflow.apply_change(
            request,
            {**(fields or {}), "status": new_status},
            conflict=_("Someone else changed this request a moment ago. Please reload."),
        )
        record(
            actor=actor,
            request=request,
            verb=action,
            data={"from": old_status, "to": new_status, **(data or {})},
        )
    return request


def record(*, actor: Actor, request: AgentRequest, verb: str, data: dict[str, Any]) -> None:
    """One audit event. Never the resident's name or phone: the log must not collect them."""
    audit.record(
        verb=f"stations.request.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=request.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"number": request.number, **data},
    )
