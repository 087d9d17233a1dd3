"""The one place a notice changes status: checks the transition table, bumps the version,
saves, and writes one audit event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.bulletin.choices import NOTICE_TRANSITIONS
from lastmile.bulletin.models import Notice
from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.orgs.selectors import Actor

OBJECT_TYPE = "notice"


def lock(notice: Notice, expected_version: int | None = None) -> Notice:
    """Re-read the notice under a row lock and check the caller saw the current version."""
    locked = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("area", "unit")
        .get(pk=notice.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this notice a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def check(action: str, notice: Notice) -> None:
    workflow.check(
        NOTICE_TRANSITIONS,
        action,
        notice.status,
        _("This action is not possible while the notice is “%(status)s”.")
        % {"status": notice.get_status_display()},
    )


def apply(
    *,
    actor: Actor,
    notice: Notice,
    action: str,
    fields: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Notice:
    """Apply a checked transition to an already locked notice and audit it."""
    check(action, notice)
    new_status = workflow.resolve_target(NOTICE_TRANSITIONS, action, None)
    old_status = notice.status
    with transaction.atomic():
        workflow.apply_change(
            notice,
            {**(fields or {}), "status": new_status},
            conflict=_("Someone else changed this notice a moment ago. Please reload."),
        )
        record(
            actor=actor,
            notice=notice,
            verb=action,
            data={"from": old_status, "to": new_status, **(data or {})},
        )
    return notice


def record(*, actor: Actor, notice: Notice, verb: str, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"bulletin.notice.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=notice.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"title": notice.title[:60], **data},
    )
