"""The one place a household link or a follow-up changes status: checks the aggregate's
transition table, bumps the version (conditional UPDATE) and writes one audit event, in the
caller's transaction."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.orgs.selectors import Actor
from lastmile.outreach.choices import FOLLOWUP_TRANSITIONS, LINK_TRANSITIONS
from lastmile.outreach.models import FollowUp, HouseholdLink

Locked = TypeVar("Locked", HouseholdLink, FollowUp)

TABLES: dict[type[models.Model], dict[str, workflow.Transition]] = {
    HouseholdLink: LINK_TRANSITIONS,
    FollowUp: FOLLOWUP_TRANSITIONS,
}
OBJECT_TYPES: dict[type[models.Model], str] = {
    HouseholdLink: "household_link",
    FollowUp: "followup",
}


def lock(obj: Locked, expected_version: int | None = None) -> Locked:
    """Re-read the row under a lock and check the caller saw the current version."""
    model = type(obj)
    locked = model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked  # type: ignore[return-value]


def check(action: str, obj: HouseholdLink | FollowUp) -> None:
    workflow.check(
        TABLES[type(obj)],
        action,
        obj.status,
        _("This is not possible while it is “%(status)s”.") % {"status": obj.get_status_display()},
    )


def apply(
    *,
    actor: Actor,
    obj: Locked,
    action: str,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Locked:
    """Apply a checked transition to an already locked row and audit it."""
    check(action, obj)
    new_status = workflow.resolve_target(TABLES[type(obj)], action, None)
    old_status = obj.status
    with transaction.atomic():
        workflow.apply_change(
            obj,
            {**(fields or {}), "status": new_status},
            conflict=_("Someone else changed this a moment ago. Please reload."),
        )
        record(
            actor=actor,
            obj=obj,
            verb=action,
            data={"from": old_status, "to": new_status, **(data or {})},
        )
    return obj


def record(*, actor: Actor, obj: models.Model, verb: str, data: dict[str, Any]) -> None:
    """One audit event about an outreach row. Ids only: no names, phones or notes."""
    object_type = OBJECT_TYPES.get(type(obj), "visit")
    audit.record(
        verb=f"outreach.{object_type}.{verb}",
        obj_type=object_type,
        obj_id=obj.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data=data,
    )
