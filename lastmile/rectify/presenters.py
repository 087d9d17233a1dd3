"""Plain-words descriptions of a ledger item's timeline (the audit log), for the desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from lastmile.core.models import AuditEvent
from lastmile.rectify.choices import ReopenReason, Satisfaction


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    text: str
    actor: str
    note: str
    tone: str  # "", "warn" or "bad"


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _describe(verb: str, d: dict[str, Any]) -> tuple[str, str, str]:
    """(text, note, tone) of one event."""
    if verb == "rectify.register":
        return _("Registered on the ledger for %(unit)s") % {"unit": d.get("unit", "")}, "", ""
    if verb == "rectify.start":
        return _("Rectification started"), "", ""
    if verb == "rectify.note":
        return _("Progress noted"), "", ""
    if verb == "rectify.milestone_add":
        return _("Milestone planned: %(title)s, due %(due)s") % d, "", ""
    if verb == "rectify.milestone_done":
        return _("Milestone done: %(title)s") % d, "", ""
    if verb == "rectify.submit":
        return _("Reported done, awaiting acceptance"), "", ""
    if verb == "rectify.accept":
        level = _label(Satisfaction, d.get("satisfaction", ""))
        if d.get("to") == "closed":
            return (
                _("Closed (销号) after the satisfaction check: %(level)s") % {"level": level},
                d.get("note", ""),
                "",
            )
        return (
            _("Not accepted — %(level)s; reopened (复号)") % {"level": level},
            d.get("note", ""),
            "bad",
        )
    if verb == "rectify.reopen":
        reason = _label(ReopenReason, d.get("reason", ""))
        return _("Reopened (复号): %(reason)s") % {"reason": reason}, d.get("note", ""), "bad"
    return verb, "", ""


def describe(events: list[AuditEvent]) -> list[TimelineItem]:
    items = []
    for event in events:
        text, note, tone = _describe(event.verb, event.data or {})
        items.append(TimelineItem(event.occurred_at, text, event.actor_label, note, tone))
    return items
