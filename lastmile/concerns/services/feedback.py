"""The resident's callback (回访), its time-out (not rated, never satisfied), and reopen (重办)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns import permissions
from lastmile.concerns.choices import Outcome, Satisfaction, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.services import transition
from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import SYSTEM, Actor


@transaction.atomic
def concern_callback(
    *,
    actor: Actor,
    concern: Concern,
    contacted: bool,
    resolved: bool,
    satisfaction: str,
    comment: str = "",
    by_staff: bool = False,
    expected_version: int | None = None,
) -> Concern:
    """Record the resident's three answers. Unresolved or dissatisfied reopens the concern once
    automatically; after that it closes as rated and only a supervisor may reopen it.

    The resident answers on the tracking page (after the PIN check done by the caller); staff may
    record an answer given by phone (``by_staff``), which the integrity checks can tell apart.
    """
    concern = transition.lock(concern, expected_version)
    transition.check("callback", concern)
    if by_staff:
        permissions.require_dispatcher_or_supervisor(actor, concern)
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(_("Choose how satisfied you are."), field="satisfaction")
    comment = (comment or "").strip()[:1000]
    unhappy = satisfaction == Satisfaction.DISSATISFIED or not resolved
    auto_reopen = unhappy and concern.reopen_count < setting("AUTO_REOPEN_LIMIT")
    now = timezone.now()
    fields: dict = {
        "cb_contacted": contacted,
        "cb_resolved": resolved,
        "cb_satisfaction": satisfaction,
        "cb_comment": comment,
        "outcome": Outcome.RATED,
    }
    if auto_reopen:
        fields.update({"reopen_count": concern.reopen_count + 1, "closed_at": None})
        target = Status.REOPENED
    else:
        fields["closed_at"] = now
        target = Status.CLOSED
    return transition.apply(
        actor=actor,
        concern=concern,
        action="callback",
        target=target,
        fields=fields,
        data={
            "contacted": contacted,
            "resolved": resolved,
            "satisfaction": satisfaction,
            "by_staff": by_staff,
            "reopened": auto_reopen,
            "seconds_after_reply": int((now - concern.replied_at).total_seconds())
            if concern.replied_at
            else None,
        },
    )


@transaction.atomic
def concern_callback_expire(*, concern: Concern, now: object = None) -> Concern:
    """No answer within the window: closed as not rated (never counted as satisfied)."""
    concern = transition.lock(concern)
    transition.check("expire_callback", concern)
    moment = now or timezone.now()
    if concern.callback_due and moment < concern.callback_due:  # type: ignore[operator]
        raise InvalidInput(_("The feedback window is still open."))
    return transition.apply(
        actor=SYSTEM,
        concern=concern,
        action="expire_callback",
        fields={
            "outcome": Outcome.NOT_RATED,
            "cb_satisfaction": "",
            "cb_resolved": None,
            "cb_contacted": None,
            "closed_at": moment,
        },
        data={"outcome": Outcome.NOT_RATED},
    )


@transaction.atomic
def concern_reopen(
    *, actor: Actor, concern: Concern, reason: str, expected_version: int | None = None
) -> Concern:
    """重办 by the supervisor's decision (after the automatic reopen has been used)."""
    concern = transition.lock(concern, expected_version)
    permissions.require_supervisor(actor, concern)
    reason = (reason or "").strip()
    if len(reason) < 6:
        raise InvalidInput(
            _("Please give a reason of at least %(n)d characters.") % {"n": 6}, field="reason"
        )
    return transition.apply(
        actor=actor,
        concern=concern,
        action="reopen",
        fields={"reopen_count": concern.reopen_count + 1, "closed_at": None},
        data={"reason": reason},
    )
