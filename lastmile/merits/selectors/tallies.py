"""Tallies (per person and per community: earned, spent, balance, hours) and rankings by period.

Earned counts awards; spent counts spends less refunds; the balance is the one at the end of the
period (the ledger's running balance after the person's last entry before it ends); hours are the
service hours of approved deeds done in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from lastmile.merits.choices import DeedStatus, EntryKind
from lastmile.merits.models import Deed, PointsEntry
from lastmile.merits.periods import Period
from lastmile.merits.selectors.scope import area_q
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor


@dataclass
class TallyRow:
    key: int
    name: str
    community: str = ""
    earned: int = 0
    spent: int = 0
    balance: int = 0
    hours: Decimal = Decimal(0)
    people: int = 0
    name_public: bool = False


def moment(day: dt.date) -> dt.datetime:
    """Local midnight at the start of ``day``."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _sums() -> dict[str, Any]:
    return {
        "earned": Coalesce(
            Sum(Case(When(kind=EntryKind.AWARD, then="points"), default=Value(0))),
            Value(0),
            output_field=IntegerField(),
        ),
        # Spends are negative, refunds positive: their sum, negated, is what was spent.
        "net_spent": Coalesce(
            Sum(Case(When(~Q(kind=EntryKind.AWARD), then="points"), default=Value(0))),
            Value(0),
            output_field=IntegerField(),
        ),
    }


def _scoped(actor: Actor | None, community: Area | None) -> tuple[Q, Q] | None:
    """Filters for entries and for deeds: the actor's communities (None: public, everything),
    narrowed to one community if given."""
    entries, deeds = Q(), Q()
    if actor is not None:
        q = area_q(actor, "community__path", cadre=True)
        if q is None:
            return None
        entries &= q
        deeds &= q
    if community is not None:
        entries &= Q(community=community)
        deeds &= Q(community=community)
    return entries, deeds


def _entries(period: Period, scope: Q) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(
        scope, created_at__gte=moment(period.start), created_at__lt=moment(period.end)
    )


def _deeds(period: Period, scope: Q) -> QuerySet[Deed]:
    return Deed.objects.filter(
        scope,
        status=DeedStatus.APPROVED,
        occurred_on__gte=period.start,
        occurred_on__lt=period.end,
    )


def person_tallies(
    actor: Actor | None, period: Period, *, community: Area | None = None
) -> list[TallyRow]:
    """One row per person with points or hours in the period, most earned first."""
    scopes = _scoped(actor, community)
    if scopes is None:
        return []
    entries_q, deeds_q = scopes
    rows: dict[int, TallyRow] = {}
    for r in _entries(period, entries_q).values("person_id").annotate(**_sums()):
        rows[r["person_id"]] = TallyRow(
            key=r["person_id"], name="", earned=r["earned"], spent=-r["net_spent"]
        )
    for r in _deeds(period, deeds_q).values("person_id").annotate(hours=Sum("hours")):
        row = rows.setdefault(r["person_id"], TallyRow(key=r["person_id"], name=""))
        row.hours = r["hours"] or Decimal(0)
    if not rows:
        return []
    last_balance = (
        PointsEntry.objects.filter(person=OuterRef("pk"), created_at__lt=moment(period.end))
        .order_by("-created_at", "-pk")
        .values("balance_after")[:1]
    )
    consented = Deed.objects.filter(
        person=OuterRef("pk"), status=DeedStatus.APPROVED, name_public=True
    )
    people = (
        Person.objects.filter(pk__in=rows)
        .annotate(balance=Subquery(last_balance), named=Exists(consented))
        .select_related("home_area", "household__area")
        .values("pk", "name", "balance", "named", "home_area__name", "household__area__name")
    )
    for p in people:
        row = rows[p["pk"]]
        row.name = p["name"]
        row.balance = p["balance"] or 0
        row.name_public = p["named"]
        row.community = p["home_area__name"] or p["household__area__name"] or ""
    return sorted(rows.values(), key=lambda r: (-r.earned, -r.hours, r.name, r.key))


def community_tallies(actor: Actor | None, period: Period) -> list[TallyRow]:
    """One row per community: points earned and spent in the period, the balance its people
    hold at the end of it, service hours, and how many people took part."""
    scopes = _scoped(actor, None)
    if scopes is None:
        return []
    entries_q, deeds_q = scopes
    rows: dict[int, TallyRow] = {}
    for r in (
        _entries(period, entries_q)
        .exclude(community=None)
        .values("community_id")
        .annotate(**_sums())
    ):
        rows[r["community_id"]] = TallyRow(
            key=r["community_id"], name="", earned=r["earned"], spent=-r["net_spent"]
        )
    for r in _deeds(period, deeds_q).values("community_id").annotate(hours=Sum("hours")):
        row = rows.setdefault(r["community_id"], TallyRow(key=r["community_id"], name=""))
        row.hours = r["hours"] or Decimal(0)
    if not rows:
        return []
    held = (
        PointsEntry.objects.filter(community_id__in=rows, created_at__lt=moment(period.end))
        .values("community_id")
        .annotate(total=Sum("points"))
    )
    for r in held:
        rows[r["community_id"]].balance = r["total"] or 0
    active: dict[int, set[int]] = {key: set() for key in rows}
    pairs = [
        *_entries(period, entries_q).values_list("community_id", "person_id").distinct(),
        *_deeds(period, deeds_q).values_list("community_id", "person_id").distinct(),
    ]
    for community_id, person_id in pairs:
        if community_id in active:
            active[community_id].add(person_id)
    for area in Area.objects.filter(pk__in=rows).values("pk", "name"):
        rows[area["pk"]].name = area["name"]
        rows[area["pk"]].people = len(active[area["pk"]])
    return sorted(rows.values(), key=lambda r: (-r.earned, r.name))


def top_list(period: Period, *, community: Area | None = None, size: int = 10) -> list[TallyRow]:
    """The public ranking: most points earned in the period (awards only)."""
    rows = [r for r in person_tallies(None, period, community=community) if r.earned > 0]
    return rows[:size]
