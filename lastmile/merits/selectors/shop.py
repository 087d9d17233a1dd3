"""Reads of the 爱心超市: the public catalogue, the keepers' goods and redemptions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from lastmile.merits.choices import RedemptionStatus
from lastmile.merits.models import Goods, Redemption
from lastmile.merits.selectors.scope import area_q
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor


def catalogue(*, community: Area | None = None) -> QuerySet[Goods]:
    """Goods on the shelf (in stock or not: the page says when it is out)."""
    qs = Goods.objects.filter(is_active=True).select_related("community")
    if community is not None:
        qs = qs.filter(community=community)
    return qs.order_by("community__path", "price", "name")


def goods_public(pk: int) -> Goods:
    goods = catalogue().filter(pk=pk).first()
    if goods is None:
        raise Http404("goods not found")
    return goods


def goods_for_actor(actor: Actor) -> QuerySet[Goods]:
    q = area_q(actor, "community__path", cadre=True)
    if q is None:
        return Goods.objects.none()
    return (
        Goods.objects.filter(q)
        .select_related("community")
        .order_by("community__path", "-is_active", "name")
    )


def goods_get_for_actor(actor: Actor, pk: int) -> Goods:
    goods = goods_for_actor(actor).filter(pk=pk).first()
    if goods is None:
        raise Http404("goods not found")
    return goods


def redemptions_for_actor(actor: Actor, *, status: str = "") -> QuerySet[Redemption]:
    q = area_q(actor, "community__path", cadre=True)
    if q is None:
        return Redemption.objects.none()
    qs = Redemption.objects.filter(q).select_related("goods", "person", "community")
    if status in RedemptionStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def redemption_get_for_actor(actor: Actor, pk: int) -> Redemption:
    redemption = redemptions_for_actor(actor).filter(pk=pk).first()
    if redemption is None:
        raise Http404("redemption not found")
    return redemption


def redemptions_of(person: Person) -> QuerySet[Redemption]:
    return (
        Redemption.objects.filter(person=person)
        .select_related("goods", "community")
        .order_by("-created_at", "-pk")
    )


def redemption_of(person: Person, pk: int) -> Redemption:
    redemption = redemptions_of(person).filter(pk=pk).first()
    if redemption is None:
        raise Http404("redemption not found")
    return redemption
