"""Vocabularies of the decision process (四议两公开) and the matter's transition table.

A matter's *status* says where it is in its life (being deliberated, failed and being revised,
resolved, under notice, being implemented, closed); its *step index* says which step of its step
list (``steps.py``) comes next. The table below is the only source of allowed status moves; the
step list is the only source of step order.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class AreaKind(models.TextChoices):
    VILLAGE = "village", _("A village")
    COMMUNITY = "community", _("A community")


class Category(models.TextChoices):
    """Matters the law puts before the villagers (村民委员会组织法 Art.28)."""

    PLANNING = "planning", _("Village planning and construction")
    WORK_SUBSIDY = "work_subsidy", _("Lost-work subsidies: who receives them and at what rate")
    COLLECTIVE_FUNDS = "collective_funds", _("Use of collective funds and goods")
    PUBLIC_WELFARE = (
        "public_welfare",
        _("Public-welfare projects, raising funds and labour, contracting"),
    )
    ASSISTANCE = "assistance", _("Key assistance recipients and plans")
    OTHER = "other", _("Other matters the meeting decides")


class Status(models.TextChoices):
    DELIBERATING = "deliberating", _("Being deliberated")
    REVISING = "revising", _("Vote failed, being revised")
    RESOLVED = "resolved", _("Resolved, notice to be posted")
    RESOLUTION_NOTICE = "resolution_notice", _("Resolution under public notice")
    IMPLEMENTING = "implementing", _("Being implemented")
    RESULT_NOTICE = "result_notice", _("Result under public notice")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Body(models.TextChoices):
    """The meeting that holds a step."""

    PARTY_COMMITTEE = "party_committee", _("Party organisation committee meeting")
    TWO_COMMITTEES = "two_committees", _("Joint meeting of the two committees")
    PARTY_MEMBERS = "party_members", _("Party members' meeting")
    VILLAGERS_ASSEMBLY = "villagers_assembly", _("Villagers' assembly")
    VILLAGERS_REPRESENTATIVES = (
        "villagers_representatives",
        _("Villagers' representatives' meeting"),
    )
    RESIDENTS_ASSEMBLY = "residents_assembly", _("Residents' assembly")
    RESIDENTS_REPRESENTATIVES = (
        "residents_representatives",
        _("Residents' representatives' meeting"),
    )


class Basis(models.TextChoices):
    """Who an assembly is made of: every adult, or one representative per household."""

    ADULTS = "adults", _("Adults aged 18 and over")
    HOUSEHOLDS = "households", _("One representative per household")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Vote passed")
    FAILED = "failed", _("Not passed")


class FailReason(models.TextChoices):
    QUORUM = "quorum", _("Not quorate")
    MAJORITY = "majority", _("Not enough votes for")


class NoticeKind(models.TextChoices):
    RESOLUTION = "resolution", _("Public notice of the resolution")
    RESULT = "result", _("Public notice of the result")


class StepKind(models.TextChoices):
    MEETING = "meeting", _("Meeting step")
    NOTICE = "notice", _("Public notice step")
    IMPLEMENTATION = "implementation", _("Organise the implementation")


S = Status

TRANSITIONS: dict[str, Transition] = {
    # A meeting step passed: the next step is another meeting, or the resolution is taken.
    "step_passed": Transition(
        frozenset({S.DELIBERATING}), None, frozenset({S.DELIBERATING, S.RESOLVED})
    ),
    "step_failed": Transition(frozenset({S.DELIBERATING}), S.REVISING),
    "revise": Transition(frozenset({S.REVISING}), S.DELIBERATING),
    "post_resolution_notice": Transition(frozenset({S.RESOLVED}), S.RESOLUTION_NOTICE),
    "start_implementation": Transition(frozenset({S.RESOLUTION_NOTICE}), S.IMPLEMENTING),
    "post_result_notice": Transition(frozenset({S.IMPLEMENTING}), S.RESULT_NOTICE),
    "close": Transition(frozenset({S.RESULT_NOTICE}), S.CLOSED),
    "withdraw": Transition(frozenset({S.DELIBERATING, S.REVISING, S.RESOLVED}), S.WITHDRAWN),
}

# Statuses in which the public record shows the matter as still being decided.
DECIDING = frozenset({S.DELIBERATING, S.REVISING, S.RESOLVED})
# Statuses in which objections to a notice can be recorded (while that notice is up).
NOTICE_STATUSES = frozenset({S.RESOLUTION_NOTICE, S.IMPLEMENTING, S.RESULT_NOTICE, S.CLOSED})


def can(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
