"""爱心超市: keeping the goods, redeeming at the counter, reservations handed over or cancelled.

Stock and points are both taken in the same transaction: the goods row is locked
``SELECT … FOR UPDATE`` and its stock lowered with a conditional ``UPDATE … WHERE stock >= n``
(the ``stock >= 0`` check is the last net); the points go through the ledger
(``points_spend``, which locks the person's account and refuses to overdraw). If either is short,
nothing is taken.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.uploads import CleanFile
from lastmile.core import audit
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.merits import permissions
from lastmile.merits.choices import REDEMPTION_TRANSITIONS, RedemptionStatus
from lastmile.merits.conf import merits_setting
from lastmile.merits.models import Goods, Redemption
from lastmile.merits.places import community_of, home_area
from lastmile.merits.services import transition
from lastmile.merits.services.points import points_refund, points_spend
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor

NAME_MAX = 60
PRICE_MAX = 100_000
STOCK_MAX = 100_000


def _require_keeper(actor: Actor, community: Area) -> None:
    if not permissions.may_keep_shop(actor, community):
        raise NotPermitted(
            _("Only staff of %(community)s keep its 爱心超市.") % {"community": community.name}
        )


def _check_goods(name: str, price: int, stock: int | None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Name the goods."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": NAME_MAX}, field="name")
    if not isinstance(price, int) or isinstance(price, bool) or not 0 < price <= PRICE_MAX:
        raise InvalidInput(
            _("The price is a whole number of points from 1 to %(max)d.") % {"max": PRICE_MAX},
            field="price",
        )
    if stock is not None and (not isinstance(stock, int) or not 0 <= stock <= STOCK_MAX):
        raise InvalidInput(
            _("Stock is a whole number from 0 to %(max)d.") % {"max": STOCK_MAX}, field="stock"
        )
    return name


def _name_taken(community: Area, name: str, exclude: int | None = None) -> None:
    qs = Goods.objects.filter(community=community, name=name)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise InvalidInput(
            _("%(name)s is already in this shop; change its stock instead.") % {"name": name},
            field="name",
        )


def _audit(actor: Actor, verb: str, obj_type: str, obj_id: int, data: dict[str, object]) -> None:
    audit.record(
        verb=f"merits.{obj_type}.{verb}",
        obj_type=f"merits.{obj_type}",
        obj_id=obj_id,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data=data,
    )


def goods_create(
    *,
    actor: Actor,
    community: Area,
    name: str,
    price: int,
    stock: int,
    description: str = "",
    picture: CleanFile | None = None,
) -> Goods:
    _require_keeper(actor, community)
    name = _check_goods(name, price, stock)
    with transaction.atomic():
        _name_taken(community, name)
        goods = Goods(
            community=community,
            name=name,
            description=(description or "").strip()[:200],
            price=price,
            stock=stock,
            created_at=timezone.now(),
        )
        if picture is not None:
            goods.picture.save(picture.name, ContentFile(picture.content), save=False)
        goods.save()
        _audit(actor, "added", "goods", goods.pk, {"price": price, "stock": stock})
    return goods


def goods_update(
    *,
    actor: Actor,
    goods: Goods,
    name: str,
    price: int,
    description: str,
    is_active: bool,
    picture: CleanFile | None = None,
    expected_version: int | None = None,
) -> Goods:
    """Change what the catalogue says (not the stock: see :func:`goods_restock`). A new price
    applies to later redemptions only."""
    _require_keeper(actor, goods.community)
    name = _check_goods(name, price, None)
    with transaction.atomic():
        locked = transition.lock(Goods, goods.pk, expected_version)
        _name_taken(locked.community, name, exclude=locked.pk)
        changed = {
            k: v
            for k, v in {
                "name": name,
                "price": price,
                "description": (description or "").strip()[:200],
                "is_active": is_active,
            }.items()
            if getattr(locked, k) != v
        }
        for key, value in changed.items():
            setattr(locked, key, value)
        if picture is not None:
            locked.picture.save(picture.name, ContentFile(picture.content), save=False)
            changed["picture"] = True
        locked.version += 1
        locked.save()
        _audit(actor, "changed", "goods", locked.pk, {"fields": sorted(changed)})
    return locked


def goods_restock(*, actor: Actor, goods: Goods, change: int, note: str = "") -> Goods:
    """Add (positive) or take off (negative: spoiled, miscounted) stock; never below zero."""
    _require_keeper(actor, goods.community)
    if not isinstance(change, int) or change == 0 or abs(change) > STOCK_MAX:
        raise InvalidInput(
            _("Give how many to add, or a negative number to take off."), field="change"
        )
    with transaction.atomic():
        locked = transition.lock(Goods, goods.pk, None)
        if locked.stock + change < 0:
            raise InvalidInput(
                _("Only %(stock)d in stock: cannot take off %(n)d.")
                % {"stock": locked.stock, "n": -change},
                field="change",
            )
        Goods.objects.filter(pk=locked.pk).update(
            stock=F("stock") + change, version=F("version") + 1, updated_at=timezone.now()
        )
        locked.refresh_from_db()
        _audit(
            actor,
            "restocked",
            "goods",
            locked.pk,
            {"change": change, "stock": locked.stock, "note": (note or "").strip()[:200]},
        )
    return locked


def _take(actor: Actor, goods_pk: int, person: Person, quantity: int, status: str) -> Redemption:
    """Lock the goods, check and lower its stock, book the spend: one redemption."""
    limit = merits_setting("MAX_QUANTITY")
    if not isinstance(quantity, int) or not 1 <= quantity <= limit:
        raise InvalidInput(
            _("Redeem from 1 to %(max)d at a time.") % {"max": limit}, field="quantity"
        )
    goods = transition.lock(Goods, goods_pk, None)
    if not goods.is_active:
        raise InvalidInput(
            _("%(name)s is no longer offered.") % {"name": goods.name}, field="goods"
        )
    if goods.stock < quantity:
        raise InvalidInput(
            _("Out of stock: %(name)s has %(stock)d left.")
            % {"name": goods.name, "stock": goods.stock},
            code="out_of_stock",
            field="quantity" if goods.stock else "goods",
        )
    now = timezone.now()
    points = goods.price * quantity
    redemption = Redemption.objects.create(
        goods=goods,
        person=person,
        community=goods.community,
        quantity=quantity,
        points=points,
        status=status,
        created_by=actor.person,
        created_at=now,
        handed_over_by=actor.person if status == RedemptionStatus.HANDED_OVER else None,
        handed_over_at=now if status == RedemptionStatus.HANDED_OVER else None,
    )
    entry = points_spend(
        actor=actor,
        person=person,
        points=points,
        cause=redemption.cause,
        reason=_("爱心超市: %(name)s × %(n)d") % {"name": goods.name, "n": quantity},
    )
    taken = Goods.objects.filter(pk=goods.pk, stock__gte=quantity).update(
        stock=F("stock") - quantity, updated_at=now
    )
    if not taken:  # cannot happen under the lock; the check constraint would refuse anyway
        raise InvalidInput(
            _("Out of stock: %(name)s has %(stock)d left.") % {"name": goods.name, "stock": 0},
            field="goods",
        )
    Redemption.objects.filter(pk=redemption.pk).update(spend_entry=entry)
    redemption.spend_entry = entry
    _audit(
        actor,
        status,
        "redemption",
        redemption.pk,
        {"goods": goods.pk, "quantity": quantity, "points": points, "person": person.pk},
    )
    return redemption


def redeem_at_counter(
    *, actor: Actor, goods: Goods, person: Person, quantity: int = 1
) -> Redemption:
    """A cadre hands goods over at the counter to a person of their area; points are deducted."""
    _require_keeper(actor, goods.community)
    if not permissions.may_record_for(actor, home_area(person)):
        raise InvalidInput(
            _("%(name)s does not live in your area.") % {"name": person.name}, field="person"
        )
    with transaction.atomic():
        return _take(actor, goods.pk, person, quantity, RedemptionStatus.HANDED_OVER)


def reserve(*, actor: Actor, goods: Goods, quantity: int = 1) -> Redemption:
    """A person reserves goods of their own community's shop: points and stock are held until
    a cadre hands them over, or returned when it is cancelled."""
    person = actor.person
    if person is None:
        raise NotPermitted(_("Log in to reserve goods."))
    if community_of(person) != goods.community:
        raise InvalidInput(
            _("You can reserve only at the 爱心超市 of your own community."), field="goods"
        )
    with transaction.atomic():
        return _take(actor, goods.pk, person, quantity, RedemptionStatus.RESERVED)


def hand_over(
    *, actor: Actor, redemption: Redemption, expected_version: int | None = None
) -> Redemption:
    """The person collects what they reserved."""
    _require_keeper(actor, redemption.community)
    with transaction.atomic():
        locked = transition.lock(Redemption, redemption.pk, expected_version)
        transition.apply(
            actor=actor,
            obj=locked,
            table=REDEMPTION_TRANSITIONS,
            action="hand_over",
            changes={"handed_over_by": actor.person, "handed_over_at": timezone.now()},
            obj_type="redemption",
        )
    return locked


def cancel(
    *, actor: Actor, redemption: Redemption, expected_version: int | None = None
) -> Redemption:
    """Cancel a reservation (the person, or a cadre of the shop): stock and points come back."""
    own = actor.person is not None and redemption.person_id == actor.person.pk
    if not own:
        _require_keeper(actor, redemption.community)
    with transaction.atomic():
        locked = transition.lock(Redemption, redemption.pk, expected_version)
        transition.apply(
            actor=actor,
            obj=locked,
            table=REDEMPTION_TRANSITIONS,
            action="cancel",
            changes={"cancelled_at": timezone.now()},
            obj_type="redemption",
        )
        _give_back(actor, locked)
    return locked


def _give_back(actor: Actor, redemption: Redemption) -> None:
    goods = transition.lock(Goods, redemption.goods_id, None)
    Goods.objects.filter(pk=goods.pk).update(
        stock=F("stock") + redemption.quantity, updated_at=timezone.now()
    )
    points_refund(
        actor=actor,
        person=redemption.person,
        points=redemption.points,
        cause=f"{redemption.cause}:refund",
        reason=_("Reservation cancelled: %(name)s × %(n)d")
        % {"name": goods.name, "n": redemption.quantity},
    )


def expire_reservations(*, actor: Actor) -> int:
    """Cancel reservations not collected within ``RESERVATION_HOLD_DAYS`` (idempotent; cheap when
    there is none). Returns how many were cancelled."""
    days = merits_setting("RESERVATION_HOLD_DAYS")
    cutoff = timezone.now() - dt.timedelta(days=days)
    count = 0
    stale = Redemption.objects.filter(status=RedemptionStatus.RESERVED, created_at__lt=cutoff)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            locked = transition.lock(Redemption, pk, None)
            if locked.status != RedemptionStatus.RESERVED:
                continue
            transition.apply(
                actor=actor,
                obj=locked,
                table=REDEMPTION_TRANSITIONS,
                action="cancel",
                changes={"cancelled_at": timezone.now()},
                obj_type="redemption",
                data={"expired": True},
            )
            _give_back(actor, locked)
            count += 1
    return count
