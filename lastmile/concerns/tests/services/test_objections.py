"""Objections (退单): only before signing; upheld → rule counted; rejected → unit counted;
second dispute → supervisor, binding."""

from __future__ import annotations

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import ObjectionStatus, Status
from lastmile.concerns.models import DispatchRule, Objection
from lastmile.concerns.testing import fresh, reach, submit
from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed

REASON = "此事不属于本单位职责，应由城管局处理"


@pytest.fixture
def ruled(world):
    """A concern dispatched to housing by the dispatch table."""
    rule = DispatchRule.objects.create(area=world.areas["c1"], unit=world.units["housing"])
    concern = submit(world)
    concern = services.concern_dispatch(actor=world.actor("dispatcher"), concern=concern)
    assert concern.lead_unit == world.units["housing"] and concern.dispatch_rule == rule
    return concern, rule


def _object(world, concern, who="handler"):
    return services.concern_object(actor=world.actor(who), concern=concern, reason=REASON)


def test_only_before_signing(world):
    for status in (Status.SIGNED, Status.IN_PROGRESS, Status.REPLIED):
        concern = reach(world, status)
        with pytest.raises(TransitionNotAllowed):
            _object(world, concern)


def test_reason_is_required(world):
    concern = reach(world, Status.DISPATCHED)
    with pytest.raises(InvalidInput) as info:
        services.concern_object(actor=world.actor("handler"), concern=concern, reason="不是")
    assert info.value.field == "reason"


def test_upheld_redispatches_and_counts_against_the_rule(world, ruled):
    concern, rule = ruled
    concern = _object(world, concern)
    assert concern.status == Status.OBJECTED
    concern = services.concern_objection_review(
        actor=world.actor("dispatcher"),
        concern=concern,
        upheld=True,
        note="确属城管职责",
        new_unit=world.units["sanitation"],
    )
    stored = fresh(concern)
    assert stored.status == Status.DISPATCHED
    assert stored.lead_unit == world.units["sanitation"]
    assert stored.dispatch_round == 2
    assert stored.dispatch_rule is None
    assert not stored.is_binding
    rule.refresh_from_db()
    assert rule.bounce_count == 1
    objection = Objection.objects.get(concern=concern)
    assert objection.status == ObjectionStatus.UPHELD
    assert objection.rule == rule and objection.unit == world.units["housing"]
    # the new unit signs; the old one no longer can
    with pytest.raises(NotPermitted):
        services.concern_sign(actor=world.actor("handler"), concern=stored)
    assert services.concern_sign(actor=world.actor("handler2"), concern=stored).status == "signed"


def test_upheld_needs_another_unit(world, ruled):
    concern = _object(world, ruled[0])
    for unit in (None, world.units["housing"]):
        with pytest.raises(InvalidInput):
            services.concern_objection_review(
                actor=world.actor("dispatcher"),
                concern=concern,
                upheld=True,
                note="改派",
                new_unit=unit,
            )


def test_rejected_stays_and_counts_against_the_unit(world, ruled):
    concern, rule = ruled
    concern = _object(world, concern)
    concern = services.concern_objection_review(
        actor=world.actor("dispatcher"), concern=concern, upheld=False, note="职责清楚"
    )
    stored = fresh(concern)
    assert stored.status == Status.DISPATCHED
    assert stored.lead_unit == world.units["housing"]
    assert stored.dispatch_round == 1
    rule.refresh_from_db()
    assert rule.bounce_count == 0
    objection = Objection.objects.get(concern=concern)
    assert objection.status == ObjectionStatus.REJECTED
    assert objection.unit == world.units["housing"]
    assert (
        Objection.objects.filter(
            unit=world.units["housing"], status=ObjectionStatus.REJECTED
        ).count()
        == 1
    )


def test_second_dispute_needs_a_supervisor_and_binds(world, ruled):
    concern, _rule = ruled
    concern = _object(world, concern)
    concern = services.concern_objection_review(
        actor=world.actor("dispatcher"), concern=concern, upheld=False, note="职责清楚"
    )
    concern = _object(world, concern)
    assert concern.objection_count == 2
    with pytest.raises(NotPermitted):
        services.concern_objection_review(
            actor=world.actor("dispatcher"), concern=concern, upheld=False, note="职责清楚"
        )
    concern = services.concern_objection_review(
        actor=world.actor("supervisor"), concern=concern, upheld=False, note="会商决定由住建办理"
    )
    stored = fresh(concern)
    assert stored.is_binding and stored.status == Status.DISPATCHED
    with pytest.raises(TransitionNotAllowed):
        _object(world, stored)
    assert Objection.objects.filter(concern=concern).count() == 2
    assert fresh(concern).status == Status.DISPATCHED


def test_second_dispute_upheld_binds_the_new_unit(world, ruled):
    concern = _object(world, ruled[0])
    concern = services.concern_objection_review(
        actor=world.actor("dispatcher"),
        concern=concern,
        upheld=True,
        note="改派城管",
        new_unit=world.units["sanitation"],
    )
    concern = _object(world, concern, who="handler2")
    concern = services.concern_objection_review(
        actor=world.actor("supervisor"),
        concern=concern,
        upheld=True,
        note="会商后改派社区",
        new_unit=world.units["c1_org"],
    )
    stored = fresh(concern)
    assert stored.is_binding and stored.lead_unit == world.units["c1_org"]
    with pytest.raises(TransitionNotAllowed):
        _object(world, stored, who="c1_handler")
    assert ruled[1].__class__.objects.get(pk=ruled[1].pk).bounce_count == 1  # rule only once


def test_binding_concern_once_signed_names_its_status(world, ruled):
    concern = _object(world, ruled[0])
    concern = services.concern_objection_review(
        actor=world.actor("dispatcher"), concern=concern, upheld=False, note="职责清楚"
    )
    concern = _object(world, concern)
    concern = services.concern_objection_review(
        actor=world.actor("supervisor"), concern=concern, upheld=False, note="会商决定"
    )
    concern = services.concern_sign(actor=world.actor("handler"), concern=concern)
    with pytest.raises(TransitionNotAllowed) as info:
        _object(world, concern)
    assert str(Status.SIGNED.label) in str(info.value)
