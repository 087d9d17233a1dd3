"""Plain-words descriptions of a concern's timeline events, for residents, the public and staff.

Public and resident audiences never see staff names, residents' data or internal notes; staff see
the acting person and notes. Each description is built only from the event's stored data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from lastmile.concerns.choices import Diversion, Satisfaction
from lastmile.core.models import AuditEvent

PUBLIC = "public"
RESIDENT = "resident"
STAFF = "staff"


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    text: str
    actor: str
    note: str
    verb: str
    tone: str  # "", "warn" or "bad" — for styling only


def _describe(verb: str, d: dict) -> tuple[str, str]:
    unit = d.get("unit", "")
    table = {
        "concern.received": (_("Received"), ""),
        "concern.answer": (_("Answered at intake"), ""),
        "concern.divert": (
            _("Not dispatched: %(why)s")
            % {"why": Diversion(d["case"]).label if d.get("case") in Diversion.values else ""},
            "warn",
        ),
        "concern.dispatch": (_("Dispatched to %(unit)s") % {"unit": unit}, ""),
        "concern.object": (_("%(unit)s disputed responsibility") % {"unit": unit}, "warn"),
        "concern.review_objection": (
            (_("Objection upheld: re-dispatched to %(unit)s") % {"unit": unit}, "")
            if d.get("decision") == "upheld"
            else (_("Objection rejected: %(unit)s must handle it") % {"unit": unit}, "warn")
        ),
        "concern.sign": (_("Signed for by %(unit)s") % {"unit": unit}, ""),
        "concern.contact": (_("The unit contacted the resident"), ""),
        "concern.request_extension": (_("Extension requested"), "warn"),
        "concern.decide_extension": (
            (_("Extension approved"), "warn") if d.get("approved") else (_("Extension refused"), "")
        ),
        "concern.request_stop": (_("The unit asked to stop handling"), "warn"),
        "concern.decide_stop": (
            (_("Handling stopped after review"), "bad")
            if d.get("approved")
            else (_("Request to stop refused: handling continues"), "")
        ),
        "concern.reply": (
            (_("Replied: resolved"), "")
            if d.get("resolved")
            else (_("Replied: not resolved, with explanation"), "warn")
        ),
        "concern.callback": (
            _("Resident's feedback: %(s)s")
            % {
                "s": Satisfaction(d["satisfaction"]).label
                if d.get("satisfaction") in Satisfaction.values
                else ""
            },
            "",
        ),
        "concern.expire_callback": (_("Closed without feedback (not rated)"), ""),
        "concern.import_reply": (
            _("Imported from the message-board history with its official reply (not rated)"),
            "",
        ),
        "concern.reopen": (_("Reopened by the supervisor"), "warn"),
        "concern.merge": (_("Merged into %(code)s") % {"code": d.get("parent", "")}, ""),
        "concern.assist_report": (
            _("%(unit)s (assisting) reported to the lead unit") % {"unit": unit},
            "",
        ),
        "concern.merged_in": (_("Another resident's report was merged into this one"), ""),
        "concern.escalated.reminder": (_("Reminder: not signed for in time"), "warn"),
        "concern.escalated.urge": (_("Urged (催办): resolution overdue"), "bad"),
        "concern.escalated.circular": (_("Circulated (通报) to %(unit)s") % {"unit": unit}, "bad"),
    }
    return table.get(verb, (verb, ""))


def _actor_label(label: str) -> str:
    """Names of people as stored; the platform and anonymous residents in the reader's language."""
    if label == "system":
        return _("the platform")
    if label in ("anonymous", "resident"):
        return _("the resident")
    return label


def describe(events: list[AuditEvent], *, audience: str) -> list[TimelineItem]:
    items = []
    for event in events:
        text, tone = _describe(event.verb, event.data or {})
        if event.verb == "concern.callback" and event.data.get("reopened"):
            text = f"{text} — {_('reopened for another round')}"
        staff = audience == STAFF
        note = ""
        if staff:
            note = str(event.data.get("note") or event.data.get("reason") or "")
        elif event.verb == "concern.divert":
            note = str(event.data.get("note", ""))
        items.append(
            TimelineItem(
                at=event.occurred_at,
                text=text,
                verb=event.verb,
                tone=tone,
                note=note,
                actor=_actor_label(event.actor_label) if staff else "",
            )
        )
    return items
