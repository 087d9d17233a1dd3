"""认领 and 圆梦: claim a wish (all of it, or a pledge towards it), contact the family within
``CONTACT_DAYS``, and record the fulfilment with photos.

One-to-one: a claim covers the whole value. Many-to-one: several claimers pledge parts until the
value is covered (the wish is then "claimed"). One-to-many: nothing stops a claimer from taking
several wishes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.uploads import CleanFile
from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from lastmile.orgs.models import Unit
from lastmile.orgs.selectors import SYSTEM, Actor
from lastmile.wishes import permissions
from lastmile.wishes.choices import ClaimStatus, Status
from lastmile.wishes.conf import contact_days, yuan
from lastmile.wishes.models import Claim, Photo, Wish
from lastmile.wishes.services import transition
from lastmile.wishes.services.lapse import lapse_claim

LIVE = (ClaimStatus.ACTIVE, ClaimStatus.CONTACTED, ClaimStatus.DONE)


def _refuse_unclaimable(wish: Wish) -> None:
    if wish.status == Status.PUBLISHED:
        return
    if wish.status == Status.CLAIMED:
        raise TransitionNotAllowed(
            _("This wish is already fully claimed. Please look at the other wishes on the wall.")
        )
    if wish.status in (Status.FULFILLED, Status.CLOSED):
        raise TransitionNotAllowed(
            _("This wish has already come true (it is “%(status)s”) and cannot be claimed.")
            % {"status": wish.get_status_display()}
        )
    raise TransitionNotAllowed(_("This wish is not on the wish wall yet and cannot be claimed."))


def _amount(raw: object, left: Decimal) -> Decimal:
    if raw is None or raw == "":
        return left
    try:
        amount = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput(_("Enter the pledge in yuan, e.g. 50."), field="amount") from exc
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(_("The pledge must be more than 0 yuan."), field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("Give the pledge with at most two decimals."), field="amount")
    if amount > left:
        raise InvalidInput(
            _("The pledge is more than what is left of this wish (%(left)s yuan).")
            % {"left": yuan(left)},
            field="amount",
        )
    return amount


def _refuse_twice(wish: Wish, actor: Actor, unit: Unit | None) -> None:
    live = Claim.objects.filter(wish=wish, status__in=LIVE)
    if unit is None:
        assert actor.person is not None
        if live.filter(person=actor.person, unit__isnull=True).exists():
            raise InvalidInput(_("You have already claimed this wish."), field="amount")
    elif live.filter(unit=unit).exists():
        raise InvalidInput(
            _("%(unit)s has already claimed this wish.") % {"unit": unit.name}, field="unit"
        )


@transaction.atomic
def wish_claim(
    *, actor: Actor, wish: Wish, amount: object = None, unit: Unit | None = None
) -> Claim:
    """Claim a published wish, or pledge part of its value (``amount``; all that is left when
    not given). The claimer must contact the family within ``CONTACT_DAYS``."""
    permissions.require_claimer(actor, unit)
    assert actor.person is not None
    wish = transition.lock(wish)
    _refuse_unclaimable(wish)
    _refuse_twice(wish, actor, unit)
    pledge = _amount(amount, wish.left)
    now = timezone.now()
    claim = Claim.objects.create(
        wish=wish,
        person=actor.person,
        unit=unit,
        amount=pledge,
        claimed_at=now,
        contact_due=now + timedelta(days=contact_days()),
    )
    pledged = wish.pledged + pledge
    data = {
        "claim": claim.pk,
        "amount": str(pledge),
        "by": claim.claimer_label,
        "unit": unit is not None,
        "pledged": str(pledged),
    }
    if pledged >= wish.value:
        transition.apply(
            actor=actor,
            wish=wish,
            action="cover",
            fields={
                "pledged": pledged,
                "claimed_at": now,
                "priority": False,
                "priority_reason": "",
            },
            data=data,
            verb="claim",
        )
    else:
        transition.save(wish, {"pledged": pledged})
        transition.record(actor=actor, wish=wish, verb="claim", data=data)
    return claim


def _claim_for(actor: Actor, claim: Claim) -> tuple[Wish, Claim]:
    """Lock the wish, then the claim; only its claimer (or the unit's members) may act."""
    wish = transition.lock(claim.wish)
    locked = transition.lock_claim(claim)
    if not permissions.acts_for_claim(actor, locked.person_id, locked.unit_id):
        raise NotFound(_("No such claim among yours."))
    return wish, locked


def _lapsed_message(claim: Claim) -> str:
    return _(
        "This claim has lapsed: the family was not contacted within %(days)d days, and the wish "
        "went back to the pool. You can claim it again if it is still open."
    ) % {"days": contact_days()}


def claim_contact(*, actor: Actor, claim: Claim, note: str) -> Claim:
    """Record that the family was contacted (how and when). Past the deadline the claim lapses
    instead and the contact is refused."""
    body = (note or "").strip()
    if not body:
        raise InvalidInput(_("Say how and when you contacted the family."), field="note")
    lapsed_now = False
    with transaction.atomic():
        wish, claim = _claim_for(actor, claim)
        now = timezone.now()
        if claim.status == ClaimStatus.LAPSED:
            raise TransitionNotAllowed(_lapsed_message(claim))
        if claim.status == ClaimStatus.ACTIVE and claim.contact_due <= now:
            lapse_claim(actor=SYSTEM, wish=wish, claim=claim, now=now)
            lapsed_now = True
        else:
            transition.apply_claim(
                claim, "contact", {"contacted_at": now, "contact_note": body[:2000]}
            )
            transition.record(
                actor=actor, wish=wish, verb="claim_contact", data={"claim": claim.pk}
            )
    if lapsed_now:  # the lapse is kept; the contact is refused
        raise TransitionNotAllowed(_lapsed_message(claim))
    return claim


def _store(wish: Wish, claim: Claim, files: Sequence[CleanFile], public: bool) -> None:
    for f in files:
        photo = Photo(
            wish=wish,
            claim=claim,
            original_name=f.name,
            content_type=f.content_type,
            size=len(f.content),
            is_public=public,
            created_at=timezone.now(),
        )
        photo.file.save(f.name, ContentFile(f.content), save=False)
        photo.save()


@transaction.atomic
def wish_fulfil(
    *,
    actor: Actor,
    claim: Claim,
    note: str,
    files: Sequence[CleanFile] = (),
    public_photos: bool = False,
) -> Wish:
    """圆梦: the claimer records what was given or done, with photos (re-encoded, no EXIF).
    Every claimer of the wish must have contacted the family first."""
    wish, claim = _claim_for(actor, claim)
    if claim.status == ClaimStatus.LAPSED:
        raise TransitionNotAllowed(_lapsed_message(claim))
    if claim.status == ClaimStatus.ACTIVE:
        raise TransitionNotAllowed(
            _("Contact the family first: record the contact, then the fulfilment.")
        )
    transition.check("fulfil", wish)
    waiting = [
        c.claimer_label
        for c in wish.claims.filter(status=ClaimStatus.ACTIVE).select_related("person", "unit")
    ]
    if waiting:
        raise TransitionNotAllowed(
            _("Every claimer must contact the family first; still waiting for: %(names)s.")
            % {"names": "、".join(waiting)}
        )
    body = (note or "").strip()
    if not body:
        raise InvalidInput(_("Say what was given or done for the family."), field="note")
    if not files:
        raise InvalidInput(_("Add at least one photo as evidence."), field="photos")
    if len(files) > setting("UPLOAD_MAX_FILES"):
        raise InvalidInput(
            _("Attach at most %(n)d files.") % {"n": setting("UPLOAD_MAX_FILES")}, field="photos"
        )
    _store(wish, claim, files, public_photos)
    return transition.apply(
        actor=actor,
        wish=wish,
        action="fulfil",
        fields={"fulfilled_at": timezone.now(), "fulfil_note": body[:2000]},
        data={"claim": claim.pk, "photos": len(files), "public_photos": public_photos},
    )
