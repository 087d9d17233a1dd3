"""Plain-words descriptions of a notice's timeline (the audit log), for the desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lastmile.core.models import AuditEvent


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    text: str
    actor: str
    note: str
    tone: str  # "", "warn" or "bad"


def _when(value: str) -> str:
    at = parse_datetime(value or "")
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _describe(verb: str, d: dict[str, Any]) -> tuple[str, str, str]:
    name = verb.removeprefix("bulletin.notice.")
    if name == "create":
        return _("Draft written"), "", ""
    if name == "edit":
        return _("Edited"), "", ""
    if name in ("publish", "republish"):
        text = _("Published") if name == "publish" else _("Published again")
        if d.get("scheduled"):
            return _("Scheduled for %(at)s") % {"at": _when(d.get("published_at", ""))}, "", ""
        return text, "", ""
    if name == "withdraw":
        return _("Withdrawn"), d.get("reason", ""), "warn"
    if name == "announce":
        return _("Audience told in-app: %(n)s people") % {"n": d.get("recipients", 0)}, "", ""
    if name == "attach":
        return _("Attached %(file)s") % {"file": d.get("file", "")}, "", ""
    if name == "detach":
        return _("Removed the attachment %(file)s") % {"file": d.get("file", "")}, "", ""
    return verb, "", ""


def describe(events: list[AuditEvent]) -> list[TimelineItem]:
    items = []
    for event in events:
        text, note, tone = _describe(event.verb, event.data or {})
        actor = event.actor_label if event.actor_id else _("automatic")
        items.append(TimelineItem(event.occurred_at, text, actor, note, tone))
    return items
