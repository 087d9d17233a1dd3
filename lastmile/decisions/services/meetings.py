"""Recording a meeting step: the roll from the registers, attendance, the vote, quorum and
majority in exact integer arithmetic, and the step passing or failing.

A vote that misses quorum or majority is not refused: it is recorded as a failed step (with the
reason) and the matter goes to "being revised"; after a revision note the step is held again.
Input that cannot be right (a vote count above attendance, a non-member in attendance, a date out
of order) is refused with a message and nothing is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.uploads import CleanFile
from lastmile.core.errors import InvalidInput
from lastmile.decisions import permissions
from lastmile.decisions.choices import Body, FailReason, Outcome, Status, StepKind
from lastmile.decisions.models import Attachment, Matter, Meeting, RollEntry
from lastmile.decisions.registers import RollSnapshot, roll_for
from lastmile.decisions.services import transition
from lastmile.decisions.steps import BODY_RULES, is_last_meeting
from lastmile.decisions.text import digest, minutes_html
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor


@dataclass(frozen=True)
class Votes:
    votes_for: int
    against: int
    abstain: int

    @property
    def total(self) -> int:
        return self.votes_for + self.against + self.abstain


def check_date(matter: Matter, day: dt.date | None, field: str) -> dt.date:
    """A step's date: given, not in the future, not before the matter's previous step."""
    if day is None:
        raise InvalidInput(_("Give the date."), field=field)
    if day > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), field=field)
    if matter.last_step_on and day < matter.last_step_on:
        raise InvalidInput(
            _("Steps go in order: this date cannot be before the previous step (%(date)s).")
            % {"date": f"{matter.last_step_on:%Y-%m-%d}"},
            field=field,
        )
    return day


def _check_announcement(held_on: dt.date, announced_on: dt.date | None, body: str) -> None:
    days = settings.LASTMILE_DECISIONS["ASSEMBLY_NOTICE_DAYS"]
    if announced_on is None:
        raise InvalidInput(
            _("Give the date the %(body)s was announced (at least %(days)d days ahead).")
            % {"body": Body(body).label, "days": days},
            field="announced_on",
        )
    if (held_on - announced_on).days < days:
        raise InvalidInput(
            _(
                "A %(body)s must be announced at least %(days)d days before it is held: "
                "announced %(announced)s, held %(held)s is only %(gap)d days later."
            )
            % {
                "body": Body(body).label,
                "days": days,
                "announced": f"{announced_on:%Y-%m-%d}",
                "held": f"{held_on:%Y-%m-%d}",
                "gap": (held_on - announced_on).days,
            },
            field="announced_on",
        )


def _attendance(
    roll: RollSnapshot, attendee_ids: Sequence[int], present_count: int | None
) -> tuple[int, frozenset[int]]:
    """(number present, ids present); a named roll takes names, an assembly a head count."""
    if not roll.named:
        if present_count is None or present_count < 0:
            raise InvalidInput(_("Give the number of people present."), field="present_count")
        if present_count > roll.eligible:
            raise InvalidInput(
                _("%(present)d present is more than the %(eligible)d who may attend.")
                % {"present": present_count, "eligible": roll.eligible},
                field="present_count",
            )
        return present_count, frozenset()
    ids = frozenset(int(i) for i in attendee_ids)
    strangers = ids - roll.ids
    if strangers:
        names = list(Person.objects.filter(pk__in=strangers).values_list("name", flat=True))
        raise InvalidInput(
            _("%(names)s is not a member of the %(body)s and cannot be counted as present.")
            % {
                "names": "、".join(names) or _("Someone unknown"),
                "body": Body(roll.body).label,
            },
            field="attendees",
        )
    return len(ids), ids


def _votes(votes: Votes, present: int) -> None:
    if min(votes.votes_for, votes.against, votes.abstain) < 0:
        raise InvalidInput(_("Vote counts cannot be negative."), field="votes_for")
    if votes.total > present:
        raise InvalidInput(
            _(
                "%(total)d votes (%(for)d for, %(against)d against, %(abstain)d abstaining) is "
                "more than the %(present)d people present."
            )
            % {
                "total": votes.total,
                "for": votes.votes_for,
                "against": votes.against,
                "abstain": votes.abstain,
                "present": present,
            },
            field="votes_for",
        )


def decide(body: str, basis: str, eligible: int, present: int, votes_for: int) -> str:
    """ "" when the step passes, else the FailReason: quorum first, then majority."""
    rule = BODY_RULES[body]
    if not rule.quorum[basis].met(present, eligible):
        return FailReason.QUORUM
    if not rule.majority.met(votes_for, present):
        return FailReason.MAJORITY
    return ""


def _basis(body: str, basis: str) -> str:
    rule = BODY_RULES[body]
    if not rule.bases:
        return ""
    if basis not in rule.bases:
        raise InvalidInput(
            _("Say whether the assembly sat as all adults or as household representatives."),
            field="basis",
        )
    return basis


def _store(
    meeting: Meeting, roll: RollSnapshot, present_ids: frozenset[int], files: Sequence[CleanFile]
) -> None:
    RollEntry.objects.bulk_create(
        RollEntry(
            meeting=meeting,
            person_id=m.person_id,
            name=m.name,
            posts=",".join(m.posts),
            present=m.person_id in present_ids,
        )
        for m in roll.members
    )
    for f in files:
        attachment = Attachment(
            meeting=meeting, original_name=f.name, content_type=f.content_type, size=len(f.content)
        )
        attachment.file.save(f.name, ContentFile(f.content), save=False)
        attachment.save()


def meeting_audit_data(meeting: Meeting, present_ids: frozenset[int] = frozenset()) -> dict:
    """What the chain keeps of a meeting; the record check compares the rows with it."""
    return {
        "meeting": meeting.pk,
        "step": meeting.step,
        "attempt": meeting.attempt,
        "body": meeting.body,
        "basis": meeting.basis,
        "held_on": meeting.held_on,
        "announced_on": meeting.announced_on,
        "eligible": meeting.eligible,
        "present": meeting.present,
        "attendees": sorted(present_ids),
        "minutes_sha256": digest(meeting.minutes),
    }


def vote_audit_data(meeting: Meeting) -> dict:
    return {
        "meeting": meeting.pk,
        "for": meeting.votes_for,
        "against": meeting.votes_against,
        "abstain": meeting.votes_abstain,
        "outcome": meeting.outcome,
        "failure": meeting.failure,
    }


@transaction.atomic
def meeting_record(
    *,
    actor: Actor,
    matter: Matter,
    step: str,
    body: str,
    held_on: dt.date | None,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    attendee_ids: Sequence[int] = (),
    present_count: int | None = None,
    basis: str = "",
    announced_on: dt.date | None = None,
    minutes: str = "",
    files: Sequence[CleanFile] = (),
    expected_version: int | None = None,
) -> Meeting:
    """Record the meeting that holds the matter's next step; the step passes or fails."""
    matter = transition.lock(matter, expected_version)
    permissions.require_record(actor, matter.area)
    step_def = transition.check_step(matter, step, StepKind.MEETING)
    if body not in step_def.bodies:
        raise InvalidInput(
            _("“%(step)s” is held by: %(bodies)s.")
            % {
                "step": step_def.name,
                "bodies": "、".join(str(Body(b).label) for b in step_def.bodies),
            },
            field="body",
        )
    basis = _basis(body, basis)
    held_on = check_date(matter, held_on, "held_on")
    if BODY_RULES[body].announced:
        _check_announcement(held_on, announced_on, body)
    roll = roll_for(matter.area, body, basis)
    if roll.eligible == 0:
        raise InvalidInput(
            _("Nobody is on the roll of the %(body)s in %(area)s: update the registers first.")
            % {"body": Body(body).label, "area": matter.area.name},
            field="body",
        )
    present, present_ids = _attendance(roll, attendee_ids, present_count)
    votes = Votes(votes_for, votes_against, votes_abstain)
    _votes(votes, present)
    failure = decide(body, basis, roll.eligible, present, votes.votes_for)
    meeting = Meeting.objects.create(
        matter=matter,
        step=step_def.code,
        step_index=matter.step_index,
        attempt=matter.meetings.filter(step=step_def.code).count() + 1,
        body=body,
        basis=basis,
        held_on=held_on,
        announced_on=announced_on if BODY_RULES[body].announced else None,
        eligible=roll.eligible,
        present=present,
        votes_for=votes.votes_for,
        votes_against=votes.against,
        votes_abstain=votes.abstain,
        outcome=Outcome.FAILED if failure else Outcome.PASSED,
        failure=failure,
        minutes=minutes_html(minutes),
        recorded_by=actor.person,
        created_at=timezone.now(),
    )
    _store(meeting, roll, present_ids, files)
    transition.record(
        actor=actor, matter=matter, verb="meeting", data=meeting_audit_data(meeting, present_ids)
    )
    transition.record(actor=actor, matter=matter, verb="vote", data=vote_audit_data(meeting))
    _advance(actor, matter, meeting)
    return meeting


def _advance(actor: Actor, matter: Matter, meeting: Meeting) -> None:
    data = {"meeting": meeting.pk, "step": meeting.step}
    if not meeting.passed:
        transition.apply(
            actor=actor,
            matter=matter,
            action="step_failed",
            fields={"last_step_on": meeting.held_on},
            data={**data, "failure": meeting.failure},
        )
        return
    last = is_last_meeting(matter.steps, matter.step_index)
    transition.apply(
        actor=actor,
        matter=matter,
        action="step_passed",
        target=Status.RESOLVED if last else Status.DELIBERATING,
        fields={"step_index": matter.step_index + 1, "last_step_on": meeting.held_on},
        data=data,
    )
