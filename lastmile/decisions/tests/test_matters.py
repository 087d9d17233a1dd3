"""Registering matters, the 一肩挑 setting, withdrawing, a community's own steps, the transition
table and the tamper-evident record."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.decisions import services
from lastmile.decisions.choices import TRANSITIONS, Body, Status
from lastmile.decisions.models import Matter, Meeting
from lastmile.decisions.services import transition
from lastmile.decisions.tests.helpers import (
    community_registers,
    days_ago,
    hold,
    new_matter,
    secretary,
    to_stage,
)
from lastmile.decisions.verify import verify_matter
from lastmile.orgs.choices import PostKind

pytestmark = pytest.mark.django_db


def test_register_numbers_and_audit(world, village):
    a = new_matter(world)
    b = new_matter(world, title="村集体鱼塘承包")
    year = timezone.localdate().year
    assert (a.number, b.number) == (f"SY-{year}-0001", f"SY-{year}-0002")
    assert a.kind == "village" and not a.merged and a.status == Status.DELIBERATING
    assert [s.number for s in a.steps] == ["1", "2", "3", "4", "5", "6", "7"]
    event = AuditEvent.objects.get(object_type="decision_matter", object_id=str(a.pk))
    assert event.verb == "decisions.register" and event.data["title"] == "村道硬化"


def test_register_needs_title_summary_and_category(world, village):
    for field, over in (("title", {"title": " "}), ("summary", {"summary": ""})):
        with pytest.raises(InvalidInput) as exc:
            new_matter(world, **over)
        assert exc.value.field == field
    with pytest.raises(InvalidInput) as exc:
        new_matter(world, category="nonsense")
    assert exc.value.field == "category"
    with pytest.raises(InvalidInput) as exc:
        new_matter(world, area_key="v1g1")
    assert exc.value.field == "area"
    assert not Matter.objects.exists()


@pytest.mark.parametrize("who", ["c1_handler", "outsider", "supervisor", "handler"])
def test_only_the_villages_cadres_register(world, village, who):
    with pytest.raises(NotPermitted) as exc:
        new_matter(world, who=who)
    assert "桃园村" in str(exc.value)


def test_merging_steps_needs_one_person_in_both_posts(world, village):
    services.setting_update(actor=secretary(world), area=village.area, merge_first_steps=True)
    matter = new_matter(world)
    assert matter.merged
    assert [s.code for s in matter.steps][:2] == ["propose_consult", "review"]
    assert matter.steps[0].number == "1–2"
    with pytest.raises(TransitionNotAllowed):
        hold(secretary(world), matter, body=Body.PARTY_COMMITTEE, step="propose")
    meeting = hold(secretary(world), matter)
    assert meeting.step == "propose_consult" and meeting.body == Body.TWO_COMMITTEES
    matter.refresh_from_db()
    assert matter.current_step.code == "review"


def test_merging_refused_without_one_shoulder(world, village):
    village.secretary.posts.filter(kind=PostKind.VC_CHAIR).update(is_active=False)
    with pytest.raises(InvalidInput) as exc:
        services.setting_update(actor=secretary(world), area=village.area, merge_first_steps=True)
    assert exc.value.field == "merge_first_steps"
    assert "一肩挑" in str(exc.value) and "桃园村" in str(exc.value)


def test_merging_refused_in_a_community_without_one_shoulder(world):
    community_registers(world)  # secretary and committee chair are different people
    with pytest.raises(InvalidInput):
        services.setting_update(
            actor=world.actor("admin"), area=world.areas["c1"], merge_first_steps=True
        )


def test_setting_only_by_the_leader_or_an_administrator(world, village):
    with pytest.raises(NotPermitted):
        services.setting_update(
            actor=world.actor("v_committee"), area=village.area, merge_first_steps=True
        )
    services.setting_update(actor=world.actor("admin"), area=village.area, merge_first_steps=True)


def test_a_merged_setting_no_longer_true_is_not_applied(world, village):
    services.setting_update(actor=secretary(world), area=village.area, merge_first_steps=True)
    village.secretary.posts.filter(kind=PostKind.VC_CHAIR).update(is_active=False)
    assert not new_matter(world).merged


def test_withdraw_needs_a_reason(world, village):
    matter = new_matter(world)
    with pytest.raises(InvalidInput):
        services.matter_withdraw(actor=secretary(world), matter=matter, reason="")
    services.matter_withdraw(actor=secretary(world), matter=matter, reason="上级项目取消")
    matter.refresh_from_db()
    assert matter.status == Status.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        hold(secretary(world), matter)


def test_a_community_uses_its_own_steps(world):
    community_registers(world)
    matter = to_stage(world, "resolved", area_key="c1", title="小区停车位划线")
    assert matter.kind == "community"
    meetings = list(matter.meetings.order_by("step_index"))
    assert [m.body for m in meetings] == [
        Body.PARTY_COMMITTEE,
        Body.TWO_COMMITTEES,
        Body.PARTY_MEMBERS,
        Body.RESIDENTS_REPRESENTATIVES,
    ]
    assert meetings[-1].eligible == 7  # committee chair and member + five representatives
    assert str(matter.steps[3].name) == "居民会议或居民代表会议决议"


def test_residents_assembly_needs_no_announcement(world):
    community_registers(world)
    matter = new_matter(world, area_key="c1", who="c1_handler")
    actor = world.actor("c1_handler")
    for n in range(3):
        hold(actor, matter, held_on=days_ago(9 - n))
    meeting = hold(actor, matter, body=Body.RESIDENTS_ASSEMBLY, present=4)
    assert meeting.eligible == 6 and meeting.announced_on is None and meeting.passed


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", [s.value for s in Status])
def test_transition_table_is_enforced(world, village, action, status):
    matter = new_matter(world)
    Matter.objects.filter(pk=matter.pk).update(status=status)
    matter.refresh_from_db()
    allowed = status in TRANSITIONS[action].sources
    if allowed:
        transition.check(action, matter)
    else:
        with pytest.raises(TransitionNotAllowed):
            transition.check(action, matter)


def test_record_verified_for_a_whole_run(world, village):
    matter = to_stage(world, "resolution_notice")
    services.objection_record(
        actor=secretary(world),
        notice=matter.notices.get(),
        raised_on=days_ago(40),
        text="希望先修五组。",
    )
    check = verify_matter(matter)
    assert check.ok and check.events == 1 + 4 * 3 + 1 + 1
    assert check.problem == ""


def test_changed_votes_break_the_record(world, village):
    matter = to_stage(world, "resolved")
    Meeting.objects.filter(matter=matter, step="review").update(votes_for=3)
    check = verify_matter(matter)
    assert not check.ok and "会议" in check.problem


def test_a_changed_audit_event_breaks_the_record(world, village):
    matter = to_stage(world, "resolved")
    event = AuditEvent.objects.filter(verb="decisions.vote", object_id=str(matter.pk)).first()
    AuditEvent.objects.filter(pk=event.pk).update(data={**event.data, "for": 1})
    check = verify_matter(matter)
    assert not check.ok and f"第 {event.seq} 条" in check.problem


def test_a_changed_status_breaks_the_record(world, village):
    matter = to_stage(world, "resolved")
    Matter.objects.filter(pk=matter.pk).update(status=Status.CLOSED)
    matter.refresh_from_db()
    assert not verify_matter(matter).ok
