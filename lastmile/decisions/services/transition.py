"""The one place a matter changes status or step: checks the transition table, bumps the
version, saves, and writes one audit event in the same transaction. Every other record of the
matter (meeting, vote, notice, objection, revision) is audited under the matter too, so the
matter's page can verify its whole record from the chain."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict, TransitionNotAllowed
from lastmile.decisions.choices import TRANSITIONS, Status, StepKind
from lastmile.decisions.models import Matter
from lastmile.decisions.steps import StepDef
from lastmile.orgs.selectors import Actor

OBJECT_TYPE = "decision_matter"
VERB_PREFIX = "decisions."


def lock(matter: Matter, expected_version: int | None = None) -> Matter:
    """Re-read the matter under a row lock and check the caller saw the current version."""
    locked = Matter.objects.select_for_update(of=("self",)).select_related("area").get(pk=matter.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else recorded a step of this matter a moment ago (it is now "
                "“%(status)s”). Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def check(action: str, matter: Matter) -> None:
    if matter.status == Status.REVISING and action != "revise" and action != "withdraw":
        raise TransitionNotAllowed(
            _(
                "The last vote on this matter failed. Revise the matter (with a note of what "
                "changed) before the step is held again."
            )
        )
    workflow.check(
        TRANSITIONS,
        action,
        matter.status,
        _("This is not possible while the matter is “%(status)s”.")
        % {"status": matter.get_status_display()},
    )


def check_step(matter: Matter, code: str, kind: str) -> StepDef:
    """The matter's next step must be ``code`` (no skipping, no reordering) and its status must
    allow it; returns the step."""
    if matter.status == Status.REVISING:
        check("step_passed", matter)  # raises: revise first
    step = matter.current_step
    if step is None or step.code != code or step.kind != kind:
        wanted = next((s for s in matter.steps if s.code == code), None)
        raise TransitionNotAllowed(
            _(
                "Steps go in order and none may be skipped: the next step of this matter is "
                "“%(next)s”, not “%(step)s”."
            )
            % {
                "next": f"{step.number} {step.name}" if step else _("none (all steps are done)"),
                "step": f"{wanted.number} {wanted.name}" if wanted else code,
            }
        )
    check(step.action if kind != StepKind.MEETING else "step_passed", matter)
    return step


def apply(
    *,
    actor: Actor,
    matter: Matter,
    action: str,
    target: str | None = None,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Matter:
    """Apply a checked transition to an already locked matter and audit it."""
    check(action, matter)
    new_status = workflow.resolve_target(TRANSITIONS, action, target)
    old_status = matter.status
    with transaction.atomic():
        workflow.apply_change(
            matter,
            {**(fields or {}), "status": new_status},
            conflict=_("Someone else changed this matter a moment ago. Please reload."),
        )
        record(
            actor=actor,
            matter=matter,
            verb=action,
            data={
                "from": old_status,
                "to": new_status,
                "step_index": matter.step_index,
                **(data or {}),
            },
        )
    return matter


def record(*, actor: Actor, matter: Matter, verb: str, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"{VERB_PREFIX}{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=matter.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"number": matter.number, **data},
    )
