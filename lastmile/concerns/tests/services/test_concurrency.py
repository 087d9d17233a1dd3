"""Optimistic concurrency: the version the actor saw must still be current."""

from __future__ import annotations

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.services import transition
from lastmile.concerns.testing import fresh, reach
from lastmile.core.errors import Conflict
from lastmile.core.models import AuditEvent


def test_two_actors_same_version_second_gets_conflict(world):
    concern = reach(world, Status.DISPATCHED)
    seen = concern.version
    signed = services.concern_sign(
        actor=world.actor("handler"), concern=concern, expected_version=seen
    )
    assert signed.version == seen + 1
    with pytest.raises(Conflict) as info:
        services.concern_object(
            actor=world.actor("leader"),
            concern=concern,
            reason="不属于本单位职责范围的事项",
            expected_version=seen,
        )
    message = str(info.value)
    assert str(Status.SIGNED.label) in message  # tells what it is now
    assert info.value.code == "conflict" and info.value.http_status == 409
    assert fresh(concern).status == Status.SIGNED
    assert not AuditEvent.objects.filter(verb="concern.object").exists()


def test_dispatcher_and_supervisor_race_on_an_objection(world):
    concern = reach(world, Status.OBJECTED)
    seen = concern.version
    services.concern_objection_review(
        actor=world.actor("dispatcher"),
        concern=concern,
        upheld=False,
        note="职责清楚",
        expected_version=seen,
    )
    with pytest.raises(Conflict):
        services.concern_objection_review(
            actor=world.actor("supervisor"),
            concern=concern,
            upheld=True,
            note="改派城管",
            new_unit=world.units["sanitation"],
            expected_version=seen,
        )
    assert fresh(concern).lead_unit == world.units["housing"]


@pytest.mark.parametrize("offset", [-1, 1, 5])
def test_stale_or_future_version_is_refused(world, offset):
    concern = reach(world, Status.SIGNED)
    with pytest.raises(Conflict):
        services.concern_contact(
            actor=world.actor("handler"),
            concern=concern,
            note="已电话联系",
            expected_version=concern.version + offset,
        )


def test_without_expected_version_the_latest_state_is_used(world):
    concern = reach(world, Status.DISPATCHED)
    stale = Concern.objects.get(pk=concern.pk)
    services.concern_sign(actor=world.actor("handler"), concern=concern)
    # the stale copy still says dispatched, but the service re-reads under lock
    result = services.concern_contact(
        actor=world.actor("handler"), concern=stale, note="已电话联系"
    )
    assert result.status == Status.IN_PROGRESS


def test_apply_refuses_when_the_row_moved_underneath(world):
    concern = reach(world, Status.SIGNED)
    locked = transition.lock(concern)
    Concern.objects.filter(pk=concern.pk).update(version=locked.version + 1)
    with pytest.raises(Conflict):
        transition.apply(actor=world.actor("handler"), concern=locked, action="contact")
    assert not AuditEvent.objects.filter(verb="concern.contact").exists()
