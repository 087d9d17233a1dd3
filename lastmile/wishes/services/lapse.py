"""A claim whose family was not contacted within ``CONTACT_DAYS`` lapses: its pledge is
released and the wish goes back to the pool with priority (shown first). The claimer is warned a
day before and told when it lapses. Run by the periodic task; repeated or concurrent runs are
harmless (each claim is re-checked under its lock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lastmile.core import workflow
from lastmile.orgs.selectors import SYSTEM, Actor
from lastmile.wishes import notifications
from lastmile.wishes.choices import ClaimStatus, PriorityReason, Status
from lastmile.wishes.models import Claim, Wish
from lastmile.wishes.services import transition
from lastmile.wishes.services.rounds import rounds_start_due

WARN_BEFORE = timedelta(days=1)


@dataclass
class LapseResult:
    warned: list[int] = field(default_factory=list)
    lapsed: list[int] = field(default_factory=list)
    carried: int = 0


def lapse_claim(*, actor: Actor, wish: Wish, claim: Claim, now: datetime) -> Wish:
    """Lapse a locked active claim of a locked wish: one event on the wish's timeline."""
    transition.apply_claim(claim, "lapse", {"lapsed_at": now})
    fields = {
        "pledged": wish.pledged - claim.amount,
        "priority": True,
        "priority_reason": PriorityReason.LAPSED,
    }
    data = {
        "claim": claim.pk,
        "amount": str(claim.amount),
        "by": claim.claimer_label,
        "unit": bool(claim.unit_id),
    }
    if wish.status == Status.CLAIMED:
        transition.apply(
            actor=actor,
            wish=wish,
            action="uncover",
            fields={**fields, "claimed_at": None},
            data=data,
            verb="claim_lapse",
        )
    else:
        transition.save(wish, fields)
        transition.record(actor=actor, wish=wish, verb="claim_lapse", data=data)
    notifications.claim_lapsed(claim, wish)
    return wish


def _warn(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("wish", "person__user", "unit")
            .filter(pk=pk, status=ClaimStatus.ACTIVE, warned_at__isnull=True, contact_due__gt=now)
            .first()
        )
        if claim is None:
            return False
        workflow.apply_change(claim, {"warned_at": now}, conflict=transition.CONFLICT)
        transition.record(
            actor=SYSTEM,
            wish=claim.wish,
            verb="claim_warn",
            data={"claim": claim.pk, "due": claim.contact_due},
        )
        notifications.claim_lapsing(claim, claim.wish)
    return True


def _lapse(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        found = Claim.objects.filter(pk=pk).select_related("wish").first()
        if found is None:
            return False
        wish = transition.lock(found.wish)
        claim = transition.lock_claim(found)
        if claim.status != ClaimStatus.ACTIVE or claim.contact_due > now:
            return False
        lapse_claim(actor=SYSTEM, wish=wish, claim=claim, now=now)
    return True


def claims_lapse_due(*, now: datetime | None = None) -> LapseResult:
    """Warn claimers whose contact is due within a day; lapse the claims past due; and carry
    unclaimed wishes into rounds that have started."""
    now = now or timezone.now()
    result = LapseResult()
    active = Claim.objects.filter(status=ClaimStatus.ACTIVE)
    soon = active.filter(
        warned_at__isnull=True, contact_due__gt=now, contact_due__lte=now + WARN_BEFORE
    )
    for pk in list(soon.order_by("pk").values_list("pk", flat=True)):
        if _warn(pk, now):
            result.warned.append(pk)
    for pk in list(active.filter(contact_due__lte=now).order_by("pk").values_list("pk", flat=True)):
        if _lapse(pk, now):
            result.lapsed.append(pk)
    result.carried = rounds_start_due(today=timezone.localtime(now).date())
    return result
