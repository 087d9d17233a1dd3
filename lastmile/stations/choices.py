"""Vocabularies of the service network and the agent request's transition table.

代办 (agent request): registered by the village agent → forwarded to the town (street) service
centre → accepted → replied (result, documents ready…) → handed back to the resident (closed).
A request still with the agent or just forwarded may be withdrawn (cancelled). "Late" and
"overdue" are computed from ``forward_due``; they are not statuses.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class StationKind(models.TextChoices):
    CENTRE = "centre", _("Party–mass service centre")
    STATION = "station", _("Party–mass service station")
    POINT = "point", _("Party–mass service point")


# Centres first, then stations, then points.
KIND_RANK: dict[str, int] = {
    StationKind.CENTRE: 0,
    StationKind.STATION: 1,
    StationKind.POINT: 2,
}


class ServiceCategory(models.TextChoices):
    SOCIAL_SECURITY = "social_security", _("Social insurance")
    ASSISTANCE = "assistance", _("Social assistance")
    RESIDENCE = "residence", _("Residence and certificates")
    HEALTH = "health", _("Health and family")
    EMPLOYMENT = "employment", _("Jobs and business")
    ELDERLY_DISABLED = "elderly_disabled", _("Older people and people with disabilities")
    PARTY = "party", _("Party members")
    OTHER = "other", _("Other services")


class RequestStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered by the agent")
    FORWARDED = "forwarded", _("Forwarded to the service centre")
    ACCEPTED = "accepted", _("Accepted by the service centre")
    REPLIED = "replied", _("Replied, to be handed back")
    CLOSED = "closed", _("Handed back (closed)")
    CANCELLED = "cancelled", _("Withdrawn")


S = RequestStatus

TRANSITIONS: dict[str, Transition] = {
    "forward": Transition(frozenset({S.REGISTERED}), S.FORWARDED),
    "accept": Transition(frozenset({S.FORWARDED}), S.ACCEPTED),
    "reply": Transition(frozenset({S.ACCEPTED}), S.REPLIED),
    "hand_back": Transition(frozenset({S.REPLIED}), S.CLOSED),
    "cancel": Transition(frozenset({S.REGISTERED, S.FORWARDED}), S.CANCELLED),
}

OPEN = frozenset({S.REGISTERED, S.FORWARDED, S.ACCEPTED, S.REPLIED})
# Who acts next: the agent (forward, hand back, cancel) or the centre (accept, reply).
AGENT_ACTIONS = frozenset({"forward", "hand_back", "cancel"})
CENTRE_ACTIONS = frozenset({"accept", "reply"})


class EscalationLevel(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    URGE = "urge", _("Urged (催办)")


def allowed_actions(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]


def can(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
