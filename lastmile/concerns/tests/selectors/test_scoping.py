"""Every read is scoped to the actor: outside their reach is a 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from lastmile.concerns import selectors, services
from lastmile.concerns.choices import Status
from lastmile.concerns.testing import ANONYMOUS, aware, reach, submit
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import AreaLevel, Role, UnitKind
from lastmile.orgs.selectors import actor_for_user


@pytest.fixture
def spread(world):
    """Concerns in both communities, with different lead units, plus an unlocated one."""
    return {
        "housing_c1": reach(world, Status.DISPATCHED, area="c1g1", unit="housing"),
        "sanitation_c2": reach(world, Status.DISPATCHED, area="c2g2", unit="sanitation"),
        "c2_org": reach(world, Status.SIGNED, area="c2g1", unit="c2_org", handler="c2_handler"),
        "received_c1": submit(world, area="c1g2"),
        "unlocated": submit(world, area=None),
    }


@pytest.fixture
def other_street(world):
    street = org_services.area_create(
        name="胜利街道", code="tS2", level=AreaLevel.STREET, parent=world.areas["district"]
    )
    gov = org_services.unit_create(
        name="胜利街道办", code="tU9", kind=UnitKind.GOVERNMENT, area=street
    )
    person = org_services.person_create(name="外街派单员", username="t_s2_dispatcher")
    org_services.membership_add(person=person, unit=gov, role=Role.DISPATCHER, area=street)
    grid_parent = org_services.area_create(
        name="胜利社区", code="tC9", level=AreaLevel.COMMUNITY, parent=street
    )
    return actor_for_user(person.user), grid_parent


def _codes(qs):
    return set(qs.values_list("code", flat=True))


def test_handler_sees_only_their_units_concerns(world, spread):
    handler = world.actor("handler")
    assert _codes(selectors.concern_qs_for_actor(handler)) == {spread["housing_c1"].code}
    selectors.concern_get_for_actor(handler, spread["housing_c1"].code)
    for key in ("sanitation_c2", "c2_org", "received_c1", "unlocated"):
        with pytest.raises(Http404):
            selectors.concern_get_for_actor(handler, spread[key].code)


def test_assisting_unit_sees_the_concern_once(world, spread):
    from lastmile.concerns.models import ConcernAssist

    concern = spread["sanitation_c2"]
    ConcernAssist.objects.create(concern=concern, unit=world.units["housing"])
    ConcernAssist.objects.create(concern=spread["housing_c1"], unit=world.units["sanitation"])
    qs = selectors.concern_qs_for_actor(world.actor("handler"))
    assert sorted(qs.values_list("code", flat=True)) == sorted(
        [spread["housing_c1"].code, concern.code]
    )


def test_dispatcher_sees_their_street_and_unlocated(world, spread, other_street):
    dispatcher = world.actor("dispatcher")
    assert _codes(selectors.concern_qs_for_actor(dispatcher)) == {c.code for c in spread.values()}
    outsider, community = other_street
    elsewhere = submit(world, area=None)
    services.concern_dispatch(
        actor=outsider, concern=elsewhere, unit=world.units["housing"], area=community
    )
    assert elsewhere.code not in _codes(selectors.concern_qs_for_actor(dispatcher))
    seen_by_outsider = _codes(selectors.concern_qs_for_actor(outsider))
    assert seen_by_outsider == {elsewhere.code, spread["unlocated"].code}
    with pytest.raises(Http404):
        selectors.concern_get_for_actor(outsider, spread["housing_c1"].code)


def test_supervisor_sees_the_district_subtree(world, spread, other_street):
    located = {c.code for k, c in spread.items() if k != "unlocated"}
    assert _codes(selectors.concern_qs_for_actor(world.actor("supervisor"))) == located


def test_grid_worker_sees_their_grid(world, spread):
    assert _codes(selectors.concern_qs_for_actor(world.actor("gridder"))) == {
        spread["housing_c1"].code
    }


def test_anonymous_and_outsiders_see_none(world, spread):
    for actor in (ANONYMOUS, world.actor("outsider")):
        assert not selectors.concern_qs_for_actor(actor).exists()
        with pytest.raises(Http404):
            selectors.concern_get_for_actor(actor, spread["housing_c1"].code)


def test_superuser_sees_all(world, spread):
    person = org_services.person_create(name="根", username="t_root", is_superuser=True)
    assert _codes(selectors.concern_qs_for_actor(actor_for_user(person.user))) == {
        c.code for c in spread.values()
    }


def test_board_excludes_diverted(world):
    diverted = reach(world, Status.DIVERTED)
    shown = reach(world, Status.RECEIVED)
    merged = reach(world, Status.MERGED)
    codes = _codes(selectors.board_qs())
    assert diverted.code not in codes and {shown.code, merged.code} <= codes
    with pytest.raises(Http404):
        selectors.board_get(diverted.code)
    assert selectors.board_get(shown.code) == shown
    assert not selectors.board_qs(status=Status.DIVERTED).exists()


def test_board_filters(world):
    c1 = submit(world, area="c1g1", text="东风社区的路灯坏了三天")
    c2 = submit(world, area="c2g1", text="向阳社区垃圾没人清理")
    assert _codes(selectors.board_qs(area_id=world.areas["c1"].pk)) == {c1.code}
    assert _codes(selectors.board_qs(query="垃圾")) == {c2.code}
    assert _codes(selectors.board_qs(query=c1.code)) == {c1.code}
    assert not selectors.board_qs(area_id=999999).exists()


def test_track_get_needs_the_right_pin(world):
    result = services.concern_submit(
        actor=ANONYMOUS, channel="web", kind="complaint", text="家门口的下水道堵了"
    )
    code, pin = result.concern.code, result.pin
    assert selectors.track_get(code, pin) == result.concern
    assert selectors.track_get(f" {code.lower()} ", f" {pin} ") == result.concern
    wrong = f"{(int(pin) + 1) % 1_000_000:06d}"
    assert selectors.track_get(code, wrong) is None
    assert selectors.track_get(code, "") is None
    assert selectors.track_get("NOPE", pin) is None


def test_inbox_buckets(world):
    with_now = aware(2026, 9, 30, 16)
    from lastmile.concerns.testing import frozen

    with frozen(with_now):
        new = reach(world, Status.DISPATCHED)
        in_hand = reach(world, Status.IN_PROGRESS)
        replied = reach(world, Status.REPLIED)
    inbox = selectors.inbox_for_actor(world.actor("handler"), now=aware(2026, 10, 8, 10))
    assert [c.code for c in inbox.new] == [new.code]
    assert [c.code for c in inbox.overdue] == [new.code]  # sign-for due 10-08 09:30
    assert [c.code for c in inbox.in_hand] == [in_hand.code]
    assert [c.code for c in inbox.awaiting_callback] == [replied.code]
    assert inbox.counts["in_hand"] == 1
    other = selectors.inbox_for_actor(world.actor("handler2"), now=aware(2026, 10, 8, 10))
    assert sum(other.counts.values()) == 0


def test_dispatch_queue_and_supervision(world, spread):
    objected = reach(world, Status.OBJECTED)
    queue = _codes(selectors.dispatch_queue_for_actor(world.actor("dispatcher")))
    assert {spread["received_c1"].code, spread["unlocated"].code, objected.code} <= queue
    assert spread["housing_c1"].code not in queue
    assert not selectors.dispatch_queue_for_actor(world.actor("handler")).exists()
    stop = reach(world, Status.STOP_REQUESTED)
    assert stop.code in _codes(selectors.supervision_for_actor(world.actor("supervisor")))
    assert not selectors.supervision_for_actor(world.actor("dispatcher")).exists()


def test_timeline_lists_the_concerns_events_without_me_too(world):
    concern = reach(world, Status.SIGNED)
    services.concern_me_too(concern=concern, fingerprint="fp")
    verbs = [e.verb for e in selectors.timeline(concern)]
    assert verbs == ["concern.received", "concern.dispatch", "concern.sign"]


def test_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    for _ in range(5):
        reach(world, Status.DISPATCHED)
    dispatcher = world.actor("dispatcher")
    with django_assert_max_num_queries(1):
        rows = list(selectors.concern_qs_for_actor(dispatcher))
        _ = [(c.area and c.area.name, c.lead_unit and c.lead_unit.name) for c in rows]
