"""督办 by hand: a supervisor's one-click 催办 (urge) and 通报 (circular). Each is the same
``Escalation`` step the sweep writes (unique per concern, level and dispatch round), so a concern
is urged or circulated at most once per round whether by the sweep or by a person; each is
audited on the concern's timeline and notified to the people who must act."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns import permissions
from lastmile.concerns.choices import HANDLING, EscalationLevel, Status
from lastmile.concerns.models import Concern, Escalation
from lastmile.concerns.services import transition
from lastmile.concerns.services.escalation import supervising_unit
from lastmile.core.errors import Conflict, TransitionNotAllowed
from lastmile.notify.models import NotifyChannel
from lastmile.notify.services import notify
from lastmile.orgs.choices import Role
from lastmile.orgs.models import Unit
from lastmile.orgs.selectors import Actor

# Concerns a supervisor may urge or circulate: a lead unit owes a signature or a resolution.
SUPERVISABLE = HANDLING | {Status.DISPATCHED, Status.OBJECTED}

# The two in-app messages. They belong in ``notify/messages.py``; registered here until moved.


def _check(actor: Actor, concern: Concern) -> None:
    permissions.require_supervisor(actor, concern)
    if concern.status not in SUPERVISABLE or concern.lead_unit_id is None:
        raise TransitionNotAllowed(
            _("Only a concern a unit is handling can be urged or circulated (it is “%(s)s”).")
            % {"s": concern.get_status_display()}
        )


def _step(actor: Actor, concern: Concern, level: str, unit: Unit | None, note: str) -> None:
    """Insert the escalation step once per round (else ``Conflict``) and audit it."""
    now: datetime = timezone.now()
    try:
        with transaction.atomic():
            Escalation.objects.create(
                concern=concern,
                level=level,
                round=concern.dispatch_round,
                unit=unit,
                created_at=now,
            )
    except IntegrityError:
        raise Conflict(
            _("This concern has already been urged or circulated at this level in this round.")
        ) from None
    Concern.objects.filter(pk=concern.pk).update(escalation=level)
    transition.note(
        actor=actor,
        concern=concern,
        verb=f"escalated.{level}",
        data={
            "level": level,
            "unit": unit.name if unit else "",
            "round": concern.dispatch_round,
            "manual": True,
            "note": note.strip()[:500],
        },
    )


def _tell(units: list[Unit | None], roles: tuple[str, ...], template: str, payload: dict) -> None:
    ids = [u.pk for u in units if u is not None]
    users = get_user_model().objects.filter(
        person__memberships__unit_id__in=ids,
        person__memberships__role__in=roles,
        person__memberships__is_active=True,
        is_active=True,
    )
    for user in users.distinct():
        notify(channel=NotifyChannel.INAPP, template=template, payload=payload, user=user)


def _payload(actor: Actor, concern: Concern, note: str, to: str = "") -> dict[str, str]:
    return {
        "code": concern.code,
        "title": concern.title,
        "unit": concern.lead_unit.name if concern.lead_unit else "",
        "by": actor.label,
        "to": to,
        "note": note.strip()[:200],
    }


@transaction.atomic
def concern_urge(*, actor: Actor, concern: Concern, note: str = "") -> Concern:
    """催办: the lead unit's handlers and leaders are told to finish; once per dispatch round."""
    concern = transition.lock(concern)
    _check(actor, concern)
    if concern.escalation == EscalationLevel.CIRCULAR:
        raise Conflict(_("This concern has already been circulated in this round."))
    _step(actor, concern, EscalationLevel.URGE, concern.lead_unit, note)
    _tell(
        [concern.lead_unit],
        (Role.HANDLER, Role.UNIT_LEADER),
        "concern_urged",
        _payload(actor, concern, note),
    )
    concern.escalation = EscalationLevel.URGE
    return concern


@transaction.atomic
def concern_circulate(*, actor: Actor, concern: Concern, note: str = "") -> Concern:
    """通报 to the supervising level (上级点): its leaders and the lead unit's leaders are told;
    once per dispatch round."""
    concern = transition.lock(concern)
    _check(actor, concern)
    above = supervising_unit(concern)
    _step(actor, concern, EscalationLevel.CIRCULAR, above, note)
    _tell(
        [above, concern.lead_unit],
        (Role.UNIT_LEADER, Role.SUPERVISOR),
        "concern_circulated",
        _payload(actor, concern, note, to=above.name if above else ""),
    )
    concern.escalation = EscalationLevel.CIRCULAR
    return concern
