"""Vocabularies of the integrity checks (imported by ``scores.models``; no model imports here)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagKind(models.TextChoices):
    PHONE_MANY_RATINGS = "phone_many_ratings", _("One phone or account rating many concerns")
    QUICK_RATINGS = "quick_ratings", _("Ratings seconds after the reply")
    STAFF_RATINGS = "staff_ratings", _("Ratings entered by staff")
    TEMPLATED_REPLIES = "templated_replies", _("Identical or templated replies")
    UNEARNED_SATISFACTION = "unearned_satisfaction", _("Satisfaction without the resident's rating")
    BACKDATED = "backdated", _("Back-dated events")
    SPLIT_CONCERN = "split_concern", _("One concern split into several")
    OBJECTION_DODGE = "objection_dodge", _("Objections used to dodge deadlines")
    REPLY_AFTER_RATING = "reply_after_rating", _("Reply changed after the rating")
    DELETED_CONCERN = "deleted_concern", _("Deleted concerns")
    EVALUATION_BURST = "evaluation_burst", _("One resident evaluating many cadres at once")
    EVALUATION_BY_STAFF = "evaluation_by_staff", _("Cadre evaluations entered by staff")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
