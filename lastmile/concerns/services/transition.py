"""The one place a concern changes state: checks the transition table, bumps the version,
saves, and writes one audit event in the same transaction."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.concerns.choices import TRANSITIONS, Status
from lastmile.concerns.models import Concern
from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.notify import concern_events
from lastmile.orgs.selectors import Actor


def lock(concern: Concern, expected_version: int | None = None) -> Concern:
    """Re-read the concern under a row lock and check the caller saw the current version."""
    locked = (
        Concern.objects.select_for_update(of=("self",))
        .select_related("area", "lead_unit")
        .get(pk=concern.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this concern a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def check(action: str, concern: Concern) -> None:
    workflow.check(
        TRANSITIONS,
        action,
        concern.status,
        _("This action is not possible while the concern is “%(status)s”.")
        % {"status": concern.get_status_display()},
    )


def apply(
    *,
    actor: Actor,
    concern: Concern,
    action: str,
    target: str | None = None,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Concern:
    """Apply a checked transition to an already locked concern and audit it."""
    check(action, concern)
    new_status = workflow.resolve_target(TRANSITIONS, action, target)
    old_status = concern.status
    with transaction.atomic():
        workflow.apply_change(
            concern,
            {**(fields or {}), "status": new_status},
            conflict=_("Someone else changed this concern a moment ago. Please reload."),
        )
        audit.record(
            verb=f"concern.{action}",
            obj_type="concern",
            obj_id=concern.pk,
            actor_id=actor.user_id,
            actor_label=actor.label,
            data={"from": old_status, "to": new_status, **(data or {})},
        )
        # Notifications after commit (resident on WeChat, lead unit in-app); never fails this.
        transaction.on_commit(partial(concern_events.concern_changed, concern.pk, action))
    return concern


def note(*, actor: Actor, concern: Concern, verb: str, data: dict[str, Any]) -> None:
    """Audit an event on a concern that does not change its state (e.g. an assist report)."""
    audit.record(
        verb=f"concern.{verb}",
        obj_type="concern",
        obj_id=concern.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data=data,
    )


def status_label(value: str) -> str:
    return str(Status(value).label)
