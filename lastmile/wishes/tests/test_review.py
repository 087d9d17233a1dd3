"""核实 and publication, the transition table exhaustively, versions, and scope (404 outside)."""

from __future__ import annotations

import pytest

from lastmile.core.errors import Conflict, InvalidInput, NotFound, TransitionNotAllowed
from lastmile.core.workflow import Transition
from lastmile.wishes import services
from lastmile.wishes.choices import CLAIM_TRANSITIONS, TRANSITIONS, ClaimStatus, Status, can
from lastmile.wishes.tests.helpers import submit, to_status

pytestmark = pytest.mark.django_db


def test_verify_then_publish(world):
    wish = submit(world)
    staff = world.actor("c1_handler")
    wish = services.wish_verify(
        actor=staff, wish=wish, method="visit", note="入户核实：低保户", expected_version=1
    )
    assert wish.status == Status.VERIFIED and wish.verified_by == world.people["c1_handler"]
    assert wish.verified_at is not None and wish.verify_note == "入户核实：低保户"
    wish = services.wish_publish(actor=staff, wish=wish)
    assert wish.status == Status.PUBLISHED and wish.published_at is not None


def test_verify_needs_method_and_note(world):
    wish = submit(world)
    staff = world.actor("c1_handler")
    with pytest.raises(InvalidInput, match="请选择核实方式") as exc:
        services.wish_verify(actor=staff, wish=wish, method="guess", note="x")
    assert exc.value.field == "method"
    with pytest.raises(InvalidInput, match="请填写家庭情况的核实结果"):
        services.wish_verify(actor=staff, wish=wish, method="phone", note="  ")


def test_reject_with_a_reason(world):
    wish = submit(world)
    staff = world.actor("gridder")
    with pytest.raises(InvalidInput, match="请写明原因"):
        services.wish_reject(actor=staff, wish=wish, reason="")
    wish = services.wish_reject(actor=staff, wish=wish, reason="已享受同类救助")
    assert wish.status == Status.REJECTED and wish.reject_reason == "已享受同类救助"
    with pytest.raises(
        TransitionNotAllowed, match="只有已核实的心愿才能发布（当前为“核实未通过”）"
    ):
        services.wish_publish(actor=staff, wish=wish)


def test_cadre_outside_the_area_gets_not_found(world):
    wish = submit(world)
    for key in ("c2_handler", "handler", "outsider"):
        with pytest.raises(NotFound, match="您的辖区内没有这个心愿"):
            services.wish_verify(actor=world.actor(key), wish=wish, method="visit", note="看过")
    # Area roles covering the community may: the street's dispatcher, the district supervisor.
    services.wish_verify(actor=world.actor("supervisor"), wish=wish, method="visit", note="看过")


def test_village_cadres_verify_their_village(world, village):
    wish = submit(world, "v_committee", community=village.area)
    secretary = world.actor("v_secretary")
    assert (
        services.wish_verify(
            actor=secretary, wish=wish, method="records", note="查阅低保台账"
        ).status
        == Status.VERIFIED
    )
    with pytest.raises(NotFound):
        services.wish_publish(actor=world.actor("c1_handler"), wish=wish)


def test_stale_version_is_a_conflict(world):
    wish = submit(world)
    staff = world.actor("c1_handler")
    services.wish_verify(actor=staff, wish=wish, method="visit", note="属实")
    with pytest.raises(Conflict, match="刚刚有人修改了这个心愿（现在为“已核实，待发布”）"):
        services.wish_publish(actor=staff, wish=wish, expected_version=1)


def test_transition_table_every_action_and_status():
    for action, transition in TRANSITIONS.items():
        assert isinstance(transition, Transition)
        for status in Status.values:
            assert can(action, status) == (status in transition.sources)
    assert not can("nonsense", Status.SUBMITTED)
    assert set(CLAIM_TRANSITIONS["lapse"].sources) == {ClaimStatus.ACTIVE}
    assert CLAIM_TRANSITIONS["contact"].target == ClaimStatus.CONTACTED


@pytest.mark.parametrize("status", ["submitted", "verified", "published", "claimed", "fulfilled"])
def test_each_staff_action_refused_outside_its_statuses(world, status):
    wish = to_status(world, status)
    staff = world.actor("c1_handler")
    attempts = {
        "verify": lambda: services.wish_verify(actor=staff, wish=wish, method="visit", note="a"),
        "reject": lambda: services.wish_reject(actor=staff, wish=wish, reason="a"),
        "publish": lambda: services.wish_publish(actor=staff, wish=wish),
        "confirm": lambda: services.wish_confirm(
            actor=staff, wish=wish, method="phone", note="电话确认"
        ),
    }
    for action, attempt in attempts.items():
        if can(action, status):
            continue
        with pytest.raises(TransitionNotAllowed) as exc:
            attempt()
        label = str(Status(status).label)
        assert label in str(exc.value), (action, status)
