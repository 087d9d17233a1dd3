"""The lead unit's work: sign, object (退单), contact, extension, reply, stop (终止办理)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns import deadlines, permissions
from lastmile.concerns.choices import (
    HANDLING,
    AttachmentPurpose,
    ObjectionStatus,
    RequestStatus,
    Status,
)
from lastmile.concerns.models import (
    Concern,
    ConcernAssist,
    DispatchRule,
    ExtensionRequest,
    Objection,
    StopRequest,
)
from lastmile.concerns.services import transition
from lastmile.concerns.services.intake import _store_files
from lastmile.concerns.services.routing import dispatch_fields
from lastmile.concerns.uploads import CleanFile
from lastmile.core import workcal
from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.orgs.models import Unit
from lastmile.orgs.selectors import Actor


def _need_reason(reason: str, field: str = "reason", minimum: int = 6) -> str:
    reason = (reason or "").strip()
    if len(reason) < minimum:
        raise InvalidInput(
            _("Please give a reason of at least %(n)d characters.") % {"n": minimum}, field=field
        )
    return reason


@transaction.atomic
def concern_sign(*, actor: Actor, concern: Concern, expected_version: int | None = None) -> Concern:
    """签收: the lead unit accepts the concern; first contact is due in one working day."""
    concern = transition.lock(concern, expected_version)
    permissions.require_lead_handler(actor, concern)
    now = timezone.now()
    contact_due = workcal.add_working_days(now, setting("FIRST_CONTACT_WORKING_DAYS"))
    return transition.apply(
        actor=actor,
        concern=concern,
        action="sign",
        fields={"signed_at": now, "contact_due": contact_due},
        data={
            "unit": concern.lead_unit.name if concern.lead_unit else "",
            "late": bool(concern.sign_due and now > concern.sign_due),
        },
    )


@transaction.atomic
def concern_object(
    *,
    actor: Actor,
    concern: Concern,
    reason: str,
    suggested_unit: Unit | None = None,
    files: list[CleanFile] | None = None,
    expected_version: int | None = None,
) -> Concern:
    """退单: before signing, the lead unit disputes responsibility with a reason."""
    concern = transition.lock(concern, expected_version)
    permissions.require_lead_handler(actor, concern)
    transition.check("object", concern)
    if concern.is_binding:
        raise TransitionNotAllowed(
            _("The supervisor's assignment is binding: this concern can no longer be objected to.")
        )
    reason = _need_reason(reason, minimum=10)
    assert concern.lead_unit is not None  # dispatched concerns always have one
    Objection.objects.create(
        concern=concern,
        unit=concern.lead_unit,
        rule=concern.dispatch_rule,
        reason=reason,
        suggested_unit=suggested_unit,
        filed_by=actor.person,
        filed_at=timezone.now(),
    )
    _store_files(concern, files or [], AttachmentPurpose.OBJECTION, public=False)
    return transition.apply(
        actor=actor,
        concern=concern,
        action="object",
        fields={"objection_count": concern.objection_count + 1},
        data={"unit": concern.lead_unit.name if concern.lead_unit else "", "reason": reason},
    )


@transaction.atomic
def concern_objection_review(
    *,
    actor: Actor,
    concern: Concern,
    upheld: bool,
    note: str,
    new_unit: Unit | None = None,
    expected_version: int | None = None,
) -> Concern:
    """Review an objection. Upheld: re-dispatch, counted against the rule. Rejected: counted
    against the unit, which must sign. A second dispute is decided by a supervisor (会商) and the
    assignment then binds."""
    concern = transition.lock(concern, expected_version)
    transition.check("review_objection", concern)
    second_dispute = concern.objection_count > setting("OBJECTION_LIMIT")
    if second_dispute:
        permissions.require_supervisor(actor, concern)
    else:
        permissions.require_dispatcher_or_supervisor(actor, concern)
    note = _need_reason(note, field="note", minimum=4)
    objection = concern.objections.filter(status=ObjectionStatus.PENDING).latest("filed_at")
    now = timezone.now()
    fields: dict = {"is_binding": second_dispute}
    if upheld:
        if new_unit is None or new_unit.pk == concern.lead_unit_id:
            raise InvalidInput(_("Choose the unit that is responsible instead."), field="unit")
        if not new_unit.is_active:
            raise InvalidInput(_("That unit is no longer active."), field="unit")
        if objection.rule_id:
            DispatchRule.objects.filter(pk=objection.rule_id).update(
                bounce_count=F("bounce_count") + 1
            )
        fields.update(dispatch_fields(concern, new_unit, None))
        data = {
            "decision": "upheld",
            "unit": new_unit.name,
            "unit_id": new_unit.pk,
            "from_unit": concern.lead_unit.name if concern.lead_unit else "",
            "note": note,
            "binding": second_dispute,
            "counted_against": "rule",
        }
    else:
        fields["sign_due"] = deadlines.compute(
            kind=concern.kind, urgency=concern.urgency, start=now
        ).sign_due
        data = {
            "decision": "rejected",
            "unit": concern.lead_unit.name if concern.lead_unit else "",
            "note": note,
            "binding": second_dispute,
            "counted_against": "unit",
        }
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.decided_by, objection.decided_at, objection.decision_note = actor.person, now, note
    objection.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return transition.apply(
        actor=actor, concern=concern, action="review_objection", fields=fields, data=data
    )


@transaction.atomic
def concern_contact(
    *, actor: Actor, concern: Concern, note: str, expected_version: int | None = None
) -> Concern:
    """First contact with the resident is made; handling is in progress."""
    concern = transition.lock(concern, expected_version)
    permissions.require_lead_handler(actor, concern)
    note = _need_reason(note, field="note", minimum=4)
    now = timezone.now()
    return transition.apply(
        actor=actor,
        concern=concern,
        action="contact",
        fields={"contacted_at": now},
        data={"note": note, "late": bool(concern.contact_due and now > concern.contact_due)},
    )


@transaction.atomic
def concern_extension_request(
    *,
    actor: Actor,
    concern: Concern,
    reason: str,
    new_due: datetime,
    expected_version: int | None = None,
) -> Concern:
    """延期: asked before the deadline passes, with a reason; the dispatcher decides."""
    concern = transition.lock(concern, expected_version)
    permissions.require_lead_handler(actor, concern)
    transition.check("request_extension", concern)
    now = timezone.now()
    if concern.resolve_due and now >= concern.resolve_due:
        raise TransitionNotAllowed(
            _("The deadline has passed: an extension must be requested before it expires.")
        )
    if concern.resolve_due and new_due <= concern.resolve_due:
        raise InvalidInput(_("The new deadline must be after the current one."), field="new_due")
    reason = _need_reason(reason, minimum=10)
    ExtensionRequest.objects.create(
        concern=concern,
        reason=reason,
        requested_due=new_due,
        requested_by=actor.person,
        requested_at=now,
        previous_status=concern.status,
    )
    return transition.apply(
        actor=actor,
        concern=concern,
        action="request_extension",
        data={"reason": reason, "new_due": new_due},
    )


@transaction.atomic
def concern_extension_decide(
    *,
    actor: Actor,
    concern: Concern,
    approve: bool,
    note: str = "",
    expected_version: int | None = None,
) -> Concern:
    concern = transition.lock(concern, expected_version)
    permissions.require_dispatcher_or_supervisor(actor, concern)
    transition.check("decide_extension", concern)
    request = concern.extensions.get(status=RequestStatus.PENDING)
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by, request.decided_at = actor.person, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    fields = {"resolve_due": request.requested_due} if approve else {}
    return transition.apply(
        actor=actor,
        concern=concern,
        action="decide_extension",
        target=Status.IN_PROGRESS
        if request.previous_status == Status.IN_PROGRESS
        else Status.SIGNED,
        fields=fields,
        data={
            "approved": approve,
            "note": note.strip(),
            "resolve_due": request.requested_due if approve else concern.resolve_due,
        },
    )


@transaction.atomic
def concern_reply(
    *,
    actor: Actor,
    concern: Concern,
    text: str,
    resolved: bool,
    files: list[CleanFile] | None = None,
    expected_version: int | None = None,
) -> Concern:
    """答复: what was done, with evidence; the resident's feedback window opens."""
    concern = transition.lock(concern, expected_version)
    permissions.require_lead_handler(actor, concern)
    transition.check("reply", concern)
    text = _need_reason(text, field="text", minimum=10)
    now = timezone.now()
    _store_files(concern, files or [], AttachmentPurpose.EVIDENCE, public=True)
    return transition.apply(
        actor=actor,
        concern=concern,
        action="reply",
        fields={
            "reply_text": text,
            "reply_resolved": resolved,
            "replied_at": now,
            "contacted_at": concern.contacted_at or now,
            "callback_due": workcal.add_working_days(now, setting("CALLBACK_WINDOW_WORKING_DAYS")),
            "cb_contacted": None,
            "cb_resolved": None,
            "cb_satisfaction": "",
            "outcome": "",
        },
        data={
            "resolved": resolved,
            "late": bool(concern.resolve_due and now > concern.resolve_due),
            "evidence": len(files or []),
        },
    )


@transaction.atomic
def concern_stop_request(
    *, actor: Actor, concern: Concern, reason: str, expected_version: int | None = None
) -> Concern:
    """终止办理 is asked for with a reason and decided by a supervisor."""
    concern = transition.lock(concern, expected_version)
    permissions.require_lead_handler(actor, concern)
    transition.check("request_stop", concern)
    reason = _need_reason(reason, minimum=10)
    StopRequest.objects.create(
        concern=concern,
        reason=reason,
        requested_by=actor.person,
        requested_at=timezone.now(),
        previous_status=concern.status,
    )
    return transition.apply(
        actor=actor, concern=concern, action="request_stop", data={"reason": reason}
    )


@transaction.atomic
def concern_stop_decide(
    *,
    actor: Actor,
    concern: Concern,
    approve: bool,
    note: str,
    expected_version: int | None = None,
) -> Concern:
    concern = transition.lock(concern, expected_version)
    permissions.require_supervisor(actor, concern)
    transition.check("decide_stop", concern)
    note = _need_reason(note, field="note", minimum=4)
    request = concern.stop_requests.get(status=RequestStatus.PENDING)
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by, request.decided_at = actor.person, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    target = (
        Status.STOPPED
        if approve
        else (
            Status.IN_PROGRESS if request.previous_status == Status.IN_PROGRESS else Status.SIGNED
        )
    )
    fields = {"closed_at": timezone.now()} if approve else {}
    return transition.apply(
        actor=actor,
        concern=concern,
        action="decide_stop",
        target=target,
        fields=fields,
        data={"approved": approve, "note": note},
    )


@transaction.atomic
def concern_assist_report(*, actor: Actor, concern: Concern, report: str) -> ConcernAssist:
    """协办: an assisting unit reports back to the lead unit (no change of state)."""
    concern = transition.lock(concern)
    units = actor.units_with_role(*permissions.HANDLER_ROLES)
    assist = concern.assists.filter(unit_id__in=units).select_related("unit").first()
    if assist is None:
        raise NotPermitted(_("Only a handler of an assisting unit can report back."))
    if concern.status not in HANDLING | {Status.DISPATCHED}:
        raise TransitionNotAllowed(
            _("This action is not possible while the concern is “%(status)s”.")
            % {"status": concern.get_status_display()}
        )
    assist.report = _need_reason(report, field="report", minimum=6)
    assist.reported_at = timezone.now()
    assist.save(update_fields=["report", "reported_at"])
    transition.note(
        actor=actor,
        concern=concern,
        verb="assist_report",
        data={"unit": assist.unit.name, "note": assist.report},
    )
    return assist
