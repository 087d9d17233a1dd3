"""Learning vocabularies and the course lifecycle (the only source of allowed moves).

draft → published → archived → published again (republish). Items and questions may be changed
while a course is a draft or published; an archived course is read-only and hidden from members.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


S = CourseStatus

TRANSITIONS: dict[str, Transition] = {
    "publish": Transition(frozenset({S.DRAFT}), S.PUBLISHED),
    "archive": Transition(frozenset({S.PUBLISHED}), S.ARCHIVED),
    "republish": Transition(frozenset({S.ARCHIVED}), S.PUBLISHED),
}
# Not a transition: the course and its items may be edited in these statuses.
EDITABLE = frozenset({S.DRAFT, S.PUBLISHED})


def allowed_actions(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]


class ItemKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    DOCUMENT = "document", _("Document (PDF)")
    VIDEO = "video", _("Video link")


class Completion(models.TextChoices):
    TIME = "time", _("When every item has been studied for its expected time")
    QUIZ = "quiz", _("When the quiz is passed")
    BOTH = "both", _("When every item has been studied and the quiz is passed")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class Audience(models.TextChoices):
    ALL = "all", _("All party members in an area")
    BRANCH = "branch", _("The members of a branch (community or village)")
    MEMBERS = "members", _("Named members")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    DAILY = "daily", _("Daily")
    OFF = "off", _("Do not send")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
