"""The points ledger: the one way points are earned and spent. Other apps call these.

``points_award`` and ``points_spend`` run inside the caller's transaction (``transaction.atomic``
nests as a savepoint). Each takes the person's account row ``SELECT … FOR UPDATE`` first, so two
changes to one person's points are serialised; ``cause`` is unique in the database, so the same
cause is never booked twice, even by two requests at once: the second one waits for the first's
lock, then finds its entry and returns it unchanged. The account's ``balance >= 0`` check is the
last net under the spend check.

They check no role: the calling service decides who may award or spend, and passes its actor
through for the ledger and the audit log.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import Conflict, InvalidInput
from lastmile.merits.choices import EntryKind
from lastmile.merits.models import PointsAccount, PointsEntry
from lastmile.merits.places import community_of
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor

MAX_POINTS = 100_000  # per entry: more is a typing mistake, not a deed


def _check(points: int, cause: str, reason: str) -> None:
    if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
        raise InvalidInput(_("Points must be a whole number above zero."), field="points")
    if points > MAX_POINTS:
        raise InvalidInput(
            _("At most %(max)d points at a time.") % {"max": MAX_POINTS}, field="points"
        )
    if not cause or len(cause) > 100:
        raise ValueError("cause must be 1–100 characters")
    if not reason.strip():
        raise InvalidInput(_("Say why the points change."), field="reason")


def _lock_account(person: Person) -> PointsAccount:
    """The person's account row, locked until the transaction ends (created on first use)."""
    if not PointsAccount.objects.filter(person=person).exists():
        try:
            with transaction.atomic():
                PointsAccount.objects.create(person=person)
        except IntegrityError:  # created by a concurrent first change; lock theirs
            pass
    return PointsAccount.objects.select_for_update(of=("self",)).get(person=person)


def _existing(cause: str, person: Person, kind: str) -> PointsEntry | None:
    entry = PointsEntry.objects.filter(cause=cause).first()
    if entry is None:
        return None
    same_kind = (entry.points > 0) == (kind != EntryKind.SPEND)
    if entry.person_id != person.pk or not same_kind:
        raise Conflict(_("These points were already booked for another purpose."))
    return entry


def _book(
    *, actor: Actor, person: Person, delta: int, kind: str, cause: str, reason: str
) -> PointsEntry:
    account = _lock_account(person)
    # Read again under the lock: a concurrent call for the same cause has committed by now.
    existing = _existing(cause, person, kind)
    if existing is not None:
        return existing
    if delta < 0 and account.balance + delta < 0:
        raise InvalidInput(
            _("Not enough points: the balance is %(balance)d, this needs %(points)d.")
            % {"balance": account.balance, "points": -delta},
            code="insufficient_points",
            field="points",
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            entry = PointsEntry.objects.create(
                account=account,
                person=person,
                kind=kind,
                points=delta,
                balance_after=account.balance + delta,
                cause=cause,
                reason=reason.strip()[:200],
                community=community_of(person),
                created_by=actor.person,
                actor_label=actor.label[:150],
                created_at=now,
            )
    except IntegrityError:  # the same cause booked for another person meanwhile
        existing = _existing(cause, person, kind)
        if existing is None:
            raise
        return existing
    account.balance += delta
    if kind == EntryKind.AWARD:
        account.earned += delta
    else:  # a spend adds to what was spent; a refund takes back from it
        account.spent -= delta
    account.updated_at = now
    account.save(update_fields=["balance", "earned", "spent", "updated_at"])
    audit.record(
        verb=f"merits.points.{kind}",
        obj_type="merits.pointsentry",
        obj_id=entry.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"cause": cause, "points": delta, "balance": account.balance, "person": person.pk},
        at=now,
    )
    return entry


def points_award(
    *, actor: Actor, person: Person, points: int, cause: str, reason: str
) -> PointsEntry:
    """Add ``points`` (> 0) to the person's balance for ``cause`` (a unique key such as
    ``"deed:45"`` or ``"wish:12:claim:3"``). Calling again with the same cause returns the entry
    already booked and changes nothing."""
    _check(points, cause, reason)
    with transaction.atomic():
        return _book(
            actor=actor,
            person=person,
            delta=points,
            kind=EntryKind.AWARD,
            cause=cause,
            reason=reason,
        )


def points_refund(
    *, actor: Actor, person: Person, points: int, cause: str, reason: str
) -> PointsEntry:
    """Give back points spent (a cancelled reservation); same rules as :func:`points_award`."""
    _check(points, cause, reason)
    with transaction.atomic():
        return _book(
            actor=actor,
            person=person,
            delta=points,
            kind=EntryKind.REFUND,
            cause=cause,
            reason=reason,
        )


def points_spend(
    *, actor: Actor, person: Person, points: int, cause: str, reason: str
) -> PointsEntry:
    """Take ``points`` (> 0) from the balance for ``cause``; refused with the balance named when
    the person has fewer. The same cause again returns the entry already booked."""
    _check(points, cause, reason)
    with transaction.atomic():
        return _book(
            actor=actor,
            person=person,
            delta=-points,
            kind=EntryKind.SPEND,
            cause=cause,
            reason=reason,
        )


def points_balance(person: Person) -> int:
    """The person's balance now (0 before their first entry)."""
    balance = PointsAccount.objects.filter(person=person).values_list("balance", flat=True).first()
    return balance or 0
