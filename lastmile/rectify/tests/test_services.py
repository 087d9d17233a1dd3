from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.rectify import services
from lastmile.rectify.choices import TRANSITIONS, Status
from lastmile.rectify.models import LedgerItem
from lastmile.rectify.services.numbers import next_number
from lastmile.rectify.tests.helpers import register, to_status

pytestmark = pytest.mark.django_db
STATUSES = [s.value for s in Status]


def test_register_numbers_and_audit(world):
    a = register(world)
    b = register(world, title="路灯不亮")
    year = timezone.localdate().year
    assert a.number == f"ZG-{year}-0001"
    assert b.number == f"ZG-{year}-0002"
    assert a.status == Status.REGISTERED
    events = AuditEvent.objects.filter(object_type="ledger_item", object_id=str(a.pk))
    assert [e.verb for e in events] == ["rectify.register"]


def test_numbers_are_unique_per_year(db):
    numbers = [next_number(2026) for _ in range(5)] + [next_number(2027)]
    assert len(set(numbers)) == 6
    assert numbers[-1] == "ZG-2027-0001"
    assert numbers[4] == "ZG-2026-0005"


@pytest.mark.parametrize(
    "field", ["title", "content", "owner_unit", "standard_of_done", "measures", "deadline"]
)
def test_each_missing_fixed_item_is_named(world, field):
    blank = None if field in ("owner_unit", "deadline") else "  "
    with pytest.raises(services.FiveItemsMissing) as exc:
        register(world, **{field: blank})
    assert exc.value.missing == [field]
    assert exc.value.field == field
    assert not LedgerItem.objects.exists()


def test_all_missing_items_named_at_once(world):
    with pytest.raises(services.FiveItemsMissing) as exc:
        register(world, standard_of_done="", measures="")
    assert exc.value.missing == ["standard_of_done", "measures"]
    assert "整改标准" in str(exc.value) and "整改措施" in str(exc.value)  # Chinese by default


def test_deadline_in_past_refused(world):
    with pytest.raises(InvalidInput) as exc:
        register(world, deadline=timezone.localdate() - dt.timedelta(days=1))
    assert exc.value.field == "deadline"


def test_register_only_for_reachable_units(world):
    with pytest.raises(NotPermitted):
        register(world, who="c2_handler")  # another community's unit
    with pytest.raises(NotPermitted):
        register(world, who="outsider")
    assert register(world, who="dispatcher").owner_unit == world.units["c1_org"]  # superior unit
    assert register(world, who="supervisor").pk


def test_owner_person_must_work_in_unit(world):
    with pytest.raises(InvalidInput) as exc:
        register(world, owner_person=world.people["c2_handler"])
    assert exc.value.field == "owner_person"
    assert register(world, owner_person=world.people["c1_handler"]).owner_person_id


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("status", STATUSES)
def test_every_transition_allowed_or_refused(world, action, status):
    item = to_status(world, status)
    owner, superior = world.actor("c1_handler"), world.actor("dispatcher")
    calls = {
        "start": lambda: services.item_start(actor=owner, item=item),
        "submit": lambda: services.item_submit(actor=owner, item=item, summary="完成"),
        "accept": lambda: services.item_accept(actor=superior, item=item, satisfaction="satisfied"),
        "reopen": lambda: services.item_reopen(
            actor=superior, item=item, reason="recurred", note="复发"
        ),
    }
    if status in TRANSITIONS[action].sources:
        before = AuditEvent.objects.count()
        result = calls[action]()
        assert result.status != status
        assert AuditEvent.objects.count() == before + 1
    else:
        with pytest.raises(TransitionNotAllowed):
            calls[action]()
        assert LedgerItem.objects.get(pk=item.pk).status == status


def test_accept_only_by_superior(world):
    item = to_status(world, "submitted")
    for who in ("c1_handler", "c2_handler", "handler", "gridder"):
        with pytest.raises(NotPermitted) as exc:
            services.item_accept(actor=world.actor(who), item=item, satisfaction="satisfied")
        assert "销号" in str(exc.value)
    closed = services.item_accept(
        actor=world.actor("supervisor"), item=item, satisfaction="mostly_satisfied"
    )
    assert closed.status == Status.CLOSED and closed.closed_at
    assert closed.accepted_by == world.people["supervisor"]


def test_department_item_accepted_by_district(world):
    item = register(world, who="handler", owner_unit=world.units["housing"])
    # The housing bureau's own staff run it; the street dispatcher is not its superior.
    owner = world.actor("handler")
    item = services.item_start(actor=owner, item=item)
    item = services.item_submit(actor=owner, item=item, summary="完成")
    with pytest.raises(NotPermitted):
        services.item_accept(actor=world.actor("leader"), item=item, satisfaction="satisfied")
    with pytest.raises(NotPermitted):
        services.item_accept(actor=world.actor("dispatcher"), item=item, satisfaction="satisfied")
    assert (
        services.item_accept(actor=world.actor("admin"), item=item, satisfaction="satisfied").status
        == Status.CLOSED
    )


def test_accept_needs_satisfaction_check(world):
    item = to_status(world, "submitted")
    with pytest.raises(InvalidInput) as exc:
        services.item_accept(actor=world.actor("dispatcher"), item=item, satisfaction="")
    assert exc.value.field == "satisfaction"


def test_dissatisfied_is_automatic_reopen(world):
    item = to_status(world, "submitted")
    with pytest.raises(InvalidInput) as exc:
        services.item_accept(
            actor=world.actor("dispatcher"), item=item, satisfaction="dissatisfied"
        )
    assert exc.value.field == "note"
    item = services.item_accept(
        actor=world.actor("dispatcher"), item=item, satisfaction="dissatisfied", note="仍有堆物"
    )
    assert item.status == Status.REOPENED
    assert item.reopen_reason == "dissatisfied" and item.reopen_count == 1
    assert item.closed_at is None
    assert services.item_start(actor=world.actor("c1_handler"), item=item).status == "in_progress"


def test_reopen_rules(world):
    item = to_status(world, "closed")
    superior = world.actor("dispatcher")
    with pytest.raises(InvalidInput) as exc:
        services.item_reopen(actor=superior, item=item, reason="late", note="晚了")
    assert exc.value.field == "reason"  # it was done on time
    with pytest.raises(InvalidInput) as exc:
        services.item_reopen(actor=superior, item=item, reason="recurred", note="")
    assert exc.value.field == "note"
    with pytest.raises(InvalidInput):
        services.item_reopen(actor=superior, item=item, reason="whim", note="x")
    with pytest.raises(NotPermitted):
        services.item_reopen(
            actor=world.actor("c1_handler"), item=item, reason="recurred", note="x"
        )
    item = services.item_reopen(actor=superior, item=item, reason="dissatisfied", note="回访不满意")
    assert item.status == Status.REOPENED and item.satisfaction == "dissatisfied"


def test_reopen_late_and_new_deadline(world):
    item = to_status(world, "closed")
    past = timezone.localdate() - dt.timedelta(days=3)
    LedgerItem.objects.filter(pk=item.pk).update(deadline=past)
    item.refresh_from_db()
    superior = world.actor("dispatcher")
    with pytest.raises(InvalidInput) as exc:
        services.item_reopen(actor=superior, item=item, reason="late", note="超期完成")
    assert exc.value.field == "new_deadline"
    new = timezone.localdate() + dt.timedelta(days=5)
    item = services.item_reopen(
        actor=superior, item=item, reason="late", note="超期完成", new_deadline=new
    )
    assert item.reopen_reason == "late" and item.deadline == new


def test_long_term_needs_milestones_done(world):
    item = to_status(world, "in_progress", is_long_term=True)
    owner = world.actor("c1_handler")
    with pytest.raises(InvalidInput) as exc:
        services.item_submit(actor=owner, item=item, summary="完成")
    assert exc.value.field == "milestones"
    with pytest.raises(InvalidInput):
        services.milestone_add(
            actor=owner, item=item, title="晚于时限", due=item.deadline + dt.timedelta(days=1)
        )
    m = services.milestone_add(actor=owner, item=item, title="清理", due=item.deadline)
    with pytest.raises(InvalidInput):
        services.item_submit(actor=owner, item=item, summary="完成")
    services.milestone_complete(actor=owner, item=item, milestone=m)
    with pytest.raises(InvalidInput):
        services.milestone_complete(actor=owner, item=item, milestone=m)
    assert services.item_submit(actor=owner, item=item, summary="完成").status == "submitted"


def test_notes_only_while_in_progress(world):
    item = to_status(world, "registered")
    owner = world.actor("c1_handler")
    with pytest.raises(TransitionNotAllowed):
        services.item_note(actor=owner, item=item, text="x")
    item = services.item_start(actor=owner, item=item)
    with pytest.raises(NotPermitted):
        services.item_note(actor=world.actor("c2_handler"), item=item, text="x")
    note = services.item_note(actor=owner, item=item, text="已劝导5户")
    assert note.item_id == item.pk


def test_conflict_on_stale_version(world):
    from lastmile.core.errors import Conflict

    item = to_status(world, "registered")
    with pytest.raises(Conflict):
        services.item_start(actor=world.actor("c1_handler"), item=item, expected_version=99)
