"""Ledger numbers: ZG-<year>-<nnnn>, one per problem, unique per year, never reused.

The per-year counter row is bumped with ``UPDATE … SET last = last + 1`` before it is read, so the
row (PostgreSQL) or the database (SQLite) is write-locked until the registering transaction
commits: two registrations at once get consecutive numbers, never the same one. The unique
constraint on ``LedgerItem.number`` is the last net.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from lastmile.rectify.models import LedgerSequence

PREFIX = "ZG"


def format_number(year: int, n: int) -> str:
    return f"{PREFIX}-{year}-{n:04d}"


def next_number(year: int) -> str:
    """Allocate the next number of ``year``; call inside the registering transaction."""
    with transaction.atomic():
        if not LedgerSequence.objects.filter(year=year).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    LedgerSequence.objects.create(year=year, last=1)
            except IntegrityError:  # another registration created the row first
                LedgerSequence.objects.filter(year=year).update(last=F("last") + 1)
        last = LedgerSequence.objects.get(year=year).last
    return format_number(year, last)
