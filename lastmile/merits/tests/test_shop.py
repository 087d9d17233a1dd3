"""爱心超市: goods, redemptions at the counter, reservations; stock and points never negative."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.merits.choices import RedemptionStatus
from lastmile.merits.models import Goods, PointsEntry, Redemption
from lastmile.merits.services import shop
from lastmile.merits.services.points import points_award, points_balance
from lastmile.merits.tests.test_points import SQLITE_REASON
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import actor_for_user
from lastmile.orgs.testing import World

pytestmark = pytest.mark.django_db


def _goods(world: World, *, price: int = 12, stock: int = 2, name: str = "洗衣液") -> Goods:
    return shop.goods_create(
        actor=world.actor("c1_handler"),
        community=world.areas["c1"],
        name=name,
        price=price,
        stock=stock,
    )


def _fund(world: World, person: Person, points: int, cause: str = "deed:1") -> None:
    points_award(
        actor=world.actor("c1_handler"), person=person, points=points, cause=cause, reason="好事"
    )


def test_cadre_keeps_the_goods(world: World) -> None:
    goods = _goods(world)
    assert (goods.price, goods.stock, goods.is_active) == (12, 2, True)
    with pytest.raises(InvalidInput) as exc:
        _goods(world)
    assert exc.value.field == "name"
    with pytest.raises(InvalidInput) as exc:
        _goods(world, price=0, name="大米")
    assert exc.value.field == "price"


@pytest.mark.parametrize("key", ["gridder", "c2_handler", "handler"])
def test_only_the_communitys_cadres_keep_its_shop(world: World, key: str) -> None:
    with pytest.raises(NotPermitted):
        shop.goods_create(
            actor=world.actor(key), community=world.areas["c1"], name="毛巾", price=5, stock=1
        )


def test_redeem_at_the_counter_takes_points_and_stock(world: World, resident: Person) -> None:
    goods = _goods(world)
    _fund(world, resident, 30)
    redemption = shop.redeem_at_counter(
        actor=world.actor("c1_handler"), goods=goods, person=resident
    )
    goods.refresh_from_db()
    assert redemption.status == RedemptionStatus.HANDED_OVER
    assert redemption.points == 12 and redemption.handed_over_at is not None
    assert goods.stock == 1
    assert points_balance(resident) == 18
    entry = PointsEntry.objects.get(cause=f"redeem:{redemption.pk}")
    assert (entry.points, entry.balance_after) == (-12, 18)


def test_spending_more_than_the_balance_is_refused_and_nothing_changes(
    world: World, resident: Person
) -> None:
    goods = _goods(world, price=12, stock=5)
    _fund(world, resident, 20)
    with pytest.raises(InvalidInput) as exc:
        shop.redeem_at_counter(
            actor=world.actor("c1_handler"), goods=goods, person=resident, quantity=2
        )
    assert str(exc.value) == "积分不足：当前余额 20 分，需要 24 分。"
    goods.refresh_from_db()
    assert goods.stock == 5
    assert points_balance(resident) == 20
    assert not Redemption.objects.exists()


def test_redeeming_out_of_stock_goods_is_refused(world: World, resident: Person) -> None:
    goods = _goods(world, stock=1)
    _fund(world, resident, 100)
    actor = world.actor("c1_handler")
    shop.redeem_at_counter(actor=actor, goods=goods, person=resident)
    with pytest.raises(InvalidInput) as exc:
        shop.redeem_at_counter(actor=actor, goods=goods, person=resident)
    assert str(exc.value) == "库存不足：“洗衣液”只剩 0 件。"
    goods.refresh_from_db()
    assert goods.stock == 0
    assert points_balance(resident) == 88


def test_too_many_at_once_and_inactive_goods_are_refused(world: World, resident: Person) -> None:
    goods = _goods(world, price=1, stock=50)
    _fund(world, resident, 100)
    actor = world.actor("c1_handler")
    with pytest.raises(InvalidInput) as exc:
        shop.redeem_at_counter(actor=actor, goods=goods, person=resident, quantity=11)
    assert exc.value.field == "quantity"
    goods = shop.goods_update(
        actor=actor, goods=goods, name=goods.name, price=1, description="", is_active=False
    )
    with pytest.raises(InvalidInput):
        shop.redeem_at_counter(actor=actor, goods=goods, person=resident)


def test_counter_serves_only_people_of_the_keepers_area(world: World, resident2: Person) -> None:
    goods = _goods(world)
    _fund(world, resident2, 50)
    with pytest.raises(InvalidInput) as exc:
        shop.redeem_at_counter(actor=world.actor("c1_handler"), goods=goods, person=resident2)
    assert exc.value.field == "person"


def test_reservation_holds_points_and_stock_until_handed_over(
    world: World, resident: Person
) -> None:
    goods = _goods(world)
    _fund(world, resident, 30)
    reservation = shop.reserve(actor=actor_for_user(resident.user), goods=goods)
    goods.refresh_from_db()
    assert reservation.status == RedemptionStatus.RESERVED
    assert goods.stock == 1 and points_balance(resident) == 18
    handed = shop.hand_over(actor=world.actor("c1_handler"), redemption=reservation)
    assert handed.status == RedemptionStatus.HANDED_OVER
    assert handed.handed_over_by == world.people["c1_handler"]
    with pytest.raises(TransitionNotAllowed):
        shop.cancel(actor=actor_for_user(resident.user), redemption=handed)


def test_cancelling_a_reservation_gives_back_points_and_stock(
    world: World, resident: Person
) -> None:
    goods = _goods(world)
    _fund(world, resident, 30)
    me = actor_for_user(resident.user)
    reservation = shop.reserve(actor=me, goods=goods)
    cancelled = shop.cancel(actor=me, redemption=reservation)
    goods.refresh_from_db()
    assert cancelled.status == RedemptionStatus.CANCELLED
    assert goods.stock == 2 and points_balance(resident) == 30
    assert PointsEntry.objects.get(cause=f"redeem:{reservation.pk}:refund").points == 12
    with pytest.raises(TransitionNotAllowed):
        shop.cancel(actor=me, redemption=cancelled)
    assert points_balance(resident) == 30


def test_someone_else_cannot_cancel_my_reservation(
    world: World, resident: Person, resident2: Person
) -> None:
    goods = _goods(world)
    _fund(world, resident, 30)
    reservation = shop.reserve(actor=actor_for_user(resident.user), goods=goods)
    with pytest.raises(NotPermitted):
        shop.cancel(actor=actor_for_user(resident2.user), redemption=reservation)


def test_reserve_only_at_your_own_communitys_shop(world: World, resident2: Person) -> None:
    goods = _goods(world)
    _fund(world, resident2, 30)
    with pytest.raises(InvalidInput):
        shop.reserve(actor=actor_for_user(resident2.user), goods=goods)


def test_reservations_not_collected_in_time_expire(world: World, resident: Person) -> None:
    from lastmile.concerns.demo.clock import Clock, frozen
    from lastmile.orgs.selectors import SYSTEM

    goods = _goods(world)
    _fund(world, resident, 30)
    reservation = shop.reserve(actor=actor_for_user(resident.user), goods=goods)
    assert shop.expire_reservations(actor=SYSTEM) == 0
    with frozen(Clock(timezone.now() + dt.timedelta(days=15))):
        assert shop.expire_reservations(actor=SYSTEM) == 1
        assert shop.expire_reservations(actor=SYSTEM) == 0
    reservation.refresh_from_db()
    assert reservation.status == RedemptionStatus.CANCELLED
    assert points_balance(resident) == 30


def test_restock_never_below_zero(world: World) -> None:
    goods = _goods(world, stock=3)
    actor = world.actor("c1_handler")
    goods = shop.goods_restock(actor=actor, goods=goods, change=5, note="新进货")
    assert goods.stock == 8
    with pytest.raises(InvalidInput) as exc:
        shop.goods_restock(actor=actor, goods=goods, change=-9)
    assert exc.value.field == "change"
    assert shop.goods_restock(actor=actor, goods=goods, change=-8).stock == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason=SQLITE_REASON)
def test_two_people_redeem_the_last_piece_at_once(world: World, resident: Person) -> None:
    other = Person.objects.create(name="赵小红", home_area=world.areas["c1g2"])
    goods = _goods(world, stock=1)
    _fund(world, resident, 30, cause="deed:1")
    _fund(world, other, 30, cause="deed:2")
    actor = world.actor("c1_handler")
    barrier = threading.Barrier(2)
    results: list[object] = []

    def run(person: Person) -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                results.append(shop.redeem_at_counter(actor=actor, goods=goods, person=person))
                time.sleep(0.3)
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in (resident, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sum(isinstance(r, Redemption) for r in results) == 1, results
    assert sum(isinstance(r, InvalidInput) for r in results) == 1, results
    goods.refresh_from_db()
    assert goods.stock == 0
    assert points_balance(resident) + points_balance(other) == 48


def test_the_periodic_task_expires_reservations(world: World, resident: Person) -> None:
    from lastmile.concerns.demo.clock import Clock, frozen
    from lastmile.merits.tasks import expire_reservations_task

    goods = _goods(world)
    _fund(world, resident, 30)
    shop.reserve(actor=actor_for_user(resident.user), goods=goods)
    with frozen(Clock(timezone.now() + dt.timedelta(days=15))):
        result = expire_reservations_task.enqueue()
    assert result.return_value == {"cancelled": 1}
    assert points_balance(resident) == 30
