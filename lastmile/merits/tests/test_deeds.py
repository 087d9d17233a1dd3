"""Deeds: recorded by a grid worker or self-reported, reviewed by a cadre, pointed on approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.merits.choices import DeedSource, DeedStatus
from lastmile.merits.models import PointsEntry, RuleItem
from lastmile.merits.services import deeds as services
from lastmile.merits.services.points import points_balance
from lastmile.merits.tests.conftest import Rules, approve, record
from lastmile.notify.models import Notification
from lastmile.orgs.models import Person
from lastmile.orgs.testing import World

pytestmark = pytest.mark.django_db


def test_grid_worker_records_a_deed_for_someone_in_their_grid(
    world: World, rules: Rules, resident: Person
) -> None:
    deed = record(world, rules, resident)
    assert deed.status == DeedStatus.PENDING
    assert deed.source == DeedSource.STAFF
    assert deed.community == world.areas["c1"]
    assert deed.area == world.areas["c1g1"]
    assert deed.reported_by == world.people["gridder"]
    assert not deed.name_public and deed.consent_recorded_at is None
    assert AuditEvent.objects.filter(verb="merits.deed.recorded", object_id=str(deed.pk)).exists()
    assert points_balance(resident) == 0


def test_consent_to_be_named_is_recorded_with_who_and_when(
    world: World, rules: Rules, resident: Person
) -> None:
    deed = record(world, rules, resident, name_public=True)
    assert deed.name_public
    assert deed.consent_recorded_by == world.people["gridder"]
    assert deed.consent_recorded_at is not None


def test_grid_worker_cannot_record_outside_their_grid(
    world: World, rules: Rules, resident2: Person
) -> None:
    with pytest.raises(InvalidInput) as exc:
        record(world, rules, resident2)
    assert exc.value.field == "person"
    assert str(exc.value) == "李大山不住在您的辖区。"


def test_department_staff_cannot_record_deeds(world: World, rules: Rules, resident: Person) -> None:
    with pytest.raises(NotPermitted):
        record(world, rules, resident, key="handler")


def test_cadre_approves_and_the_person_earns_the_points(
    world: World, rules: Rules, resident: Person
) -> None:
    deed = approve(world, record(world, rules, resident))
    assert deed.status == DeedStatus.APPROVED
    assert deed.points == 10 and deed.rule_points == 10
    assert deed.reviewed_by == world.people["c1_handler"]
    entry = PointsEntry.objects.get(cause=f"deed:{deed.pk}")
    assert entry.points == 10 and entry.person == resident
    assert points_balance(resident) == 10
    assert AuditEvent.objects.filter(verb="merits.deed.approve").count() == 1
    note = Notification.objects.get(template="merits_deed_approved")
    assert note.recipient_user == resident.user


def test_street_dispatcher_covers_the_community_and_may_review(
    world: World, rules: Rules, resident: Person
) -> None:
    deed = approve(world, record(world, rules, resident), key="dispatcher")
    assert deed.status == DeedStatus.APPROVED


def test_approving_twice_is_refused_naming_the_status(
    world: World, rules: Rules, resident: Person
) -> None:
    deed = approve(world, record(world, rules, resident))
    with pytest.raises(TransitionNotAllowed) as exc:
        approve(world, deed)
    assert "已批准" in str(exc.value)
    assert PointsEntry.objects.count() == 1


def test_stale_version_is_a_conflict(world: World, rules: Rules, resident: Person) -> None:
    deed = record(world, rules, resident)
    with pytest.raises(Conflict):
        services.deed_approve(actor=world.actor("c1_handler"), deed=deed, expected_version=7)


@pytest.mark.parametrize("key", ["c2_handler", "gridder", "handler"])
def test_only_a_cadre_of_that_community_reviews(
    world: World, rules: Rules, resident: Person, key: str
) -> None:
    deed = record(world, rules, resident)
    with pytest.raises(NotPermitted):
        approve(world, deed, key=key)
    deed.refresh_from_db()
    assert deed.status == DeedStatus.PENDING


def test_nobody_reviews_a_deed_they_recorded(world: World, rules: Rules, resident: Person) -> None:
    deed = record(world, rules, resident, key="c1_handler")
    with pytest.raises(NotPermitted) as exc:
        approve(world, deed, key="c1_handler")
    assert "另一位干部" in str(exc.value)


def test_reject_needs_a_reason_and_earns_nothing(
    world: World, rules: Rules, resident: Person
) -> None:
    deed = record(world, rules, resident)
    actor = world.actor("c1_handler")
    with pytest.raises(InvalidInput) as exc:
        services.deed_reject(actor=actor, deed=deed, reason="  ")
    assert exc.value.field == "reason"
    deed = services.deed_reject(actor=actor, deed=deed, reason="经核实与事实不符")
    assert deed.status == DeedStatus.REJECTED
    assert deed.reject_reason == "经核实与事实不符"
    assert points_balance(resident) == 0
    assert Notification.objects.filter(template="merits_deed_rejected").count() == 1


def test_points_per_hour_are_rounded(world: World, rules: Rules, resident: Person) -> None:
    deed = approve(world, record(world, rules, resident, item=rules.hourly, hours="2.5"))
    assert deed.hours == Decimal("2.5")
    assert deed.points == 13  # 2.5 h × 5, half up


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (None, "请填写服务时长。"),
        ("0", "服务时长必须大于零。"),
        ("-2", "服务时长必须大于零。"),
        ("25", "一天最多 24 小时。"),
        ("abc", "服务时长须为数字，如 2.5。"),
    ],
)
def test_hours_must_be_positive_and_not_absurd(
    world: World, rules: Rules, resident: Person, hours: str | None, message: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        record(world, rules, resident, item=rules.hourly, hours=hours)
    assert exc.value.field == "hours"
    assert str(exc.value) == message


def test_hours_of_one_day_add_up_to_at_most_24(
    world: World, rules: Rules, resident: Person
) -> None:
    day = timezone.localdate() - dt.timedelta(days=1)
    first = record(world, rules, resident, item=rules.hourly, hours="20", occurred_on=day)
    with pytest.raises(InvalidInput) as exc:
        record(world, rules, resident, item=rules.hourly, hours="5", occurred_on=day)
    assert "20" in str(exc.value)
    # Another day is fine; and a rejected deed's hours no longer count.
    record(world, rules, resident, item=rules.hourly, hours="5")
    services.deed_reject(actor=world.actor("c1_handler"), deed=first, reason="重复登记")
    record(world, rules, resident, item=rules.hourly, hours="5", occurred_on=day)


def test_rule_table_changes_do_not_change_past_entries(
    world: World, rules: Rules, resident: Person
) -> None:
    first = approve(world, record(world, rules, resident))
    RuleItem.objects.filter(pk=rules.helping.pk).update(points=25)
    second = approve(world, record(world, rules, resident, title="帮邻居修水管"))
    first.refresh_from_db()
    assert (first.points, first.rule_points) == (10, 10)
    assert (second.points, second.rule_points) == (25, 25)
    assert PointsEntry.objects.get(cause=f"deed:{first.pk}").points == 10
    assert points_balance(resident) == 35


def test_dates_in_the_future_or_long_ago_are_refused(
    world: World, rules: Rules, resident: Person
) -> None:
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as exc:
        record(world, rules, resident, occurred_on=today + dt.timedelta(days=1))
    assert exc.value.field == "occurred_on"
    with pytest.raises(InvalidInput):
        record(world, rules, resident, occurred_on=today - dt.timedelta(days=400))


def test_inactive_rule_and_empty_title_are_refused(
    world: World, rules: Rules, resident: Person
) -> None:
    with pytest.raises(InvalidInput) as exc:
        record(world, rules, resident, title="  ")
    assert exc.value.field == "title"
    RuleItem.objects.filter(pk=rules.helping.pk).update(is_active=False)
    rules.helping.refresh_from_db()
    with pytest.raises(InvalidInput) as exc:
        record(world, rules, resident)
    assert exc.value.field == "item"


def test_self_report_by_a_logged_in_resident(world: World, rules: Rules, resident: Person) -> None:
    from lastmile.orgs.selectors import actor_for_user

    deed = services.deed_self_report(
        actor=actor_for_user(resident.user),
        item=rules.hourly,
        title="参加社区垃圾分类宣传",
        occurred_on=timezone.localdate(),
        hours=3,
        name_public=True,
    )
    assert deed.source == DeedSource.SELF and deed.person == resident
    assert deed.consent_recorded_by == resident
    approve(world, deed)
    assert points_balance(resident) == 15


def test_self_report_needs_a_person(world: World, rules: Rules) -> None:
    from lastmile.orgs.selectors import Actor

    with pytest.raises(NotPermitted):
        services.deed_self_report(
            actor=Actor(user_id=None, label="anonymous"),
            item=rules.helping,
            title="x",
            occurred_on=timezone.localdate(),
        )


def test_someone_without_a_home_community_cannot_self_report(world: World, rules: Rules) -> None:
    with pytest.raises(InvalidInput) as exc:
        services.deed_self_report(
            actor=world.actor("outsider"),
            item=rules.helping,
            title="帮邻居搬家",
            occurred_on=timezone.localdate(),
        )
    assert "所在社区" in str(exc.value)


def test_village_household_members_belong_to_the_village(
    world: World, village: object, rules: Rules
) -> None:
    from lastmile.orgs.testing import Village

    assert isinstance(village, Village)
    person = village.representatives[0]
    deed = services.deed_record(
        actor=world.actor("v_secretary"),
        person=person,
        item=rules.helping,
        title="带头清理村道垃圾",
        occurred_on=timezone.localdate(),
    )
    assert deed.community == village.area and deed.area == village.grid
    approved = approve(world, deed, key="v_committee")
    assert approved.points == 10
