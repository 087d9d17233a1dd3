"""核实 and publication: a cadre of the wish's community checks the household's situation, then
publishes the wish on the wall (without the family's details), or turns it down with a reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import Actor
from lastmile.wishes import permissions
from lastmile.wishes.choices import VerifyMethod
from lastmile.wishes.models import Wish
from lastmile.wishes.services import transition
from lastmile.wishes.services.rounds import current_round_for


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


@transaction.atomic
def wish_verify(
    *,
    actor: Actor,
    wish: Wish,
    method: str,
    note: str,
    expected_version: int | None = None,
) -> Wish:
    """The household's situation is checked (home visit, phone, records) and noted."""
    wish = transition.lock(wish, expected_version)
    permissions.require_staff_for(actor, wish.community)
    transition.check("verify", wish)
    if method not in VerifyMethod.values:
        raise InvalidInput(_("Say how the situation was checked."), field="method")
    body = _text(note, "note", _("Note what was found about the household's situation."))
    return transition.apply(
        actor=actor,
        wish=wish,
        action="verify",
        fields={
            "verify_method": method,
            "verify_note": body,
            "verified_by": actor.person,
            "verified_at": timezone.now(),
        },
        data={"method": method},
    )


@transaction.atomic
def wish_reject(
    *, actor: Actor, wish: Wish, reason: str, expected_version: int | None = None
) -> Wish:
    """Not accepted: the reason is shown to the family on their private page."""
    wish = transition.lock(wish, expected_version)
    permissions.require_staff_for(actor, wish.community)
    transition.check("reject", wish)
    body = _text(reason, "reason", _("Give the family the reason."))
    return transition.apply(
        actor=actor,
        wish=wish,
        action="reject",
        fields={"reject_reason": body, "verified_by": actor.person},
    )


@transaction.atomic
def wish_publish(*, actor: Actor, wish: Wish, expected_version: int | None = None) -> Wish:
    """Onto the wish wall: community, masked name, the wish and its value; nothing more."""
    wish = transition.lock(wish, expected_version)
    permissions.require_staff_for(actor, wish.community)
    transition.check("publish", wish)
    now = timezone.now()
    fields: dict[str, object] = {"published_at": now}
    if wish.round_id is None:
        round_ = current_round_for(wish.community, timezone.localtime(now).date())
        if round_ is not None:
            fields["round"] = round_
    return transition.apply(
        actor=actor,
        wish=wish,
        action="publish",
        fields=fields,
        data={"round": getattr(fields.get("round"), "pk", wish.round_id)},
    )
