"""The family confirms the wish came true → 销号 (closed), and the claimers earn points.

Two ways, both audited: the family on their private page with the wish code and PIN (they
usually have no login), or the responsible cadre recording a confirmation obtained in person or
by phone, saying how. Points come from the merits app's ``points_award`` (a unique cause per
claim, so confirming can never award twice); for a unit's claim the member who claimed earns them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import Actor
from lastmile.wishes import permissions
from lastmile.wishes.choices import ClaimStatus, ConfirmMethod
from lastmile.wishes.conf import points_per_fulfilment
from lastmile.wishes.models import Claim, Wish
from lastmile.wishes.services import transition
from lastmile.wishes.services.codes import check_pin

POINTS_MODULE = "lastmile.merits.services.points"
FAMILY = Actor(user_id=None, label="family")
STAFF_METHODS = frozenset({ConfirmMethod.IN_PERSON, ConfirmMethod.PHONE})


def points_awarder() -> Callable[..., Any] | None:
    """``points_award`` of the merits app, or None while that app does not provide it."""
    try:
        module = importlib.import_module(POINTS_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and POINTS_MODULE.startswith(exc.name):
            return None
        raise
    award = getattr(module, "points_award", None)
    return award if callable(award) else None


def _award(actor: Actor, wish: Wish, claim: Claim) -> int:
    award = points_awarder()
    points = points_per_fulfilment()
    if award is None or points <= 0:
        return 0
    award(
        actor=actor,
        person=claim.person,
        points=points,
        cause=f"wish:{wish.pk}:claim:{claim.pk}",
        reason=_("Micro-wish fulfilled: %(title)s (%(code)s)")
        % {"title": wish.title, "code": wish.code},
    )
    return points


def _confirm(
    *, actor: Actor, wish: Wish, method: str, note: str, expected_version: int | None
) -> Wish:
    transition.check("confirm", wish)
    claims = list(
        Claim.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .filter(wish=wish, status=ClaimStatus.CONTACTED)
        .order_by("pk")
    )
    awarded = []
    for claim in claims:
        points = _award(actor, wish, claim)
        transition.apply_claim(claim, "complete", {"points_awarded": points})
        awarded.append({"claim": claim.pk, "points": points})
    return transition.apply(
        actor=actor,
        wish=wish,
        action="confirm",
        fields={
            "confirmed_at": timezone.now(),
            "confirm_method": method,
            "confirm_note": note[:2000],
        },
        data={"method": method, "claims": awarded},
    )


@transaction.atomic
def wish_confirm_by_family(*, wish: Wish, pin: str, comment: str = "") -> Wish:
    """The family, with the wish code and PIN, confirms they received it."""
    if not check_pin(wish.code, pin):
        raise InvalidInput(_("The wish code or PIN is not right."), field="pin")
    wish = transition.lock(wish)
    return _confirm(
        actor=FAMILY,
        wish=wish,
        method=ConfirmMethod.PIN,
        note=(comment or "").strip(),
        expected_version=None,
    )


@transaction.atomic
def wish_confirm(
    *,
    actor: Actor,
    wish: Wish,
    method: str,
    note: str,
    expected_version: int | None = None,
) -> Wish:
    """A cadre records the family's confirmation obtained in person or by phone."""
    wish = transition.lock(wish, expected_version)
    permissions.require_staff_for(actor, wish.community)
    transition.check("confirm", wish)
    if method not in STAFF_METHODS:
        raise InvalidInput(
            _("Say whether the family confirmed in person or by phone."), field="method"
        )
    body = (note or "").strip()
    if not body:
        raise InvalidInput(
            _("Say who in the family confirmed, when, and what they said."), field="note"
        )
    return _confirm(actor=actor, wish=wish, method=method, note=body, expected_version=None)
