"""Deletion request statuses and their transition table: pending → approved | refused."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved: identity removed")
    REFUSED = "refused", _("Refused")


S = RequestStatus

TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({S.PENDING}), S.APPROVED),
    "refuse": Transition(frozenset({S.PENDING}), S.REFUSED),
}
