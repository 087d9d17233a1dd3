"""Round statistics (批次统计): collected, verified, published, claimed, fulfilled, confirmed,
lapsed claims and value, in total and by community — for the staff page (scoped to the actor)
and the public summary (figures only, no one named)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from lastmile.wishes.choices import ClaimStatus, Status
from lastmile.wishes.models import Claim, Round, Wish

S = Status
PAST_VERIFICATION = [S.VERIFIED, S.PUBLISHED, S.CLAIMED, S.FULFILLED, S.CLOSED]
PAST_PUBLICATION = [S.PUBLISHED, S.CLAIMED, S.FULFILLED, S.CLOSED]
PAST_CLAIM = [S.CLAIMED, S.FULFILLED, S.CLOSED]
PAST_FULFILMENT = [S.FULFILLED, S.CLOSED]

AGGREGATES = {
    "collected": Count("pk"),
    "verified": Count("pk", filter=Q(status__in=PAST_VERIFICATION)),
    "rejected": Count("pk", filter=Q(status=S.REJECTED)),
    "published": Count("pk", filter=Q(status__in=PAST_PUBLICATION)),
    "claimed": Count("pk", filter=Q(status__in=PAST_CLAIM)),
    "fulfilled": Count("pk", filter=Q(status__in=PAST_FULFILMENT)),
    "confirmed": Count("pk", filter=Q(status=S.CLOSED)),
    "carried_in": Count("pk", filter=Q(carried_from__isnull=False)),
    "sum_value": Sum("value", filter=~Q(status=S.REJECTED)),
    "sum_fulfilled": Sum("value", filter=Q(status__in=PAST_FULFILMENT)),
}
# Aggregate name → Row field (an annotation may not take the model field's name "value").
FIELDS = {name: name for name in AGGREGATES} | {
    "sum_value": "value",
    "sum_fulfilled": "value_fulfilled",
}


@dataclass
class Row:
    name: str
    collected: int = 0
    verified: int = 0
    rejected: int = 0
    published: int = 0
    claimed: int = 0
    fulfilled: int = 0
    confirmed: int = 0
    carried_in: int = 0
    lapsed: int = 0
    value: Decimal = Decimal("0")
    value_fulfilled: Decimal = Decimal("0")

    def add(self, other: Row) -> None:
        for name in (
            "collected",
            "verified",
            "rejected",
            "published",
            "claimed",
            "fulfilled",
            "confirmed",
            "carried_in",
            "lapsed",
            "value",
            "value_fulfilled",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class RoundStats:
    round: Round
    total: Row
    rows: list[Row] = field(default_factory=list)
    carried_on: int = 0  # unclaimed wishes moved on into a later round


def round_stats(round_: Round, scope: Q | None = None) -> RoundStats:
    """Three queries whatever the number of communities."""
    wishes = Wish.objects.filter(round=round_)
    if scope is not None:
        wishes = wishes.filter(scope)
    by_community = (
        wishes.values("community_id", "community__name", "community__path")
        .annotate(**AGGREGATES)
        .order_by("community__path")
    )
    lapsed = dict(
        Claim.objects.filter(wish__in=wishes, status=ClaimStatus.LAPSED)
        .values("wish__community_id")
        .annotate(n=Count("pk"))
        .values_list("wish__community_id", "n")
    )
    total = Row(name="")
    rows = []
    for r in by_community:
        row = Row(name=r["community__name"], lapsed=lapsed.get(r["community_id"], 0))
        for name, attr in FIELDS.items():
            setattr(row, attr, r[name] or (Decimal("0") if name.startswith("sum") else 0))
        rows.append(row)
        total.add(row)
    carried = Wish.objects.filter(carried_from=round_)
    if scope is not None:
        carried = carried.filter(scope)
    return RoundStats(round=round_, total=total, rows=rows, carried_on=carried.count())


def public_summary(limit: int = 4) -> list[RoundStats]:
    """The latest rounds' figures for everyone."""
    return [round_stats(r) for r in Round.objects.select_related("area")[:limit]]
