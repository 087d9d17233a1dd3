"""Cadres of a community: link quotas by post, who may take links, and who they are."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lastmile.orgs.choices import TWO_COMMITTEES, PostKind, UnitKind
from lastmile.orgs.models import Area, Household, Person, Post, Unit
from lastmile.outreach.choices import LinkStatus
from lastmile.outreach.models import HouseholdLink

MEMBER = "member"  # the quota key of a party member without a post


def conf(key: str) -> object:
    return settings.LASTMILE_OUTREACH[key]


def quotas() -> dict[str, int]:
    value = conf("LINK_QUOTAS")
    assert isinstance(value, dict)
    return value


@dataclass(frozen=True)
class Quota:
    limit: int
    post_kind: str  # the post the limit comes from; "" for a party member without one


def best_quota(kinds: list[str], is_party_member: bool) -> Quota:
    """The quota of the highest post among ``kinds``, else a party member's, else none."""
    table = quotas()
    best = Quota(0, "")
    for kind in kinds:
        limit = int(table.get(kind, 0))
        if limit > best.limit:
            best = Quota(limit, kind)
    if best.limit == 0 and is_party_member:
        best = Quota(int(table.get(MEMBER, 0)), "")
    return best


def quota_for(person: Person, community: Area) -> Quota:
    """The person's quota in ``community``: that of their highest post there."""
    kinds = Post.objects.filter(person=person, area=community, is_active=True).values_list(
        "kind", flat=True
    )
    return best_quota(list(kinds), person.is_party_member)


def links_used(person: Person, community: Area) -> int:
    return HouseholdLink.objects.filter(
        cadre=person, community=community, status=LinkStatus.ACTIVE
    ).count()


def active_link(household: Household) -> HouseholdLink | None:
    return (
        HouseholdLink.objects.filter(household=household, status=LinkStatus.ACTIVE)
        .select_related("cadre")
        .first()
    )


def post_label(kind: str) -> str:
    return str(PostKind(kind).label) if kind in PostKind.values else ""


def committee_kinds() -> frozenset[str]:
    """Posts whose holders owe the monthly visit count (the two committees, 两委)."""
    return frozenset(str(k) for k in TWO_COMMITTEES)


def community_people(community: Area) -> QuerySet[Person]:
    """People who may serve as cadres in a community: post holders there, staff of its units,
    and party members who live there."""
    posts = Q(posts__area=community, posts__is_active=True)
    staff = Q(memberships__unit__area=community, memberships__is_active=True)
    home = Q(is_party_member=True) & (Q(home_area=community) | Q(household__area__parent=community))
    return Person.objects.filter(posts | staff | home).distinct().order_by("name")


@dataclass
class CadreRow:
    person: Person
    quota: Quota
    used: int

    @property
    def left(self) -> int:
        return max(0, self.quota.limit - self.used)

    @property
    def post(self) -> str:
        return post_label(self.quota.post_kind)


def cadre_rows(community: Area) -> list[CadreRow]:
    """Every person who may take links in the community, with their quota and links used; three
    queries whatever the size."""
    people = list(community_people(community))
    kinds: dict[int, list[str]] = {}
    for person_id, kind in Post.objects.filter(
        area=community, is_active=True, person__in=people
    ).values_list("person_id", "kind"):
        kinds.setdefault(person_id, []).append(kind)
    used = dict(
        HouseholdLink.objects.filter(community=community, status=LinkStatus.ACTIVE)
        .values_list("cadre_id")
        .annotate(n=Count("pk"))
        .values_list("cadre_id", "n")
    )
    rows = []
    for person in people:
        best = best_quota(kinds.get(person.pk, []), person.is_party_member)
        if best.limit or used.get(person.pk):
            rows.append(CadreRow(person, best, used.get(person.pk, 0)))
    rows.sort(key=lambda r: (-r.quota.limit, r.person.name))
    return rows


# The order posts are named in (highest first) when a person holds several.
POST_RANK = [
    PostKind.PARTY_SECRETARY,
    PostKind.VC_CHAIR,
    PostKind.PARTY_COMMITTEE,
    PostKind.VC_MEMBER,
    PostKind.PARTY_GROUP_LEADER,
    PostKind.REPRESENTATIVE,
]


def highest_post(kinds: list[str]) -> str:
    for kind in POST_RANK:
        if kind in kinds:
            return str(kind)
    return ""


@dataclass(frozen=True)
class PublicContact:
    """A household's contact cadre as the public tracking page may show them: the cadre's name
    and post and their unit's public phone. Nothing about the household."""

    name: str
    post: str
    unit_name: str
    unit_phone: str


def public_contact(household_id: int) -> PublicContact | None:
    link = (
        HouseholdLink.objects.filter(household_id=household_id, status=LinkStatus.ACTIVE)
        .select_related("cadre", "community")
        .first()
    )
    if link is None:
        return None
    kinds = list(
        Post.objects.filter(person=link.cadre, area=link.community, is_active=True).values_list(
            "kind", flat=True
        )
    )
    post = post_label(highest_post(kinds))
    if not post and link.cadre.is_party_member:
        post = str(_("Party member"))
    units = Unit.objects.filter(area=link.community, kind=UnitKind.GRASSROOTS, is_active=True)
    unit = (
        units.filter(memberships__person=link.cadre, memberships__is_active=True).first()
        or units.order_by("pk").first()
    )
    return PublicContact(
        name=link.cadre.name,
        post=post,
        unit_name=unit.name if unit else link.community.name,
        unit_phone=unit.phone if unit else "",
    )
