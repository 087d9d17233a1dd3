"""Matter numbers: SY-<year>-<nnnn> (四议), one per matter, unique per year, never reused.

The per-year counter row is bumped with ``UPDATE … SET last = last + 1`` before it is read, so it
stays write-locked until the registering transaction commits."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from lastmile.decisions.models import MatterSequence

PREFIX = "SY"


def next_number(year: int) -> str:
    with transaction.atomic():
        if not MatterSequence.objects.filter(year=year).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    MatterSequence.objects.create(year=year, last=1)
            except IntegrityError:  # another registration created the row first
                MatterSequence.objects.filter(year=year).update(last=F("last") + 1)
        last = MatterSequence.objects.get(year=year).last
    return f"{PREFIX}-{year}-{last:04d}"
