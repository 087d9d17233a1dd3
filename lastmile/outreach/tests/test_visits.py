"""民情日志 rules: the visit itself, follow-ups, and a note turned into a concern in one step."""

from __future__ import annotations

import datetime as dt

import pytest

from lastmile.concerns.models import Concern
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.orgs.models import Household
from lastmile.outreach import services
from lastmile.outreach.models import FollowUp, Visit
from lastmile.outreach.tests.helpers import c1_household, log_visit, today

pytestmark = pytest.mark.django_db


def test_log_a_visit_with_a_follow_up(world, village):
    household = village.households[0]
    due = today() + dt.timedelta(days=7)
    visit = log_visit(world, household, followups=[services.NewFollowUp("联系维修队上门查看", due)])
    assert visit.community == village.area and visit.visitor == village.committee[0]
    assert visit.recorded_by == village.committee[0]
    followup = visit.followups.get()
    assert followup.owner == village.committee[0] and followup.due == due
    assert followup.status == "open" and followup.household == household
    event = AuditEvent.objects.get(verb="outreach.visit.logged", object_id=str(visit.pk))
    assert event.data["followups"] == 1 and event.data["household"] == household.pk
    assert "屋顶" not in str(event.data)  # what was heard stays out of the log


def test_visit_dated_today_is_fine_but_not_tomorrow(world, village):
    assert log_visit(world, village.households[0], visited_on=today()).pk
    with pytest.raises(InvalidInput) as refused:
        log_visit(world, village.households[0], visited_on=today() + dt.timedelta(days=1))
    assert refused.value.field == "visited_on"
    assert str(refused.value) == "走访日期不能晚于今天。"
    with pytest.raises(InvalidInput) as refused:
        log_visit(world, village.households[0], visited_on=None)
    assert refused.value.field == "visited_on"


def test_visit_outside_the_cadres_community_is_refused(world, village):
    outside = c1_household(world)
    with pytest.raises(InvalidInput) as refused:
        log_visit(world, outside)
    assert refused.value.field == "household"
    assert "东风社区" in str(refused.value) and "桃园村" in str(refused.value)
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("field", "over"),
    [
        ("people_met", {"people_met": "  "}),
        ("heard", {"heard": ""}),
        ("heard", {"heard": "很" * 2001}),
        ("help_given", {"help_given": "很" * 2001}),
    ],
)
def test_visit_needs_its_fields(world, village, field, over):
    with pytest.raises(InvalidInput) as refused:
        log_visit(world, village.households[0], **over)
    assert refused.value.field == field


def test_follow_up_needs_text_and_a_due_date_not_in_the_past(world, village):
    household = village.households[0]
    with pytest.raises(InvalidInput) as refused:
        log_visit(
            world, household, followups=[services.NewFollowUp("修水管", today() - dt.timedelta(1))]
        )
    assert refused.value.field == "followup_due"
    with pytest.raises(InvalidInput) as refused:
        log_visit(world, household, followups=[services.NewFollowUp(" ", today())])
    assert refused.value.field == "followup_text"
    assert not Visit.objects.exists()  # nothing half-saved


def test_a_manager_records_a_visit_for_a_cadre(world, village):
    cadre = village.committee[1]  # no login: the secretary keeps their log (代录)
    visit = log_visit(world, village.households[2], who="v_secretary", visitor=cadre)
    assert visit.visitor == cadre and visit.recorded_by == village.secretary
    with pytest.raises(NotPermitted):
        log_visit(world, village.households[2], who="v_committee", visitor=cadre)


def test_nobody_without_a_person_logs_visits(world, village):
    from lastmile.orgs.selectors import SYSTEM

    with pytest.raises(NotPermitted):
        services.visit_log(
            actor=SYSTEM,
            household=village.households[0],
            visited_on=today(),
            people_met="户主",
            heard="反映路灯不亮",
        )


def test_follow_up_done_and_undone(world, village):
    visit = log_visit(world, village.households[0])
    followup = services.followup_add(
        actor=world.actor("v_committee"), visit=visit, text="帮忙申请临时救助", due=today()
    )
    with pytest.raises(NotPermitted):  # another cadre's promise
        services.followup_complete(actor=world.actor("c1_handler"), followup=followup)
    with pytest.raises(Conflict):
        services.followup_complete(
            actor=world.actor("v_committee"), followup=followup, expected_version=7
        )
    done = services.followup_complete(
        actor=world.actor("v_committee"), followup=followup, note="已提交申请", expected_version=1
    )
    assert done.status == "done" and done.done_note == "已提交申请" and done.done_at
    with pytest.raises(TransitionNotAllowed) as refused:
        services.followup_complete(actor=world.actor("v_committee"), followup=done)
    assert "已办" in str(refused.value)
    # the secretary may undo a mistaken done mark
    undone = services.followup_reopen(actor=world.actor("v_secretary"), followup=done)
    assert undone.status == "open" and undone.done_at is None
    verbs = list(
        AuditEvent.objects.filter(object_type="followup", object_id=str(followup.pk)).values_list(
            "verb", flat=True
        )
    )
    assert verbs == [
        "outreach.followup.added",
        "outreach.followup.complete",
        "outreach.followup.reopen",
    ]


def test_turn_a_note_into_a_concern_once(world, village):
    household = village.households[0]
    visit = log_visit(world, household)
    result = services.visit_to_concern(actor=world.actor("v_committee"), visit=visit, kind="help")
    concern = result.concern
    assert result.created and len(result.pin) == 6
    assert concern.channel == "visit" and concern.kind == "help" and concern.status == "received"
    assert concern.household == household and concern.area == village.grid
    assert concern.resident_name == household.head_name
    assert concern.resident_phone == household.phone
    assert concern.text == visit.heard
    visit.refresh_from_db()
    assert visit.concern == concern
    again = services.visit_to_concern(actor=world.actor("v_committee"), visit=visit, kind="help")
    assert again.concern.pk == concern.pk and not again.created and again.pin == result.pin
    # a stale copy of the visit (the second click of a double submit) finds it too
    stale = Visit.objects.get(pk=visit.pk)
    stale.concern = None
    assert (
        services.visit_to_concern(actor=world.actor("v_secretary"), visit=stale).concern == concern
    )
    assert Concern.objects.count() == 1
    assert AuditEvent.objects.filter(verb="outreach.visit.converted").count() == 1
    assert AuditEvent.objects.filter(verb="concern.received").count() == 1


def test_the_idempotency_key_finds_the_concern_even_if_the_link_was_lost(world, village):
    visit = log_visit(world, village.households[0])
    first = services.visit_to_concern(actor=world.actor("v_committee"), visit=visit)
    Visit.objects.filter(pk=visit.pk).update(concern=None)  # as if the link were lost
    again = services.visit_to_concern(actor=world.actor("v_committee"), visit=visit)
    assert again.concern.pk == first.concern.pk and not again.created


def test_convert_with_edited_text_and_checks(world, village):
    visit = log_visit(world, village.households[1])
    with pytest.raises(InvalidInput) as refused:
        services.visit_to_concern(actor=world.actor("v_committee"), visit=visit, kind="nonsense")
    assert refused.value.field == "kind"
    with pytest.raises(InvalidInput) as refused:
        services.visit_to_concern(actor=world.actor("v_committee"), visit=visit, text="漏水")
    assert refused.value.field == "text"
    with pytest.raises(NotPermitted):
        services.visit_to_concern(actor=world.actor("c1_handler"), visit=visit)
    made = services.visit_to_concern(
        actor=world.actor("v_committee"),
        visit=visit,
        kind="suggestion",
        title="村道路灯",
        text="村口到小学的路灯坏了三盏，晚上孩子放学不安全",
    )
    assert made.concern.title == "村道路灯" and made.concern.kind == "suggestion"


def test_a_household_phone_that_is_not_a_phone_is_left_out(world, village):
    Household.objects.filter(pk=village.households[3].pk).update(phone="无")
    visit = log_visit(world, Household.objects.get(pk=village.households[3].pk))
    made = services.visit_to_concern(actor=world.actor("v_committee"), visit=visit)
    assert made.concern.resident_phone == ""


def test_at_most_five_follow_ups(world, village):
    many = [services.NewFollowUp(f"事项{i}", today()) for i in range(6)]
    with pytest.raises(InvalidInput):
        log_visit(world, village.households[0], followups=many)
    assert FollowUp.objects.count() == 0
