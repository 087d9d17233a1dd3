"""The one place a ledger item changes state: checks the transition table, bumps the version,
saves, and writes one audit event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import Conflict, TransitionNotAllowed
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
    if item.status not in TRANSITIONS[action].sources:
        raise TransitionNotAllowed(
            _("This action is not possible while the ledger item is “%(status)s”.")
            % {"status": item.get_status_display()}
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
    transition = TRANSITIONS[action]
    check(action, item)
    new_status = target or transition.target
    if new_status is None or (
        new_status != transition.target and new_status not in transition.targets
    ):
        raise ValueError(f"{action} cannot lead to {new_status}")
    old_status = item.status
    changes = dict(fields or {})
    changes["status"] = new_status
    for name, value in changes.items():
        setattr(item, name, value)
    item.version += 1
    item.updated_at = timezone.now()
    update_fields = [*changes.keys(), "version", "updated_at"]
    with transaction.atomic():
        saved = LedgerItem.objects.filter(pk=item.pk, version=item.version - 1).update(
            **{name: getattr(item, name) for name in update_fields}
        )
        if not saved:
            raise Conflict(_("Someone else changed this ledger item a moment ago. Please reload."))
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
