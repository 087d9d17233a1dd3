"""Meeting steps: order, rolls, quorum and majority at their exact thresholds, failure and
re-holding after a revision, the assembly's announcement."""

from __future__ import annotations

import pytest

from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.decisions import services
from lastmile.decisions.choices import Basis, Body, FailReason, Outcome, Status
from lastmile.decisions.models import Meeting, RollEntry
from lastmile.decisions.registers import roll_for
from lastmile.decisions.tests.helpers import days_ago, hold, new_matter, secretary

pytestmark = pytest.mark.django_db


def at_review(world):
    """A village matter whose next step is the party members' meeting (step 3)."""
    matter = new_matter(world)
    hold(secretary(world), matter, held_on=days_ago(10))
    hold(secretary(world), matter, held_on=days_ago(9))
    matter.refresh_from_db()
    assert matter.current_step.code == "review"
    return matter


def test_rolls_come_from_the_registers(world, village):
    area = village.area
    committee = roll_for(area, Body.PARTY_COMMITTEE)
    assert committee.eligible == 3  # secretary + two party committee members
    assert roll_for(area, Body.TWO_COMMITTEES).eligible == 5  # 一肩挑 counts once
    assert roll_for(area, Body.PARTY_MEMBERS).eligible == 12
    # the representatives' meeting: the villagers' committee (chair + 2) and 9 representatives
    assert roll_for(area, Body.VILLAGERS_REPRESENTATIVES).eligible == 12
    assert roll_for(area, Body.VILLAGERS_ASSEMBLY, Basis.ADULTS).eligible == 36
    assert roll_for(area, Body.VILLAGERS_ASSEMBLY, Basis.HOUSEHOLDS).eligible == 12
    first = roll_for(area, Body.TWO_COMMITTEES).members[0]
    assert first.name == "桃园书记" and first.label == "桃园书记（党组织书记、村（居）委会主任）"


def test_steps_in_order_and_audited(world, village):
    matter = new_matter(world)
    meeting = hold(secretary(world), matter, held_on=days_ago(3))
    matter.refresh_from_db()
    assert meeting.outcome == Outcome.PASSED and meeting.eligible == 3 and meeting.present == 3
    assert matter.step_index == 1 and matter.status == Status.DELIBERATING
    assert RollEntry.objects.filter(meeting=meeting, present=True).count() == 3
    verbs = list(
        AuditEvent.objects.filter(object_type="decision_matter", object_id=str(matter.pk))
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "decisions.register",
        "decisions.meeting",
        "decisions.vote",
        "decisions.step_passed",
    ]


def test_a_step_out_of_order_is_refused(world, village):
    matter = new_matter(world)
    with pytest.raises(TransitionNotAllowed) as exc:
        services.meeting_record(
            actor=secretary(world),
            matter=matter,
            step="review",
            body=Body.PARTY_MEMBERS,
            held_on=days_ago(1),
            attendee_ids=[m.pk for m in village.members],
            votes_for=12,
            votes_against=0,
            votes_abstain=0,
        )
    assert "不能跳过" in str(exc.value) and "党支部会提议" in str(exc.value)
    with pytest.raises(TransitionNotAllowed):
        services.notice_post(
            actor=secretary(world), matter=matter, step="resolution_notice", title="t", body="b"
        )
    assert not Meeting.objects.exists()


def test_the_wrong_body_for_a_step_is_refused(world, village):
    matter = new_matter(world)
    with pytest.raises(InvalidInput) as exc:
        hold(secretary(world), matter, body=Body.PARTY_MEMBERS)
    assert exc.value.field == "body"


@pytest.mark.parametrize(("present", "outcome"), [(8, Outcome.PASSED), (7, Outcome.FAILED)])
def test_party_members_meeting_needs_two_thirds(world, village, present, outcome):
    matter = at_review(world)
    meeting = hold(secretary(world), matter, present=present, held_on=days_ago(8))
    assert (meeting.eligible, meeting.present, meeting.outcome) == (12, present, outcome)
    if outcome == Outcome.FAILED:
        assert meeting.failure == FailReason.QUORUM


@pytest.mark.parametrize(
    ("body", "basis", "eligible", "at_threshold"),
    [
        (Body.PARTY_COMMITTEE, "", 3, 2),
        (Body.TWO_COMMITTEES, "", 5, 3),
        (Body.TWO_COMMITTEES, "", 4, 3),  # exactly half is not more than half
        (Body.PARTY_MEMBERS, "", 12, 8),
        (Body.PARTY_MEMBERS, "", 13, 9),  # 3*9 >= 26; 3*8 < 26
        (Body.VILLAGERS_ASSEMBLY, Basis.ADULTS, 36, 19),
        (Body.VILLAGERS_ASSEMBLY, Basis.HOUSEHOLDS, 12, 8),
        (Body.VILLAGERS_REPRESENTATIVES, "", 12, 8),
        (Body.RESIDENTS_ASSEMBLY, Basis.HOUSEHOLDS, 10, 6),
        (Body.RESIDENTS_REPRESENTATIVES, "", 9, 6),
    ],
)
def test_quorum_exactly_at_the_threshold_and_one_below(body, basis, eligible, at_threshold):
    assert services.decide(body, basis, eligible, at_threshold, at_threshold) == ""
    below = at_threshold - 1
    assert services.decide(body, basis, eligible, below, below) == FailReason.QUORUM


@pytest.mark.parametrize(
    ("present", "votes_for", "passes"),
    [(8, 5, True), (8, 4, False), (9, 5, True), (9, 4, False), (12, 7, True), (12, 6, False)],
)
def test_majority_is_more_than_half_of_those_present(present, votes_for, passes):
    failure = services.decide(Body.PARTY_MEMBERS, "", 12, present, votes_for)
    assert failure == ("" if passes else FailReason.MAJORITY)


def test_a_tie_fails(world, village):
    matter = at_review(world)
    meeting = hold(secretary(world), matter, present=10, votes_for=5, against=5)
    assert meeting.outcome == Outcome.FAILED and meeting.failure == FailReason.MAJORITY
    matter.refresh_from_db()
    assert matter.status == Status.REVISING


def test_abstentions_count_as_present_but_not_for(world, village):
    matter = at_review(world)
    meeting = hold(secretary(world), matter, present=10, votes_for=5, against=1, abstain=4)
    assert meeting.failure == FailReason.MAJORITY


def test_votes_above_attendance_are_refused(world, village):
    matter = at_review(world)
    with pytest.raises(InvalidInput) as exc:
        hold(secretary(world), matter, present=8, votes_for=6, against=2, abstain=1)
    assert exc.value.field == "votes_for"
    assert "超过" in str(exc.value) and "8" in str(exc.value)
    assert Meeting.objects.filter(step="review").count() == 0


def test_attendance_by_a_non_member_is_refused(world, village):
    matter = at_review(world)
    outsider = village.representatives[0]  # a representative, not a party member
    ids = [m.pk for m in village.members[:8]] + [outsider.pk]
    with pytest.raises(InvalidInput) as exc:
        hold(secretary(world), matter, attendee_ids=ids)
    assert exc.value.field == "attendees"
    assert "桃园代表0" in str(exc.value) and "党员大会" in str(exc.value)


def test_failed_step_needs_a_revision_then_is_held_again(world, village):
    matter = at_review(world)
    hold(secretary(world), matter, present=7, held_on=days_ago(8))
    matter.refresh_from_db()
    assert matter.status == Status.REVISING and matter.current_step.code == "review"
    with pytest.raises(TransitionNotAllowed) as exc:
        hold(secretary(world), matter, held_on=days_ago(5))
    assert "修改" in str(exc.value)
    with pytest.raises(InvalidInput) as exc:
        services.matter_revise(actor=secretary(world), matter=matter, note="  ")
    assert exc.value.field == "note"
    services.matter_revise(
        actor=secretary(world),
        matter=matter,
        note="补充了预算明细，改为分两期实施",
        summary="分两期硬化村道，一期三组至四组。",
    )
    matter.refresh_from_db()
    assert matter.status == Status.DELIBERATING and matter.revision_count == 1
    assert matter.revisions.get().old_summary.startswith("硬化三组")
    again = hold(secretary(world), matter, held_on=days_ago(5))
    assert again.attempt == 2 and again.outcome == Outcome.PASSED
    matter.refresh_from_db()
    assert matter.current_step.code == "resolve"


def test_assembly_announced_less_than_ten_days_ahead_is_refused(world, village):
    matter = at_review(world)
    hold(secretary(world), matter, held_on=days_ago(8))
    with pytest.raises(InvalidInput) as exc:
        hold(
            secretary(world),
            matter,
            body=Body.VILLAGERS_ASSEMBLY,
            held_on=days_ago(1),
            announced_on=days_ago(10),
        )
    assert exc.value.field == "announced_on"
    assert "10" in str(exc.value) and "9" in str(exc.value)
    meeting = hold(
        secretary(world),
        matter,
        body=Body.VILLAGERS_ASSEMBLY,
        held_on=days_ago(1),
        announced_on=days_ago(11),
        present=19,
    )
    assert meeting.outcome == Outcome.PASSED and meeting.announced_on == days_ago(11)
    matter.refresh_from_db()
    assert matter.status == Status.RESOLVED


def test_assembly_head_count_cannot_exceed_the_register(world, village):
    matter = at_review(world)
    hold(secretary(world), matter, held_on=days_ago(8))
    with pytest.raises(InvalidInput) as exc:
        hold(secretary(world), matter, body=Body.VILLAGERS_ASSEMBLY, present=37)
    assert exc.value.field == "present_count"


def test_households_basis_needs_two_thirds(world, village):
    matter = at_review(world)
    hold(secretary(world), matter, held_on=days_ago(8))
    meeting = hold(
        secretary(world), matter, body=Body.VILLAGERS_ASSEMBLY, basis=Basis.HOUSEHOLDS, present=7
    )
    assert (meeting.eligible, meeting.failure) == (12, FailReason.QUORUM)


def test_dates_in_the_future_or_before_the_previous_step_are_refused(world, village):
    matter = new_matter(world)
    with pytest.raises(InvalidInput) as exc:
        hold(secretary(world), matter, held_on=days_ago(-1))
    assert exc.value.field == "held_on"
    hold(secretary(world), matter, held_on=days_ago(5))
    with pytest.raises(InvalidInput) as exc:
        hold(secretary(world), matter, held_on=days_ago(6))
    assert "之前" in str(exc.value) or "早于" in str(exc.value)


def test_outsiders_residents_and_area_roles_cannot_record(world, village):
    matter = new_matter(world)
    for key in ("c1_handler", "outsider", "supervisor", "dispatcher"):
        with pytest.raises(NotPermitted):
            hold(world.actor(key), matter)
    hold(world.actor("v_committee"), matter)  # a cadre of the village's own unit


def test_stale_version_is_a_conflict(world, village):
    matter = new_matter(world)
    hold(secretary(world), matter)
    with pytest.raises(Conflict):
        hold(secretary(world), matter, expected_version=1)


def test_nobody_on_the_roll_is_refused(world, village):
    matter = new_matter(world)
    village.secretary.posts.update(is_active=False)
    for person in village.committee:
        person.posts.update(is_active=False)
    with pytest.raises(InvalidInput) as exc:
        hold(secretary(world), matter, attendee_ids=[])
    assert "名册" in str(exc.value)
