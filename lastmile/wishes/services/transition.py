"""The one place a wish or a claim changes state: checks the transition tables, bumps the
version (conditional UPDATE), and writes the wish's audit event in the same transaction.

Claims belong to their wish: a claim's change is recorded as one event on the wish's timeline
(the service that changes both writes one event). Lock order is always the wish, then its
claims, so two services never wait on each other in opposite orders.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.orgs.selectors import Actor
from lastmile.wishes.choices import CLAIM_TRANSITIONS, TRANSITIONS
from lastmile.wishes.models import Claim, Wish

OBJECT_TYPE = "wish"

REFUSALS: dict[str, Any] = {
    "verify": gettext_lazy(
        "Only a wish awaiting verification can be verified (it is “%(status)s”)."
    ),
    "reject": gettext_lazy(
        "Only a wish awaiting verification can be turned down (it is “%(status)s”)."
    ),
    "publish": gettext_lazy("Only a verified wish can be published (it is “%(status)s”)."),
    "fulfil": gettext_lazy(
        "Only a fully claimed wish can be recorded as fulfilled (it is “%(status)s”)."
    ),
    "confirm": gettext_lazy(
        "The family can confirm only after the claimer has recorded the wish as fulfilled "
        "(it is “%(status)s”)."
    ),
}
DEFAULT_REFUSAL = gettext_lazy("This is not possible while the wish is “%(status)s”.")
CONFLICT = gettext_lazy("Someone else changed this wish a moment ago. Please reload the page.")


def lock(wish: Wish, expected_version: int | None = None) -> Wish:
    """Re-read the wish under a row lock and check the caller saw the current version."""
    locked = (
        Wish.objects.select_for_update(of=("self",))
        .select_related("community", "round")
        .get(pk=wish.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this wish a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def lock_claim(claim: Claim) -> Claim:
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("person__user", "unit")
        .get(pk=claim.pk)
    )


def check(action: str, wish: Wish) -> None:
    refusal = REFUSALS.get(action, DEFAULT_REFUSAL)
    workflow.check(
        TRANSITIONS, action, wish.status, str(refusal) % {"status": wish.get_status_display()}
    )


def save(wish: Wish, fields: dict[str, Any]) -> Wish:
    """A change that is not a status change (pledged amount, text, priority), versioned."""
    workflow.apply_change(wish, fields, conflict=CONFLICT)
    return wish


def apply(
    *,
    actor: Actor,
    wish: Wish,
    action: str,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    verb: str = "",
) -> Wish:
    """Apply a checked transition to an already locked wish and audit it (``verb`` names the
    event when the service's act is not the transition itself, e.g. a claim that covers)."""
    check(action, wish)
    new_status = workflow.resolve_target(TRANSITIONS, action, None)
    old_status = wish.status
    with transaction.atomic():
        workflow.apply_change(wish, {**(fields or {}), "status": new_status}, conflict=CONFLICT)
        record(
            actor=actor,
            wish=wish,
            verb=verb or action,
            data={"from": old_status, "to": new_status, **(data or {})},
        )
    return wish


def apply_claim(claim: Claim, action: str, fields: dict[str, Any] | None = None) -> Claim:
    """Change a locked claim's status by the claim table; the caller records the event."""
    workflow.check(
        CLAIM_TRANSITIONS,
        action,
        claim.status,
        _("This is not possible while the claim is “%(status)s”.")
        % {"status": claim.get_status_display()},
    )
    target = workflow.resolve_target(CLAIM_TRANSITIONS, action, None)
    workflow.apply_change(
        claim,
        {**(fields or {}), "status": target},
        conflict=_("Someone else changed this claim a moment ago. Please reload the page."),
    )
    return claim


def record(*, actor: Actor, wish: Wish, verb: str, data: dict[str, Any]) -> None:
    """One event on the wish's timeline. Never the family's name, phone or address."""
    audit.record(
        verb=f"wish.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=wish.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"code": wish.code, **data},
    )
