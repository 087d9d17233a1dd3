"""The one mechanism for status changes of deeds and reservations: lock the row, check the
caller's version, check the transition table, apply with a conditional UPDATE and append one
audit event, all in the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict
from lastmile.core.workflow import Transition
from lastmile.orgs.selectors import Actor

M = TypeVar("M", bound=models.Model)


def lock(model: type[M], pk: int, expected_version: int | None) -> M:
    """Re-read the row ``SELECT … FOR UPDATE``; refuse if someone changed it since the caller
    read it."""
    obj = model._default_manager.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and obj.version != expected_version:  # type: ignore[attr-defined]
        raise Conflict(_("Someone else changed this just now. Reload the page and try again."))
    return obj


def apply(
    *,
    actor: Actor,
    obj: models.Model,
    table: Mapping[str, Transition],
    action: str,
    changes: dict[str, Any],
    obj_type: str,
    data: dict[str, Any] | None = None,
) -> None:
    status = obj.status  # type: ignore[attr-defined]
    label = obj.get_status_display()  # type: ignore[attr-defined]
    workflow.check(
        table,
        action,
        status,
        _("This cannot be done now: it is “%(status)s”.") % {"status": label},
    )
    new_status = workflow.resolve_target(table, action, None)
    workflow.apply_change(
        obj,
        {"status": new_status, **changes},
        conflict=_("Someone else changed this just now. Reload the page and try again."),
    )
    audit.record(
        verb=f"merits.{obj_type}.{action}",
        obj_type=f"merits.{obj_type}",
        obj_id=obj.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"from": status, "to": new_status, **(data or {})},
    )
