"""Each service refuses the wrong role (NotPermitted) and changes nothing."""

from __future__ import annotations

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import Diversion, Kind, Satisfaction, Status
from lastmile.concerns.testing import ANONYMOUS, fresh, reach
from lastmile.core.errors import NotPermitted
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import AreaLevel, Role, UnitKind
from lastmile.orgs.selectors import actor_for_user


@pytest.fixture
def other_street(world):
    """A second street in the district, with its own dispatcher and supervisor."""
    street = org_services.area_create(
        name="胜利街道", code="tS2", level=AreaLevel.STREET, parent=world.areas["district"]
    )
    gov = org_services.unit_create(
        name="胜利街道办事处", code="tU9", kind=UnitKind.GOVERNMENT, area=street
    )
    actors = {}
    for key, role in (("dispatcher", Role.DISPATCHER), ("supervisor", Role.SUPERVISOR)):
        person = org_services.person_create(name=f"外街{key}", username=f"t_s2_{key}")
        org_services.membership_add(person=person, unit=gov, role=role, area=street)
        actors[key] = actor_for_user(person.user)
    return actors


def _refused(call, concern):
    version = fresh(concern).version
    with pytest.raises(NotPermitted):
        call()
    assert fresh(concern).version == version


def test_dispatch_needs_a_dispatcher_of_the_street(world, other_street):
    concern = reach(world, Status.RECEIVED)
    for actor in (other_street["dispatcher"], world.actor("handler"), ANONYMOUS):
        _refused(
            lambda a=actor: services.concern_dispatch(
                actor=a, concern=concern, unit=world.units["housing"]
            ),
            concern,
        )
    # the district's admin role covers it
    services.concern_dispatch(
        actor=world.actor("admin"), concern=concern, unit=world.units["housing"]
    )


def test_divert_and_answer_need_a_dispatcher(world, other_street):
    concern = reach(world, Status.RECEIVED, kind=Kind.CONSULT)
    for actor in (other_street["dispatcher"], world.actor("handler"), world.actor("gridder")):
        _refused(
            lambda a=actor: services.concern_divert(
                actor=a, concern=concern, case=Diversion.EMERGENCY, note="请拨打110"
            ),
            concern,
        )
        _refused(
            lambda a=actor: services.concern_answer(
                actor=a, concern=concern, answer="这样办理即可"
            ),
            concern,
        )


@pytest.mark.parametrize("who", ["handler2", "c1_handler", "dispatcher", "supervisor", "outsider"])
def test_only_the_lead_units_handlers_sign_object_contact_reply(world, who):
    dispatched = reach(world, Status.DISPATCHED)
    actor = world.actor(who)
    _refused(lambda: services.concern_sign(actor=actor, concern=dispatched), dispatched)
    _refused(
        lambda: services.concern_object(
            actor=actor, concern=dispatched, reason="不是我们的职责范围内"
        ),
        dispatched,
    )
    signed = reach(world, Status.SIGNED)
    _refused(
        lambda: services.concern_contact(actor=actor, concern=signed, note="联系了居民"), signed
    )
    _refused(
        lambda: services.concern_reply(
            actor=actor, concern=signed, text="已处理完毕并回复居民", resolved=True
        ),
        signed,
    )
    _refused(
        lambda: services.concern_stop_request(
            actor=actor, concern=signed, reason="居民拒绝提供必要信息"
        ),
        signed,
    )
    _refused(
        lambda: services.concern_extension_request(
            actor=actor, concern=signed, reason="需要协调多个部门处理", new_due=signed.resolve_due
        ),
        signed,
    )


def test_unit_leader_may_sign(world):
    concern = reach(world, Status.DISPATCHED)
    assert services.concern_sign(actor=world.actor("leader"), concern=concern).status == "signed"


@pytest.mark.parametrize("who", ["dispatcher", "handler", "leader", "gridder"])
def test_only_a_supervisor_decides_stop(world, who):
    concern = reach(world, Status.STOP_REQUESTED)
    _refused(
        lambda: services.concern_stop_decide(
            actor=world.actor(who), concern=concern, approve=True, note="同意终止"
        ),
        concern,
    )


def test_stop_decided_by_supervisor_of_another_street_is_refused(world, other_street):
    concern = reach(world, Status.STOP_REQUESTED)
    _refused(
        lambda: services.concern_stop_decide(
            actor=other_street["supervisor"], concern=concern, approve=True, note="同意终止"
        ),
        concern,
    )


@pytest.mark.parametrize("who", ["dispatcher", "handler", "leader"])
def test_only_a_supervisor_reopens(world, who):
    concern = reach(world, Status.CLOSED)
    _refused(
        lambda: services.concern_reopen(
            actor=world.actor(who), concern=concern, reason="居民再次投诉没有解决"
        ),
        concern,
    )


@pytest.mark.parametrize("who", ["handler", "leader", "handler2", "gridder"])
def test_extension_is_decided_by_dispatcher_or_supervisor(world, who):
    concern = reach(world, Status.EXTENSION_REQUESTED)
    _refused(
        lambda: services.concern_extension_decide(
            actor=world.actor(who), concern=concern, approve=True
        ),
        concern,
    )


def test_objection_review_refused_to_handlers(world):
    concern = reach(world, Status.OBJECTED)
    for who in ("handler", "handler2"):
        _refused(
            lambda w=who: services.concern_objection_review(
                actor=world.actor(w), concern=concern, upheld=False, note="驳回异议"
            ),
            concern,
        )


def test_staff_callback_needs_dispatcher_or_supervisor(world):
    concern = reach(world, Status.REPLIED)
    _refused(
        lambda: services.concern_callback(
            actor=world.actor("handler"),
            concern=concern,
            contacted=True,
            resolved=True,
            satisfaction=Satisfaction.SATISFIED,
            by_staff=True,
        ),
        concern,
    )


def test_merge_needs_a_dispatcher(world):
    concern = reach(world, Status.RECEIVED)
    parent = reach(world, Status.RECEIVED)
    _refused(
        lambda: services.concern_merge(
            actor=world.actor("handler"), concern=concern, parent=parent
        ),
        concern,
    )
