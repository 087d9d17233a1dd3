"""The lead unit's work: sign, contact, extension, stop, reply."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import AttachmentPurpose, RequestStatus, Status
from lastmile.concerns.models import ExtensionRequest, StopRequest
from lastmile.concerns.testing import aware, fresh, frozen, reach
from lastmile.concerns.uploads import clean_upload
from lastmile.core.errors import InvalidInput, TransitionNotAllowed

REASON = "需要协调物业和施工队，时间较长"


def _request(world, concern, new_due, who="handler"):
    return services.concern_extension_request(
        actor=world.actor(who), concern=concern, reason=REASON, new_due=new_due
    )


def test_sign_sets_first_contact_due(world):
    with frozen(aware(2026, 9, 30, 16)):
        concern = reach(world, Status.SIGNED)
    assert concern.signed_at == aware(2026, 9, 30, 16)
    assert concern.contact_due == aware(2026, 10, 8, 16)  # 1 working day


@pytest.mark.parametrize("source", [Status.SIGNED, Status.IN_PROGRESS])
def test_extension_approved_moves_the_deadline(world, source):
    concern = reach(world, source)
    new_due = concern.resolve_due + timedelta(days=10)
    concern = _request(world, concern, new_due)
    assert concern.status == Status.EXTENSION_REQUESTED
    concern = services.concern_extension_decide(
        actor=world.actor("dispatcher"), concern=concern, approve=True, note="同意延期"
    )
    stored = fresh(concern)
    assert stored.status == source  # back where it was
    assert stored.resolve_due == new_due
    assert ExtensionRequest.objects.get(concern=concern).status == RequestStatus.APPROVED


@pytest.mark.parametrize("source", [Status.SIGNED, Status.IN_PROGRESS])
def test_extension_rejected_keeps_the_deadline(world, source):
    concern = reach(world, source)
    due = concern.resolve_due
    concern = _request(world, concern, due + timedelta(days=10))
    concern = services.concern_extension_decide(
        actor=world.actor("supervisor"), concern=concern, approve=False, note="不同意"
    )
    stored = fresh(concern)
    assert stored.status == source and stored.resolve_due == due
    assert ExtensionRequest.objects.get(concern=concern).status == RequestStatus.REJECTED


def test_extension_only_before_expiry(world):
    concern = reach(world, Status.IN_PROGRESS)
    with frozen(concern.resolve_due), pytest.raises(TransitionNotAllowed):
        _request(world, concern, concern.resolve_due + timedelta(days=3))
    with frozen(concern.resolve_due - timedelta(minutes=1)):
        assert _request(world, concern, concern.resolve_due + timedelta(days=3)).status == (
            Status.EXTENSION_REQUESTED
        )


def test_extension_new_due_must_be_later(world):
    concern = reach(world, Status.IN_PROGRESS)
    for due in (concern.resolve_due, concern.resolve_due - timedelta(hours=1)):
        with pytest.raises(InvalidInput) as info:
            _request(world, concern, due)
        assert info.value.field == "new_due"
    assert not ExtensionRequest.objects.exists()


def test_extension_needs_a_reason(world):
    concern = reach(world, Status.IN_PROGRESS)
    with pytest.raises(InvalidInput) as info:
        services.concern_extension_request(
            actor=world.actor("handler"),
            concern=concern,
            reason="忙",
            new_due=concern.resolve_due + timedelta(days=1),
        )
    assert info.value.field == "reason"


def test_stop_rejected_returns_to_previous_status(world):
    concern = reach(world, Status.STOP_REQUESTED)
    concern = services.concern_stop_decide(
        actor=world.actor("supervisor"), concern=concern, approve=False, note="应继续办理"
    )
    assert fresh(concern).status == Status.IN_PROGRESS
    assert StopRequest.objects.get(concern=concern).status == RequestStatus.REJECTED


def test_stop_approved_is_terminal(world):
    concern = reach(world, Status.STOPPED)
    stored = fresh(concern)
    assert stored.status == Status.STOPPED and stored.closed_at is not None


def test_reply_from_signed_counts_as_contact_and_stores_evidence(world):
    from lastmile.concerns.tests.services.test_uploads import png_bytes

    concern = reach(world, Status.SIGNED)
    evidence = clean_upload("现场.png", png_bytes())
    concern = services.concern_reply(
        actor=world.actor("handler"),
        concern=concern,
        text="已更换楼道灯泡并检查线路",
        resolved=False,
        files=[evidence],
    )
    stored = fresh(concern)
    assert stored.status == Status.REPLIED
    assert stored.contacted_at is not None and stored.reply_resolved is False
    assert stored.callback_due is not None
    attachment = stored.attachments.get()
    assert attachment.purpose == AttachmentPurpose.EVIDENCE and attachment.is_public


def test_reply_needs_text(world):
    concern = reach(world, Status.IN_PROGRESS)
    with pytest.raises(InvalidInput) as info:
        services.concern_reply(
            actor=world.actor("handler"), concern=concern, text="好了", resolved=True
        )
    assert info.value.field == "text"
