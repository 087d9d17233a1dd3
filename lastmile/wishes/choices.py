"""Vocabularies of the micro-wishes and their two transition tables (the only allowed moves).

A wish: 征集 submitted → 核实 verified (or rejected with a reason) → published on the wall →
claimed (fully covered by one or several pledges) → 圆梦 fulfilled with evidence → closed (销号)
once the family confirms. A claim that is not followed by contact within ``CONTACT_DAYS`` lapses:
its pledge is released and the wish goes back to the pool (``uncover``) with priority.

A claim: active (pledged, the family not yet contacted) → contacted → done (the wish closed); an
active claim lapses.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Collected, awaiting verification")
    REJECTED = "rejected", _("Not accepted after verification")
    VERIFIED = "verified", _("Verified, awaiting publication")
    PUBLISHED = "published", _("On the wish wall")
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled, awaiting the family's confirmation")
    CLOSED = "closed", _("Closed (销号)")


class Category(models.TextChoices):
    STUDY = "study", _("Study (books, school bags)")
    DAILY = "daily", _("Daily life (bedding, clothes, appliances)")
    HEALTH = "health", _("Health (glasses, walking aids, repairs)")
    CARE = "care", _("Care and company")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Posted online by the family")
    VISIT = "visit", _("Collected door to door")
    WALL = "wall", _("Collected at the wish wall")
    IMPORT = "import", _("Imported from a spreadsheet")


class VerifyMethod(models.TextChoices):
    VISIT = "visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    RECORDS = "records", _("Community records (assistance, disability, 五保 files)")


class ConfirmMethod(models.TextChoices):
    PIN = "pin", _("By the family with the wish code and PIN")
    IN_PERSON = "in_person", _("In person, recorded by a cadre")
    PHONE = "phone", _("By phone, recorded by a cadre")


class ClaimStatus(models.TextChoices):
    ACTIVE = "active", _("Claimed, family not yet contacted")
    CONTACTED = "contacted", _("Family contacted")
    LAPSED = "lapsed", _("Lapsed (no contact in time)")
    DONE = "done", _("Done (wish closed)")


class PriorityReason(models.TextChoices):
    NONE = "", _("None")
    LAPSED = "lapsed", _("A claim lapsed")
    CARRIED = "carried", _("Carried over from an earlier round")


S = Status
C = ClaimStatus

TRANSITIONS: dict[str, Transition] = {
    "verify": Transition(frozenset({S.SUBMITTED}), S.VERIFIED),
    "reject": Transition(frozenset({S.SUBMITTED}), S.REJECTED),
    "publish": Transition(frozenset({S.VERIFIED}), S.PUBLISHED),
    # The pledge that covers the rest of the value.
    "cover": Transition(frozenset({S.PUBLISHED}), S.CLAIMED),
    # A claim lapsed: back to the pool (with priority).
    "uncover": Transition(frozenset({S.CLAIMED}), S.PUBLISHED),
    "fulfil": Transition(frozenset({S.CLAIMED}), S.FULFILLED),
    # 销号: the family's confirmation closes the wish.
    "confirm": Transition(frozenset({S.FULFILLED}), S.CLOSED),
}

CLAIM_TRANSITIONS: dict[str, Transition] = {
    "contact": Transition(frozenset({C.ACTIVE}), C.CONTACTED),
    "lapse": Transition(frozenset({C.ACTIVE}), C.LAPSED),
    "complete": Transition(frozenset({C.CONTACTED}), C.DONE),
}

# Not transitions: what may happen in these statuses.
EDITABLE = frozenset({S.SUBMITTED, S.VERIFIED, S.PUBLISHED})
CLAIMABLE = frozenset({S.PUBLISHED})
# Shown to the public (the wall and each wish's page).
PUBLIC_STATUSES = frozenset({S.PUBLISHED, S.CLAIMED, S.FULFILLED, S.CLOSED})
# A claim still holding its pledge.
LIVE_CLAIMS = frozenset({C.ACTIVE, C.CONTACTED, C.DONE})

# The wall's status filter: open / claimed / fulfilled.
WALL_FILTERS: dict[str, frozenset[str]] = {
    "open": frozenset({S.PUBLISHED}),
    "claimed": frozenset({S.CLAIMED}),
    "fulfilled": frozenset({S.FULFILLED, S.CLOSED}),
}
WALL_FILTER_LABELS = [
    ("open", _("Open for claiming")),
    ("claimed", _("Claimed")),
    ("fulfilled", _("Fulfilled")),
]


def can(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources


def allowed_actions(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]
