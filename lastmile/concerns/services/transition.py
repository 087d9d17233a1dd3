"""The one place a concern changes state: checks the transition table, bumps the version,
saves, and writes one audit event in the same transaction."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.choices import TRANSITIONS, Status
from lastmile.concerns.models import Concern
from lastmile.core import audit
from lastmile.core.errors import Conflict, TransitionNotAllowed
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
    transition = TRANSITIONS[action]
    if concern.status not in transition.sources:
        raise TransitionNotAllowed(
            _("This action is not possible while the concern is “%(status)s”.")
            % {"status": concern.get_status_display()}
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
    transition = TRANSITIONS[action]
    check(action, concern)
    new_status = target or transition.target
    if new_status is None or (
        new_status != transition.target and new_status not in transition.targets
    ):
        raise ValueError(f"{action} cannot lead to {new_status}")
    old_status = concern.status
    changes = dict(fields or {})
    changes["status"] = new_status
    for name, value in changes.items():
        setattr(concern, name, value)
    concern.version += 1
    concern.updated_at = timezone.now()
    update_fields = [*changes.keys(), "version", "updated_at"]
    with transaction.atomic():
        saved = Concern.objects.filter(pk=concern.pk, version=concern.version - 1).update(
            **{name: getattr(concern, name) for name in update_fields}
        )
        if not saved:
            raise Conflict(_("Someone else changed this concern a moment ago. Please reload."))
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
