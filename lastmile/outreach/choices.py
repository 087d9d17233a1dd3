"""Outreach vocabularies and the two transition tables (the only source of allowed moves).

A household link (联系户) is active until it ends: by hand, or because the household was linked to
another cadre (one contact cadre at a time). A follow-up (a promise made at the door) is open until
done; a follow-up marked done by mistake can be reopened.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class LinkStatus(models.TextChoices):
    ACTIVE = "active", _("Linked")
    ENDED = "ended", _("Ended")


class LinkEndReason(models.TextChoices):
    RELINKED = "relinked", _("Household linked to another cadre")
    ENDED = "ended", _("Ended by the party secretary")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")


class CoverageState(models.TextChoices):
    OVERDUE = "overdue", _("Overdue for a visit")
    NEVER = "never", _("Never visited")
    DUE_SOON = "due_soon", _("Visit due soon")
    OK = "ok", _("Visited in time")
    FREE = "free", _("No visit required")


# Overdue states: the coverage gaps.
GAPS = frozenset({CoverageState.OVERDUE, CoverageState.NEVER})

L = LinkStatus
F = FollowUpStatus

LINK_TRANSITIONS: dict[str, Transition] = {
    "end": Transition(frozenset({L.ACTIVE}), L.ENDED),
}
FOLLOWUP_TRANSITIONS: dict[str, Transition] = {
    "complete": Transition(frozenset({F.OPEN}), F.DONE),
    "reopen": Transition(frozenset({F.DONE}), F.OPEN),
}
