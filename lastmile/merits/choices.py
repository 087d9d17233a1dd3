"""Vocabularies of the merits app and the transition tables (the only source of allowed moves).

Deeds: pending (待审核) → approved (已通过, published and pointed) | rejected (未通过).
Reservations at the 爱心超市: reserved (已预约, points and stock held) → handed_over (已领取) |
cancelled (已取消, points and stock returned). A redemption at the counter is handed over at once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class DeedStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class DeedSource(models.TextChoices):
    STAFF = "staff", _("Recorded by staff")
    SELF = "self", _("Self-reported")


class RuleUnit(models.TextChoices):
    PER_DEED = "deed", _("per deed")
    PER_HOUR = "hour", _("per hour")


class EntryKind(models.TextChoices):
    AWARD = "award", _("Earned")
    SPEND = "spend", _("Spent")
    REFUND = "refund", _("Returned")


class RedemptionStatus(models.TextChoices):
    RESERVED = "reserved", _("Reserved")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


D = DeedStatus
R = RedemptionStatus

DEED_TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({D.PENDING}), D.APPROVED),
    "reject": Transition(frozenset({D.PENDING}), D.REJECTED),
}

REDEMPTION_TRANSITIONS: dict[str, Transition] = {
    "hand_over": Transition(frozenset({R.RESERVED}), R.HANDED_OVER),
    "cancel": Transition(frozenset({R.RESERVED}), R.CANCELLED),
}


def can_deed(action: str, status: str) -> bool:
    transition = DEED_TRANSITIONS.get(action)
    return transition is not None and status in transition.sources


def can_redemption(action: str, status: str) -> bool:
    transition = REDEMPTION_TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
