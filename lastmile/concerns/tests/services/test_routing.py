"""Dispatch by the table, merge, divert, answer at intake."""

from __future__ import annotations

import pytest

from lastmile.concerns import services
from lastmile.concerns.choices import Diversion, Kind, Status, Urgency
from lastmile.concerns.models import Category, ConcernAssist, DispatchRule
from lastmile.concerns.testing import fresh, reach, submit
from lastmile.core.errors import InvalidInput
from lastmile.core.models import AuditEvent


@pytest.fixture
def cats(db):
    top = Category.objects.create(code="T1", name="城乡建设", level=1)
    mid = Category.objects.create(code="T1.1", name="住房", level=2, parent=top)
    leaf = Category.objects.create(code="T1.1.1", name="物业", level=3, parent=mid)
    return top, mid, leaf


def test_route_most_specific_rule_wins(world, cats):
    top, mid, leaf = cats
    a = world.areas
    DispatchRule.objects.create(area=a["district"], unit=world.units["sanitation"])
    DispatchRule.objects.create(category=top, area=a["district"], unit=world.units["housing"])
    DispatchRule.objects.create(category=mid, area=a["c1"], unit=world.units["c1_org"])
    route = services.route
    assert route(category=leaf, area=a["c1g1"]).unit == world.units["c1_org"]  # deepest category
    assert route(category=leaf, area=a["c2g1"]).unit == world.units["housing"]
    assert route(category=None, area=a["c2g1"]).unit == world.units["sanitation"]
    assert route(category=leaf, area=None).unit is None


def test_route_falls_back_to_the_area_government(world):
    found = services.route(category=None, area=world.areas["c1g1"])
    assert (found.unit, found.how, found.rule) == (world.units["street_gov"], "area", None)


def test_dispatch_by_rule_with_assists(world, cats):
    rule = DispatchRule.objects.create(
        category=cats[0], area=world.areas["street"], unit=world.units["housing"]
    )
    rule.assist_units.set([world.units["sanitation"], world.units["housing"]])
    concern = submit(world, category=cats[2])
    concern = services.concern_dispatch(actor=world.actor("dispatcher"), concern=concern)
    assert concern.lead_unit == world.units["housing"] and concern.dispatch_rule == rule
    assists = ConcernAssist.objects.filter(concern=concern).values_list("unit", flat=True)
    assert list(assists) == [world.units["sanitation"].pk]  # never the lead itself
    event = AuditEvent.objects.filter(verb="concern.dispatch").get()
    assert event.data["how"] == "rule" and event.data["unit_id"] == world.units["housing"].pk


def test_dispatch_changes_kind_and_urgency(world):
    concern = submit(world, kind=Kind.COMPLAINT)
    concern = services.concern_dispatch(
        actor=world.actor("dispatcher"),
        concern=concern,
        unit=world.units["housing"],
        kind=Kind.CONSULT,
        urgency=Urgency.URGENT,
    )
    stored = fresh(concern)
    assert (stored.kind, stored.urgency, stored.dispatch_round) == ("consult", "urgent", 1)
    for bad in ({"kind": "x"}, {"urgency": "y"}):
        with pytest.raises(InvalidInput):
            services.concern_dispatch(
                actor=world.actor("dispatcher"),
                concern=submit(world),
                unit=world.units["housing"],
                **bad,
            )


def test_dispatch_to_an_inactive_unit_is_refused(world):
    unit = world.units["sanitation"]
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    with pytest.raises(InvalidInput) as info:
        services.concern_dispatch(actor=world.actor("dispatcher"), concern=submit(world), unit=unit)
    assert info.value.field == "unit"


def test_unlocated_concern_needs_a_unit(world):
    concern = submit(world, area=None)
    with pytest.raises(InvalidInput) as info:
        services.concern_dispatch(actor=world.actor("dispatcher"), concern=concern)
    assert info.value.field == "unit"


def test_upheld_objection_refuses_an_inactive_unit(world):
    concern = reach(world, Status.OBJECTED)
    unit = world.units["sanitation"]
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    with pytest.raises(InvalidInput):
        services.concern_objection_review(
            actor=world.actor("dispatcher"),
            concern=concern,
            upheld=True,
            note="改派",
            new_unit=unit,
        )


# ---- merge ---------------------------------------------------------------------------------


def _merge(world, concern, parent):
    return services.concern_merge(actor=world.actor("dispatcher"), concern=concern, parent=parent)


def test_merge_counts_on_the_parent(world):
    parent = reach(world, Status.IN_PROGRESS)
    child = reach(world, Status.DISPATCHED)
    child = _merge(world, child, parent)
    assert child.status == Status.MERGED and child.parent == parent and child.closed_at
    assert fresh(parent).me_too_count == 1
    assert fresh(parent).status == Status.IN_PROGRESS
    note = AuditEvent.objects.get(verb="concern.merged_in")
    assert note.object_id == str(parent.pk) and note.data == {"child": child.code}


def test_merge_into_itself_is_refused(world):
    concern = reach(world, Status.RECEIVED)
    with pytest.raises(InvalidInput) as info:
        _merge(world, concern, concern)
    assert info.value.field == "parent"


@pytest.mark.parametrize("status", [Status.DIVERTED, Status.MERGED, Status.STOPPED])
def test_merge_into_terminal_is_refused(world, status):
    parent = reach(world, status)
    concern = reach(world, Status.RECEIVED)
    with pytest.raises(InvalidInput) as info:
        _merge(world, concern, parent)
    assert info.value.field == "parent"
    assert fresh(concern).status == Status.RECEIVED


def test_merge_checks_the_parent_as_stored_not_a_stale_copy(world):
    parent = reach(world, Status.RECEIVED)
    stale = fresh(parent)
    _merge(world, parent, reach(world, Status.RECEIVED))  # the parent itself is merged away
    with pytest.raises(InvalidInput):
        _merge(world, reach(world, Status.RECEIVED), stale)


# ---- divert and answer -----------------------------------------------------------------------


@pytest.mark.parametrize("case", list(Diversion))
def test_divert_each_case(world, case):
    repeat_of = submit(world) if case == Diversion.REPEAT else None
    concern = services.concern_divert(
        actor=world.actor("dispatcher"),
        concern=submit(world),
        case=case,
        note=" 请走法定渠道办理 ",
        repeat_of=repeat_of,
    )
    stored = fresh(concern)
    assert stored.status == Status.DIVERTED
    assert (stored.diversion, stored.diversion_note) == (case, "请走法定渠道办理")
    assert stored.closed_at is not None


@pytest.mark.parametrize(
    ("case", "note", "field"),
    [
        ("lottery", "请走法定渠道", "case"),
        (Diversion.UNLAWFUL, "", "note"),
        (Diversion.REPEAT, " 无 ", "note"),
    ],
)
def test_divert_needs_a_case_and_a_note(world, case, note, field):
    concern = submit(world)
    with pytest.raises(InvalidInput) as info:
        services.concern_divert(
            actor=world.actor("dispatcher"), concern=concern, case=case, note=note
        )
    assert info.value.field == field
    assert fresh(concern).status == Status.RECEIVED


def test_answer_consult_only(world):
    with pytest.raises(InvalidInput):
        services.concern_answer(
            actor=world.actor("dispatcher"),
            concern=submit(world, kind=Kind.HELP),
            answer="这样办理",
        )
    concern = services.concern_answer(
        actor=world.actor("dispatcher"),
        concern=submit(world, kind=Kind.CONSULT),
        answer="带身份证到服务中心",
    )
    stored = fresh(concern)
    assert stored.status == Status.ANSWERED
    assert stored.reply_resolved is True and stored.callback_due > stored.replied_at
    with pytest.raises(InvalidInput):
        services.concern_answer(
            actor=world.actor("dispatcher"), concern=submit(world, kind=Kind.CONSULT), answer="好"
        )


def test_a_repeat_is_diverted_to_the_concern_it_repeats(world):
    from lastmile.concerns.choices import Diversion
    from lastmile.concerns.testing import submit
    from lastmile.core.errors import InvalidInput

    original = submit(world)
    repeat = submit(world)
    dispatcher = world.actor("dispatcher")
    with pytest.raises(InvalidInput) as error:
        services.concern_divert(
            actor=dispatcher, concern=repeat, case=Diversion.REPEAT, note="重复反映，无新情况"
        )
    assert error.value.field == "repeat_of"
    diverted = services.concern_divert(
        actor=dispatcher,
        concern=repeat,
        case=Diversion.REPEAT,
        note="重复反映，无新情况",
        repeat_of=original,
    )
    assert diverted.parent_id == original.pk and diverted.status == "diverted"
    other = services.concern_divert(
        actor=dispatcher,
        concern=submit(world),
        case=Diversion.EMERGENCY,
        note="请拨打110",
        repeat_of=original,
    )
    assert other.parent_id is None  # only a repeat links to another concern
