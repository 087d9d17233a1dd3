"""The one place a ledger item changes state: checks the transition table, bumps the version,
saves, and writes one audit event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.orgs.selectors import Actor
from lastmile.rectify.choices import TRANSITIONS
from lastmile.rectify.models import LedgerItem

OBJECT_TYPE = "ledger_item"


def lock(item: LedgerItem, expected_version: int | None = None) -> LedgerItem:
    """Re-read the item under a row lock and check the caller saw the current version."""
    locked = (
        LedgerItem.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "area")
        .get(pk=item.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this ledger item a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def check(action: str, item: LedgerItem) -> None:
    workflow.check(
        TRANSITIONS,
        action,
        item.status,
        _("This action is not possible while the ledger item is “%(status)s”.")
        % {"status": item.get_status_display()},
    )


def apply(
    *,
    actor: Actor,
    item: LedgerItem,
    action: str,
    target: str | None = None,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> LedgerItem:
    """Apply a checked transition to an already locked item and audit it."""
    check(action, item)
    new_status = workflow.resolve_target(TRANSITIONS, action, target)
    old_status = item.status
    with transaction.atomic():
        workflow.apply_change(
            item,
            {**(fields or {}), "status": new_status},
            conflict=_("Someone else changed this ledger item a moment ago. Please reload."),
        )
        record(
            actor=actor,
            item=item,
            verb=action,
            data={"from": old_status, "to": new_status, **(data or {})},
        )
    return item


def record(*, actor: Actor, item: LedgerItem, verb: str, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"rectify.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=item.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"number": item.number, **data},
    )
