"""The ledger item's life after 挂号: start, progress notes with evidence, milestones, submit,
销号 (accept after a satisfaction check) and 复号 (reopen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.uploads import CleanFile
from lastmile.core.errors import InvalidInput, TransitionNotAllowed
from lastmile.orgs.selectors import Actor
from lastmile.rectify import permissions
from lastmile.rectify.choices import (
    NOTE_STATUSES,
    PLAN_STATUSES,
    NoteKind,
    ReopenReason,
    Satisfaction,
    Status,
)
from lastmile.rectify.models import Evidence, LedgerItem, Milestone, ProgressNote
from lastmile.rectify.services import transition

CLOSING = frozenset({Satisfaction.SATISFIED, Satisfaction.MOSTLY_SATISFIED})


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


def _store(item: LedgerItem, note: ProgressNote, files: Sequence[CleanFile], public: bool) -> None:
    for f in files:
        evidence = Evidence(
            item=item,
            note=note,
            original_name=f.name,
            content_type=f.content_type,
            size=len(f.content),
            is_public=public,
        )
        evidence.file.save(f.name, ContentFile(f.content), save=False)
        evidence.save()


@transaction.atomic
def item_start(
    *, actor: Actor, item: LedgerItem, expected_version: int | None = None
) -> LedgerItem:
    """The responsible unit starts (or, after 复号, restarts) the rectification."""
    item = transition.lock(item, expected_version)
    permissions.require_owner_staff(actor, item)
    return transition.apply(actor=actor, item=item, action="start")


@transaction.atomic
def item_note(
    *,
    actor: Actor,
    item: LedgerItem,
    text: str,
    files: Sequence[CleanFile] = (),
    public_files: bool = False,
) -> ProgressNote:
    """A progress note with optional evidence, while the rectification is under way."""
    item = transition.lock(item)
    permissions.require_owner_staff(actor, item)
    if item.status not in NOTE_STATUSES:
        raise TransitionNotAllowed(
            _("Progress can be noted only while the item is being rectified (it is “%(status)s”).")
            % {"status": item.get_status_display()}
        )
    body = _text(text, "text", _("Write what was done."))
    note = ProgressNote.objects.create(item=item, text=body, created_by=actor.person)
    _store(item, note, files, public_files)
    transition.record(
        actor=actor, item=item, verb="note", data={"note": note.pk, "files": len(files)}
    )
    return note


@transaction.atomic
def milestone_add(*, actor: Actor, item: LedgerItem, title: str, due: dt.date | None) -> Milestone:
    """A dated step of the plan (long-term problems); due no later than the item's deadline."""
    item = transition.lock(item)
    permissions.require_planner(actor, item)
    if item.status not in PLAN_STATUSES:
        raise TransitionNotAllowed(
            _("The plan cannot change while the item is “%(status)s”.")
            % {"status": item.get_status_display()}
        )
    name = _text(title, "title", _("Name the milestone."))
    if due is None:
        raise InvalidInput(_("Give the milestone a due date."), field="due")
    if due > item.deadline:
        raise InvalidInput(
            _("A milestone cannot be due after the item's deadline (%(deadline)s).")
            % {"deadline": item.deadline.isoformat()},
            field="due",
        )
    milestone = Milestone.objects.create(item=item, title=name[:120], due=due)
    transition.record(
        actor=actor,
        item=item,
        verb="milestone_add",
        data={"milestone": milestone.pk, "title": milestone.title, "due": due},
    )
    return milestone


@transaction.atomic
def milestone_complete(*, actor: Actor, item: LedgerItem, milestone: Milestone) -> Milestone:
    item = transition.lock(item)
    permissions.require_owner_staff(actor, item)
    if milestone.item_id != item.pk:
        raise InvalidInput(_("This milestone belongs to another item."), field="milestone")
    if item.status not in NOTE_STATUSES:
        raise TransitionNotAllowed(
            _("Milestones are completed while the item is being rectified (it is “%(status)s”).")
            % {"status": item.get_status_display()}
        )
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_at is not None:
        raise InvalidInput(_("This milestone is already done."), field="milestone")
    milestone.done_at = timezone.now()
    milestone.save(update_fields=["done_at"])
    transition.record(
        actor=actor,
        item=item,
        verb="milestone_done",
        data={"milestone": milestone.pk, "title": milestone.title},
    )
    return milestone


def _check_plan_done(item: LedgerItem) -> None:
    milestones = list(item.milestones.all())
    if item.is_long_term and not milestones:
        raise InvalidInput(
            _("A long-term problem needs a dated plan: add its milestones first."),
            field="milestones",
        )
    open_ones = [m.title for m in milestones if m.done_at is None]
    if open_ones:
        raise InvalidInput(
            _("Milestones still open: %(names)s.") % {"names": "、".join(open_ones)},
            field="milestones",
        )


@transaction.atomic
def item_submit(
    *,
    actor: Actor,
    item: LedgerItem,
    summary: str,
    files: Sequence[CleanFile] = (),
    public_files: bool = False,
    expected_version: int | None = None,
) -> LedgerItem:
    """整改完成: the unit reports what was done, with evidence, and asks for acceptance."""
    item = transition.lock(item, expected_version)
    permissions.require_owner_staff(actor, item)
    transition.check("submit", item)
    body = _text(summary, "summary", _("Say what was done and how it meets the standard."))
    _check_plan_done(item)
    note = ProgressNote.objects.create(
        item=item, kind=NoteKind.SUBMIT, text=body, created_by=actor.person
    )
    _store(item, note, files, public_files)
    return transition.apply(
        actor=actor,
        item=item,
        action="submit",
        fields={"submitted_at": timezone.now()},
        data={"note": note.pk, "files": len(files)},
    )


@transaction.atomic
def item_accept(
    *,
    actor: Actor,
    item: LedgerItem,
    satisfaction: str,
    note: str = "",
    expected_version: int | None = None,
) -> LedgerItem:
    """销号 after a satisfaction check, only by the superior.

    满意 / 基本满意 → closed. 不满意 → not closed: 复号 at once (reopened, reason "dissatisfied"),
    and the note must say what is still wrong. Without a satisfaction check it is refused.
    """
    item = transition.lock(item, expected_version)
    permissions.require_superior(actor, item)
    transition.check("accept", item)
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(
            _("Record the satisfaction check (satisfied, mostly satisfied or dissatisfied)."),
            field="satisfaction",
        )
    note = (note or "").strip()
    base = {"satisfaction": satisfaction, "acceptance_note": note, "accepted_by": actor.person}
    if satisfaction in CLOSING:
        return transition.apply(
            actor=actor,
            item=item,
            action="accept",
            target=Status.CLOSED,
            fields={**base, "closed_at": timezone.now(), "reopen_reason": ""},
            data={"satisfaction": satisfaction, "note": note},
        )
    _text(note, "note", _("Say what people are still dissatisfied with."))
    return transition.apply(
        actor=actor,
        item=item,
        action="accept",
        target=Status.REOPENED,
        fields={
            **base,
            "reopen_count": item.reopen_count + 1,
            "reopen_reason": ReopenReason.DISSATISFIED,
        },
        data={"satisfaction": satisfaction, "note": note, "reason": ReopenReason.DISSATISFIED},
    )


def _check_reopen(item: LedgerItem, reason: str, new_deadline: dt.date | None) -> None:
    if reason not in ReopenReason.values:
        raise InvalidInput(
            _("Choose why it is reopened: dissatisfied, late or recurred."), field="reason"
        )
    closed_on = timezone.localdate(item.closed_at) if item.closed_at else None
    submitted_on = timezone.localdate(item.submitted_at) if item.submitted_at else closed_on
    if reason == ReopenReason.LATE and not (submitted_on and submitted_on > item.deadline):
        raise InvalidInput(
            _(
                "This item was done by its deadline (%(deadline)s), so it cannot be reopened "
                "as late."
            )
            % {"deadline": item.deadline.isoformat()},
            field="reason",
        )
    today = timezone.localdate()
    if new_deadline is not None and new_deadline < today:
        raise InvalidInput(_("The new deadline cannot be in the past."), field="new_deadline")
    if new_deadline is None and item.deadline < today:
        raise InvalidInput(
            _("The deadline has passed: set a new deadline for the reopened item."),
            field="new_deadline",
        )


@transaction.atomic
def item_reopen(
    *,
    actor: Actor,
    item: LedgerItem,
    reason: str,
    note: str,
    new_deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> LedgerItem:
    """复号 a closed item: people are dissatisfied, it was done late, or the problem came back.

    "late" holds only when the completion was reported after the deadline. A reason and an
    explanation are required; a new deadline is required once the old one has passed.
    """
    item = transition.lock(item, expected_version)
    permissions.require_superior(actor, item)
    transition.check("reopen", item)
    _check_reopen(item, reason, new_deadline)
    text = _text(note, "note", _("Explain why the item is reopened."))
    fields: dict[str, object] = {
        "reopen_count": item.reopen_count + 1,
        "reopen_reason": reason,
        "closed_at": None,
    }
    if reason == ReopenReason.DISSATISFIED:
        fields["satisfaction"] = Satisfaction.DISSATISFIED
    if new_deadline is not None:
        fields["deadline"] = new_deadline
    return transition.apply(
        actor=actor,
        item=item,
        action="reopen",
        fields=fields,
        data={"reason": reason, "note": text, "deadline": new_deadline or item.deadline},
    )
