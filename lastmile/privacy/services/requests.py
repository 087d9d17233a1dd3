"""Deletion requests (删除请求): a resident asks with a reason; an administrator of their home
area (or the site administrator) approves — which erases the identity — or refuses with a reason.
Status moves only through the checked transition table; each step is audited and the resident
is told (in-app)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted
from lastmile.notify.services import notify
from lastmile.orgs.selectors import Actor
from lastmile.privacy.choices import TRANSITIONS
from lastmile.privacy.models import DeletionRequest
from lastmile.privacy.selectors import ADMIN_ROLES, pending_of
from lastmile.privacy.services.erase import privacy_erase_identity

OBJECT_TYPE = "deletion_request"
REASON_MAX = 500


def _record(actor: Actor, req: DeletionRequest, verb: str, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"privacy.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=req.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"person_id": req.person_id, **data},
    )


def _reason(raw: str, field: str) -> str:
    reason = (raw or "").strip()
    if not reason:
        raise InvalidInput(_("Please give a reason."), field=field)
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            _("Keep the reason to %(n)s characters or fewer.") % {"n": REASON_MAX}, field=field
        )
    return reason


def deletion_request_create(*, actor: Actor, reason: str) -> DeletionRequest:
    person = actor.person
    if actor.is_anonymous or person is None:
        raise NotPermitted(_("Log in to ask for deletion."))
    if actor.is_staff_member:
        raise NotPermitted(
            _("Staff accounts are closed by the administrator, not through this page.")
        )
    reason = _reason(reason, "reason")
    with transaction.atomic():
        if pending_of(person) is not None:
            raise Conflict(_("You have already asked; the request is waiting for review."))
        area = person.home_area or (person.household.area if person.household_id else None)  # type: ignore[union-attr]
        req = DeletionRequest.objects.create(
            person=person,
            user_id=actor.user_id,
            area=area,
            reason=reason,
            created_at=timezone.now(),
        )
        _record(actor, req, "request", {})
    return req


def _may_decide(actor: Actor, req: DeletionRequest) -> None:
    if not (
        actor.is_superuser or (req.area is not None and actor.covers_area(req.area, *ADMIN_ROLES))
    ):
        raise NotPermitted(_("Only an administrator of the resident's area can decide."))


def _decide(
    actor: Actor, req: DeletionRequest, action: str, reason: str, expected_version: int | None
) -> DeletionRequest:
    _may_decide(actor, req)
    locked = DeletionRequest.objects.select_for_update(of=("self",)).get(pk=req.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(_("Someone else decided this request a moment ago. Reload the page."))
    workflow.check(
        TRANSITIONS,
        action,
        locked.status,
        _("This request is already “%(status)s”.") % {"status": locked.get_status_display()},
    )
    new = workflow.resolve_target(TRANSITIONS, action, None)
    old = locked.status
    workflow.apply_change(
        locked,
        {
            "status": new,
            "decision_reason": reason,
            "decided_by": actor.person,
            "decided_at": timezone.now(),
        },
        conflict=_("Someone else decided this request a moment ago. Reload the page."),
    )
    _record(actor, locked, action, {"from": old, "to": new})
    return locked


def deletion_request_approve(
    *, actor: Actor, req: DeletionRequest, reason: str = "", expected_version: int | None = None
) -> DeletionRequest:
    """Approve and erase, in one transaction; refused (nothing changes) while a concern of the
    resident's is still open."""
    _may_decide(actor, req)
    with transaction.atomic():
        user = req.person.user
        decided = _decide(
            actor, req, "approve", (reason or "").strip()[:REASON_MAX], expected_version
        )
        privacy_erase_identity(actor=actor, person=req.person)
        if user is not None:
            notify(channel="inapp", template="privacy_erasure_done", payload={}, user=user)
    return decided


def deletion_request_refuse(
    *, actor: Actor, req: DeletionRequest, reason: str, expected_version: int | None = None
) -> DeletionRequest:
    _may_decide(actor, req)
    reason = _reason(reason, "decision_reason")
    with transaction.atomic():
        decided = _decide(actor, req, "refuse", reason, expected_version)
        if req.person.user is not None:
            notify(
                channel="inapp",
                template="privacy_erasure_refused",
                payload={"reason": reason},
                user=req.person.user,
            )
    return decided
