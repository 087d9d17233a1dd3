""" "Record verified": the matter's audit events are intact in the hash chain, and the matter's
rows still say what those events say.

1. Each of the matter's events is recomputed with ``core.audit.compute_hash`` (the chain
   verifier's own function) and must link to the hash of the event before it in the chain.
2. Every meeting, vote, notice and objection row has its event, with the same figures (vote
   counts, attendance, dates, and digests of the texts), and the matter's status and step are
   those of its latest transition event.

An edit made behind the services' back — a vote count changed in the database, an event altered
or removed — shows as "record NOT verified" with what failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lastmile.core.audit import GENESIS, canonical, compute_hash
from lastmile.core.models import AuditEvent
from lastmile.decisions.models import Matter, Meeting, Notice, Objection
from lastmile.decisions.services.meetings import meeting_audit_data, vote_audit_data
from lastmile.decisions.services.notices import notice_audit_data
from lastmile.decisions.services.transition import OBJECT_TYPE, VERB_PREFIX
from lastmile.decisions.text import digest

TRANSITION_VERBS = frozenset(
    f"{VERB_PREFIX}{v}"
    for v in (
        "register",
        "step_passed",
        "step_failed",
        "revise",
        "post_resolution_notice",
        "start_implementation",
        "post_result_notice",
        "close",
        "withdraw",
    )
)


@dataclass(frozen=True)
class RecordCheck:
    ok: bool
    events: int
    problem: str = ""


def matter_events(matter: Matter) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=str(matter.pk)).order_by("seq")
    )


def _chain_problem(events: list[AuditEvent]) -> str:
    before = {
        e.seq: e.hash
        for e in AuditEvent.objects.filter(seq__in=[e.seq - 1 for e in events]).only("seq", "hash")
    }
    for event in events:
        recomputed = compute_hash(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            verb=event.verb,
            object_type=event.object_type,
            object_id=event.object_id,
            data=event.data,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return _("audit event #%(seq)d does not match its hash") % {"seq": event.seq}
        expected = GENESIS if event.seq == 1 else before.get(event.seq - 1)
        if event.prev_hash != expected:
            return _("audit event #%(seq)d is not linked to the chain") % {"seq": event.seq}
    return ""


def _same(row: dict[str, Any], event: dict[str, Any] | None) -> bool:
    if event is None:
        return False
    stored = canonical(row)
    return all(event.get(key) == value for key, value in stored.items())


def _by(events: list[AuditEvent], verb: str, key: str) -> dict[Any, dict[str, Any]]:
    return {e.data.get(key): e.data for e in events if e.verb == f"{VERB_PREFIX}{verb}"}


def _rows_problem(matter: Matter, events: list[AuditEvent]) -> str:
    meetings = list(Meeting.objects.filter(matter=matter).prefetch_related("roll"))
    held, votes = _by(events, "meeting", "meeting"), _by(events, "vote", "meeting")
    for m in meetings:
        present = frozenset(r.person_id for r in m.roll.all() if r.present and r.person_id)
        if not _same(meeting_audit_data(m, present), held.get(m.pk)) or not _same(
            vote_audit_data(m), votes.get(m.pk)
        ):
            return _("the meeting of %(date)s differs from its audit record") % {
                "date": f"{m.held_on:%Y-%m-%d}"
            }
    posted = {**_by(events, "post_resolution_notice", "notice")}
    posted.update(_by(events, "post_result_notice", "notice"))
    for n in Notice.objects.filter(matter=matter):
        if not _same(notice_audit_data(n), posted.get(n.pk)):
            return _("the notice “%(title)s” differs from its audit record") % {"title": n.title}
    raised = _by(events, "objection", "objection")
    for o in Objection.objects.filter(notice__matter=matter):
        row = {"raised_on": o.raised_on, "text_sha256": digest(o.text)}
        row["response_sha256"] = digest(o.response)
        if not _same(row, raised.get(o.pk)):
            return _("an objection differs from its audit record")
    last = next((e.data for e in reversed(events) if e.verb in TRANSITION_VERBS), None)
    if last is None or not _same({"to": matter.status, "step_index": matter.step_index}, last):
        return _("the matter's status differs from its audit record")
    return ""


def verify_matter(matter: Matter) -> RecordCheck:
    events = matter_events(matter)
    if not events:
        return RecordCheck(False, 0, _("the matter has no audit record"))
    problem = _chain_problem(events) or _rows_problem(matter, events)
    return RecordCheck(not problem, len(events), problem)
