"""What the pages show of a matter: its step list with what was recorded at each step, the
reasons a vote failed in plain words, and the audit timeline described for the desk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from lastmile.core.models import AuditEvent
from lastmile.decisions.choices import Basis, Body, FailReason, NoticeKind, Status, StepKind
from lastmile.decisions.models import Matter, Meeting, Notice
from lastmile.decisions.services.transition import VERB_PREFIX
from lastmile.decisions.steps import BODY_RULES, StepDef


def quorum_text(meeting: Meeting) -> str:
    rule = BODY_RULES[meeting.body].quorum.get(meeting.basis or "")
    if rule is None:
        return ""
    return _("%(rule)s of %(eligible)d must attend (at least %(need)d)") % {
        "rule": rule.label,
        "eligible": meeting.eligible,
        "need": rule.need(meeting.eligible),
    }


def failure_text(meeting: Meeting) -> str:
    if meeting.failure == FailReason.QUORUM:
        return _(
            "Not quorate: %(present)d of %(eligible)d attended; %(rule)s had to attend "
            "(at least %(need)d)."
        ) % {
            "present": meeting.present,
            "eligible": meeting.eligible,
            "rule": BODY_RULES[meeting.body].quorum[meeting.basis or ""].label,
            "need": BODY_RULES[meeting.body].quorum[meeting.basis or ""].need(meeting.eligible),
        }
    if meeting.failure == FailReason.MAJORITY:
        majority = BODY_RULES[meeting.body].majority
        return _(
            "Not passed: %(for)d for out of %(present)d present; it needed %(rule)s of those "
            "present (at least %(need)d)."
        ) % {
            "for": meeting.votes_for,
            "present": meeting.present,
            "rule": majority.label,
            "need": majority.need(meeting.present),
        }
    return ""


def body_label(meeting: Meeting) -> str:
    label = str(Body(meeting.body).label)
    if meeting.basis:
        label += f"（{Basis(meeting.basis).label}）"
    return label


@dataclass(frozen=True)
class MeetingView:
    """A meeting with what the pages say about it. ``roll`` is read only on staff pages."""

    m: Meeting
    body: str
    quorum: str
    failure: str

    @property
    def roll(self) -> list[Any]:
        return list(self.m.roll.all())


def meeting_view(meeting: Meeting) -> MeetingView:
    return MeetingView(meeting, body_label(meeting), quorum_text(meeting), failure_text(meeting))


@dataclass
class StepRow:
    step: StepDef
    state: str  # done, current, failed, todo, stopped
    meetings: list[MeetingView] = field(default_factory=list)
    notice: Notice | None = None
    started_on: dt.date | None = None
    finished_on: dt.date | None = None

    @property
    def is_meeting(self) -> bool:
        return self.step.kind == StepKind.MEETING


def _state(matter: Matter, index: int) -> str:
    if index < matter.step_index:
        return "done"
    if index > matter.step_index:
        return "todo"
    if matter.status == Status.WITHDRAWN:
        return "stopped"
    if matter.status == Status.REVISING:
        return "failed"
    return "current"


def step_rows(matter: Matter, meetings: list[Meeting], notices: list[Notice]) -> list[StepRow]:
    by_kind = {n.kind: n for n in notices}
    rows = []
    for index, step in enumerate(matter.steps):
        row = StepRow(step, _state(matter, index))
        row.meetings = [meeting_view(m) for m in meetings if m.step_index == index]
        if step.kind == StepKind.NOTICE:
            row.notice = by_kind.get(step.notice)
        if step.kind == StepKind.IMPLEMENTATION:
            row.started_on = matter.implementation_started_on
            row.finished_on = matter.implementation_finished_on
        rows.append(row)
    return rows


# --- the audit timeline, in plain words -------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    text: str
    actor: str
    note: str
    tone: str


def _meeting_text(d: dict[str, Any]) -> str:
    body = str(Body(d["body"]).label) if d.get("body") in Body.values else d.get("body", "")
    return _("%(body)s held on %(date)s: %(present)d of %(eligible)d present") % {
        "body": body,
        "date": d.get("held_on", ""),
        "present": d.get("present", 0),
        "eligible": d.get("eligible", 0),
    }


def _vote_text(d: dict[str, Any]) -> tuple[str, str]:
    text = _("Vote: %(for)d for, %(against)d against, %(abstain)d abstaining") % {
        "for": d.get("for", 0),
        "against": d.get("against", 0),
        "abstain": d.get("abstain", 0),
    }
    return text, "" if d.get("outcome") == "passed" else "bad"


SIMPLE: dict[str, Any] = {
    "register": lambda d: _("Matter registered"),
    "step_passed": lambda d: _("Step passed"),
    "step_failed": lambda d: (
        _("Step failed: %(reason)s")
        % {
            "reason": FailReason(d["failure"]).label
            if d.get("failure") in FailReason.values
            else ""
        }
    ),
    "revise": lambda d: _("Matter revised after the failed vote"),
    "post_resolution_notice": lambda d: (
        _("%(notice)s posted; the next step from %(date)s")
        % {"notice": NoticeKind.RESOLUTION.label, "date": d.get("ends_on", "")}
    ),
    "post_result_notice": lambda d: (
        _("%(notice)s posted; the next step from %(date)s")
        % {"notice": NoticeKind.RESULT.label, "date": d.get("ends_on", "")}
    ),
    "start_implementation": lambda d: (
        _("Implementation started on %(date)s") % {"date": d.get("started_on", "")}
    ),
    "objection": lambda d: (
        _("Objection recorded (raised on %(date)s)") % {"date": d.get("raised_on", "")}
    ),
    "close": lambda d: _("Matter closed"),
    "withdraw": lambda d: _("Matter withdrawn"),
}


def describe(events: list[AuditEvent]) -> list[TimelineItem]:
    items = []
    for event in events:
        verb = event.verb.removeprefix(VERB_PREFIX)
        d = event.data or {}
        tone = ""
        if verb == "meeting":
            text = _meeting_text(d)
        elif verb == "vote":
            text, tone = _vote_text(d)
        elif verb in SIMPLE:
            text = SIMPLE[verb](d)
            tone = "bad" if verb in ("step_failed", "withdraw") else ""
        else:
            text = verb
        items.append(TimelineItem(event.occurred_at, text, event.actor_label, "", tone))
    return items
