"""Vocabularies of 群众评议 and the survey round's transition table (draft → open → closed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.choices import Satisfaction
from lastmile.core.workflow import Transition

__all__ = ["ASPECTS", "TRANSITIONS", "CadreRole", "RoundStatus", "Satisfaction"]

# The optional aspects a resident may rate besides the overall verdict.
ASPECTS = ("attitude", "efficiency", "conduct")


class CadreRole(models.TextChoices):
    REPLIER = "replier", _("Replied to the concern")
    CONTACT = "contact", _("Contact cadre of the household")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


S = RoundStatus

TRANSITIONS: dict[str, Transition] = {
    "open": Transition(frozenset({S.DRAFT}), S.OPEN),
    "close": Transition(frozenset({S.OPEN}), S.CLOSED),
}


def can(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
