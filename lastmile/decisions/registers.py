"""Rolls from the registers: who belongs to a body of a community or village, or how many.

- posts (``orgs.Post``, active, in the area): the party organisation committee, the two
  committees (one person holding two posts counts once), the representatives' meeting (the
  villagers'/residents' committee plus the representatives);
- party members: ``Person.is_party_member`` whose home area lies inside the area;
- an assembly: a head count — the adults aged 18+ (sum of ``Household.adults`` in the area's
  grids) or the households, when it sits as household representatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from lastmile.decisions.choices import Basis
from lastmile.decisions.steps import BODY_RULES, Roll
from lastmile.orgs.choices import PostKind
from lastmile.orgs.models import Area, Household, Person, Post


@dataclass(frozen=True)
class RollMember:
    person_id: int
    name: str
    posts: tuple[str, ...]

    @property
    def post_labels(self) -> str:
        return "、".join(str(PostKind(p).label) for p in self.posts if p in PostKind.values)

    @property
    def label(self) -> str:
        labels = self.post_labels
        return f"{self.name}（{labels}）" if labels else self.name


@dataclass(frozen=True)
class RollSnapshot:
    body: str
    basis: str
    members: tuple[RollMember, ...]  # empty for a head count
    eligible: int

    @property
    def named(self) -> bool:
        return BODY_RULES[self.body].named

    @property
    def ids(self) -> frozenset[int]:
        return frozenset(m.person_id for m in self.members)


def _post_members(area: Area, kinds: frozenset[str]) -> tuple[RollMember, ...]:
    rows = (
        Post.objects.filter(area=area, is_active=True, kind__in=kinds)
        .select_related("person")
        .order_by("person__name", "person_id", "kind")
    )
    order = list(PostKind.values)
    people: dict[int, tuple[str, list[str]]] = {}
    for post in rows:
        people.setdefault(post.person_id, (post.person.name, []))[1].append(post.kind)
    members = [
        RollMember(pk, name, tuple(sorted(kinds_, key=order.index)))
        for pk, (name, kinds_) in people.items()
    ]
    # Office holders in the order of their highest post, then by name.
    return tuple(sorted(members, key=lambda m: (order.index(m.posts[0]), m.name, m.person_id)))


def _party_members(area: Area) -> tuple[RollMember, ...]:
    people = Person.objects.filter(
        is_party_member=True, home_area__path__startswith=area.path
    ).order_by("name", "pk")
    return tuple(RollMember(p.pk, p.name, ()) for p in people.only("pk", "name"))


def head_count(area: Area, basis: str) -> int:
    households = Household.objects.filter(area__path__startswith=area.path)
    if basis == Basis.HOUSEHOLDS:
        return households.count()
    return int(households.aggregate(n=Sum("adults"))["n"] or 0)


def roll_for(area: Area, body: str, basis: str = "") -> RollSnapshot:
    rule = BODY_RULES[body]
    if rule.roll == Roll.HEAD_COUNT:
        return RollSnapshot(body, basis, (), head_count(area, basis))
    if rule.roll == Roll.PARTY_MEMBERS:
        members = _party_members(area)
    else:
        members = _post_members(area, rule.post_kinds)
    return RollSnapshot(body, "", members, len(members))


def one_shoulder_holder(area: Area) -> Person | None:
    """The person who is both party secretary and committee chair here (一肩挑), if any."""
    holder = (
        Post.objects.filter(
            area=area, is_active=True, kind__in=(PostKind.PARTY_SECRETARY, PostKind.VC_CHAIR)
        )
        .values("person_id")
        .annotate(n=Count("kind", distinct=True))
        .filter(n=2)
        .order_by("person_id")
        .first()
    )
    return Person.objects.filter(pk=holder["person_id"]).first() if holder else None
