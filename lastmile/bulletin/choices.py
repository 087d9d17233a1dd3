"""Bulletin vocabularies and the two transition tables (the only source of allowed moves).

Notices: draft → published (at once or at a scheduled time) → withdrawn → published again
(republish). Message-board posts: visible ↔ held for review ↔ hidden; every move is kept as a
moderation record with its reason and who.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.workflow import Transition


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    POLICY = "policy", _("Policy for the people")
    NEWS = "news", _("Local news")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (public)")
    RESIDENTS = "residents", _("Residents of the area")
    PARTY_MEMBERS = "party_members", _("Party members of the area")
    CADRES = "cadres", _("Cadres and staff of the area")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


N = NoticeStatus

NOTICE_TRANSITIONS: dict[str, Transition] = {
    "publish": Transition(frozenset({N.DRAFT}), N.PUBLISHED),
    "withdraw": Transition(frozenset({N.PUBLISHED}), N.WITHDRAWN),
    "republish": Transition(frozenset({N.WITHDRAWN}), N.PUBLISHED),
}
# Not a transition: the text may be edited while the notice is in these statuses.
EDITABLE = frozenset({N.DRAFT, N.WITHDRAWN})


class PostKind(models.TextChoices):
    QUESTION = "question", _("Question")
    SUGGESTION = "suggestion", _("Suggestion")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden")


V = Visibility

POST_TRANSITIONS: dict[str, Transition] = {
    "approve": Transition(frozenset({V.HELD, V.HIDDEN}), V.VISIBLE),
    "hold": Transition(frozenset({V.VISIBLE}), V.HELD),
    "hide": Transition(frozenset({V.VISIBLE, V.HELD}), V.HIDDEN),
}

# A post kind → the concern kind it becomes.
CONCERN_KIND = {PostKind.QUESTION: "consult", PostKind.SUGGESTION: "suggestion"}


def allowed_actions(table: dict[str, Transition], status: str) -> list[str]:
    return [name for name, t in table.items() if status in t.sources]
