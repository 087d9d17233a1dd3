"""The points ledger contract other apps code against: award, spend, balance."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from lastmile.core.errors import Conflict, InvalidInput
from lastmile.core.models import AuditEvent
from lastmile.merits.models import PointsAccount, PointsEntry
from lastmile.merits.services.points import (
    points_award,
    points_balance,
    points_refund,
    points_spend,
)
from lastmile.orgs.models import Person
from lastmile.orgs.testing import World

pytestmark = pytest.mark.django_db


def test_award_books_an_entry_with_its_cause(world: World, resident: Person) -> None:
    actor = world.actor("c1_handler")
    entry = points_award(
        actor=actor, person=resident, points=10, cause="wish:12:claim:3", reason="认领微心愿"
    )
    assert entry.points == 10
    assert entry.balance_after == 10
    assert entry.kind == "award"
    assert entry.community == world.areas["c1"]
    assert points_balance(resident) == 10
    event = AuditEvent.objects.get(verb="merits.points.award")
    assert event.data["cause"] == "wish:12:claim:3"


def test_award_is_idempotent_per_cause(world: World, resident: Person) -> None:
    actor = world.actor("c1_handler")
    first = points_award(actor=actor, person=resident, points=10, cause="deed:45", reason="好事")
    again = points_award(actor=actor, person=resident, points=10, cause="deed:45", reason="好事")
    also = points_award(actor=actor, person=resident, points=99, cause="deed:45", reason="改了")
    assert first.pk == again.pk == also.pk
    assert PointsEntry.objects.count() == 1
    assert points_balance(resident) == 10
    assert AuditEvent.objects.filter(verb="merits.points.award").count() == 1


def test_same_cause_for_another_person_is_a_conflict(
    world: World, resident: Person, resident2: Person
) -> None:
    actor = world.actor("c1_handler")
    points_award(actor=actor, person=resident, points=5, cause="deed:1", reason="好事")
    with pytest.raises(Conflict):
        points_award(actor=actor, person=resident2, points=5, cause="deed:1", reason="好事")
    assert points_balance(resident2) == 0


def test_award_runs_inside_the_callers_transaction(world: World, resident: Person) -> None:
    actor = world.actor("c1_handler")
    with pytest.raises(RuntimeError), transaction.atomic():
        points_award(actor=actor, person=resident, points=5, cause="wish:1:claim:1", reason="x")
        raise RuntimeError("the caller fails after awarding")
    assert points_balance(resident) == 0
    assert not PointsEntry.objects.exists()


@pytest.mark.parametrize("points", [0, -3, True, 2.5, 100_001])
def test_points_must_be_a_positive_whole_number(
    world: World, resident: Person, points: object
) -> None:
    with pytest.raises(InvalidInput) as exc:
        points_award(
            actor=world.actor("c1_handler"),
            person=resident,
            points=points,  # type: ignore[arg-type]
            cause="deed:9",
            reason="好事",
        )
    assert exc.value.field == "points"


def test_running_balances(world: World, resident: Person) -> None:
    actor = world.actor("c1_handler")
    points_award(actor=actor, person=resident, points=30, cause="deed:1", reason="志愿服务")
    points_spend(actor=actor, person=resident, points=12, cause="redeem:1", reason="兑换洗衣液")
    points_award(actor=actor, person=resident, points=5, cause="deed:2", reason="邻里互助")
    points_refund(actor=actor, person=resident, points=12, cause="redeem:1:refund", reason="取消")
    points_spend(actor=actor, person=resident, points=35, cause="redeem:2", reason="兑换大米")
    entries = list(PointsEntry.objects.filter(person=resident).order_by("created_at", "pk"))
    assert [e.points for e in entries] == [30, -12, 5, 12, -35]
    assert [e.balance_after for e in entries] == [30, 18, 23, 35, 0]
    account = PointsAccount.objects.get(person=resident)
    assert (account.balance, account.earned, account.spent) == (0, 35, 35)


def test_spend_refuses_to_overdraw_naming_the_balance(world: World, resident: Person) -> None:
    actor = world.actor("c1_handler")
    points_award(actor=actor, person=resident, points=8, cause="deed:1", reason="好事")
    with pytest.raises(InvalidInput) as exc:
        points_spend(actor=actor, person=resident, points=9, cause="redeem:1", reason="兑换")
    assert "积分不足" in str(exc.value)
    assert "8" in str(exc.value)
    assert points_balance(resident) == 8
    assert PointsEntry.objects.count() == 1


def test_spend_with_no_account_is_refused(world: World, resident: Person) -> None:
    with pytest.raises(InvalidInput):
        points_spend(
            actor=world.actor("c1_handler"), person=resident, points=1, cause="r:1", reason="x"
        )
    assert points_balance(resident) == 0


def test_database_refuses_a_negative_balance(world: World, resident: Person) -> None:
    points_award(
        actor=world.actor("c1_handler"), person=resident, points=3, cause="deed:1", reason="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsAccount.objects.filter(person=resident).update(balance=-1, spent=4)


SQLITE_REASON = (
    "SQLite has no row locks: the test database is one in-memory file shared by both threads, "
    "and a second writer fails with 'database table is locked' instead of waiting, so the "
    "race cannot be staged there (PostgreSQL runs it)."
)


def _race(target, n: int = 2) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(n)
    results: list[object] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(target(i))
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason=SQLITE_REASON)
def test_double_award_under_two_simultaneous_requests(world: World, resident: Person) -> None:
    actor = world.actor("c1_handler")
    person = Person.objects.get(pk=resident.pk)

    def award(i: int) -> int:
        with transaction.atomic():
            entry = points_award(
                actor=actor, person=person, points=10, cause="wish:7:claim:1", reason="认领"
            )
            time.sleep(0.3)  # keep the lock while the other request arrives
        return entry.pk

    results = _race(award)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert PointsEntry.objects.filter(cause="wish:7:claim:1").count() == 1
    assert points_balance(resident) == 10


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason=SQLITE_REASON)
def test_two_simultaneous_spends_never_overdraw(world: World, resident: Person) -> None:
    actor = world.actor("c1_handler")
    points_award(actor=actor, person=resident, points=10, cause="deed:1", reason="好事")

    def spend(i: int) -> int:
        with transaction.atomic():
            entry = points_spend(
                actor=actor, person=resident, points=8, cause=f"redeem:{i}", reason="兑换"
            )
            time.sleep(0.3)
        return entry.pk

    results = _race(spend)
    assert sum(isinstance(r, int) for r in results) == 1
    assert sum(isinstance(r, InvalidInput) for r in results) == 1
    assert points_balance(resident) == 2
