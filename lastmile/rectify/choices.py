"""Ledger vocabularies and the lifecycle transition table (the only source of allowed moves).

挂号 registered → in_progress → submitted (整改完成待验收) → closed (销号);
closed → reopened (复号) → in_progress. A dissatisfied check at acceptance does not close the item:
``accept`` then leads straight to ``reopened`` (复号), so a problem the people are not satisfied
with is never counted as closed. "Overdue" is computed (deadline passed while still open), not a
status.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.choices import Satisfaction
from lastmile.core.workflow import Transition

__all__ = ["Satisfaction"]


class Source(models.TextChoices):
    RESIDENTS = "residents", _("Raised by residents")
    SELF = "self", _("Found by ourselves")
    SUPERIOR = "superior", _("Pointed out by the superior")
    PEERS = "peers", _("Pointed out by peers")
    COLLECTIVE = "collective", _("Raised in collective discussion")
    INSPECTION = "inspection", _("Passed on by the inspection team")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered on the ledger")
    IN_PROGRESS = "in_progress", _("Being rectified")
    SUBMITTED = "submitted", _("Done, awaiting acceptance")
    CLOSED = "closed", _("Closed (accepted)")
    REOPENED = "reopened", _("Reopened")


class ReopenReason(models.TextChoices):
    DISSATISFIED = "dissatisfied", _("People are not satisfied")
    LATE = "late", _("Not done by the deadline")
    RECURRED = "recurred", _("The problem came back")


class NoteKind(models.TextChoices):
    PROGRESS = "progress", _("Progress")
    SUBMIT = "submit", _("Report of completion")


S = Status


TRANSITIONS: dict[str, Transition] = {
    "start": Transition(frozenset({S.REGISTERED, S.REOPENED}), S.IN_PROGRESS),
    "submit": Transition(frozenset({S.IN_PROGRESS}), S.SUBMITTED),
    # 销号 after the satisfaction check; a dissatisfied check is an automatic 复号.
    "accept": Transition(frozenset({S.SUBMITTED}), None, frozenset({S.CLOSED, S.REOPENED})),
    "reopen": Transition(frozenset({S.CLOSED}), S.REOPENED),
}

# Not a transition: things the owner may do while the item is in these statuses.
NOTE_STATUSES = frozenset({S.IN_PROGRESS})
PLAN_STATUSES = frozenset({S.REGISTERED, S.IN_PROGRESS, S.REOPENED})
# The owner still owes the work: the deadline can be missed in these statuses.
OWING = frozenset({S.REGISTERED, S.IN_PROGRESS, S.REOPENED})


def allowed_actions(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]


def can(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
