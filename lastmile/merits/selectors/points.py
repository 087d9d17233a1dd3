"""Reads of the points ledger."""

from __future__ import annotations

from django.db.models import QuerySet

from lastmile.merits.models import PointsAccount, PointsEntry
from lastmile.orgs.models import Person


def account_for(person: Person) -> PointsAccount | None:
    return PointsAccount.objects.filter(person=person).first()


def ledger_for_person(person: Person) -> QuerySet[PointsEntry]:
    """The person's entries, newest first, each with the balance after it."""
    return PointsEntry.objects.filter(person=person).order_by("-created_at", "-pk")
