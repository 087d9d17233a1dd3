"""Reads of deeds and of the people staff can record deeds for."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from lastmile.core.crypto import looks_like_phone, phone_hash
from lastmile.merits.choices import DeedStatus
from lastmile.merits.models import Deed, RuleItem
from lastmile.merits.selectors.scope import area_q, people_q
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor

RELATED = ("person", "community", "area", "item__category", "reported_by", "reviewed_by")


def deed_qs_for_actor(actor: Actor) -> QuerySet[Deed]:
    q = area_q(actor, "community__path", "area__path")
    if q is None:
        return Deed.objects.none()
    return Deed.objects.filter(q).select_related(*RELATED)


def deed_get_for_actor(actor: Actor, pk: int) -> Deed:
    deed = deed_qs_for_actor(actor).filter(pk=pk).first()
    if deed is None:
        raise Http404("deed not found")
    return deed


def review_queue(actor: Actor) -> QuerySet[Deed]:
    """Deeds awaiting review in the communities where the actor is a cadre, oldest first."""
    q = area_q(actor, "community__path", cadre=True)
    if q is None:
        return Deed.objects.none()
    return (
        Deed.objects.filter(q, status=DeedStatus.PENDING)
        .select_related(*RELATED)
        .order_by("created_at", "pk")
    )


def deeds_recent_for_actor(actor: Actor, *, status: str = "") -> QuerySet[Deed]:
    qs = deed_qs_for_actor(actor)
    if status in DeedStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def public_deeds(*, community: Area | None = None) -> QuerySet[Deed]:
    """Approved deeds, newest review first (the person's name is masked in the template unless
    they agreed to be named)."""
    qs = Deed.objects.filter(status=DeedStatus.APPROVED).select_related(
        "person", "community", "item__category"
    )
    if community is not None:
        qs = qs.filter(community=community)
    return qs.order_by("-reviewed_at", "-pk")


def my_deeds(person: Person) -> QuerySet[Deed]:
    return (
        Deed.objects.filter(person=person)
        .select_related("community", "item__category")
        .order_by("-created_at", "-pk")
    )


def people_for_actor(actor: Actor, query: str = "") -> QuerySet[Person]:
    """People the actor may record a deed for, by name or phone."""
    q = people_q(actor)
    if q is None:
        return Person.objects.none()
    qs = Person.objects.filter(q).select_related("home_area", "household__area")
    query = query.strip()
    if query:
        # A phone is found by its keyed hash (the number is encrypted): the whole number only.
        by_phone = Q(phone_hash=phone_hash(query)) if looks_like_phone(query) else Q(pk__in=[])
        qs = qs.filter(Q(name__contains=query) | by_phone)
    return qs.order_by("name", "pk")


def person_get_for_actor(actor: Actor, pk: int) -> Person:
    person = people_for_actor(actor).filter(pk=pk).first()
    if person is None:
        raise Http404("person not found")
    return person


def active_rules() -> QuerySet[RuleItem]:
    return RuleItem.objects.filter(is_active=True, category__is_active=True).select_related(
        "category"
    )


def communities_public() -> QuerySet[Area]:
    return Area.objects.filter(level="community").order_by("path")
