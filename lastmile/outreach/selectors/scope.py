"""Who reaches which households, and where a cadre serves.

Reach (what a person may see): the area subtrees of their area roles (dispatcher, grid worker,
supervisor, administrator), the area of the grassroots or government unit they work in
(handler, unit leader), the communities where they hold a post, and the households linked to
them. Functional departments and enterprises reach no households. Outside the reach: 404.

Where a cadre serves (the households they may be linked to and may visit): the areas of their
posts, their memberships' jurisdictions, and, for a party member, the community they live in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from lastmile.orgs.choices import UNIT_ROLES, AreaLevel, UnitKind
from lastmile.orgs.models import Area, Household, Membership, Person, Post
from lastmile.orgs.selectors import Actor, area_at_level, subtree_q
from lastmile.outreach.choices import LinkStatus
from lastmile.outreach.models import HouseholdLink

HOUSEHOLD_UNITS = frozenset({UnitKind.GRASSROOTS, UnitKind.GOVERNMENT})


def narrowest(paths: set[str]) -> list[str]:
    """Drop paths already inside another one."""
    ordered = sorted(paths)
    return [p for p in ordered if not any(p != o and p.startswith(o) for o in ordered)]


@dataclass(frozen=True)
class Reach:
    everything: bool
    paths: tuple[str, ...]
    person_id: int | None

    def covers(self, area: Area) -> bool:
        return self.everything or any(area.path.startswith(p) for p in self.paths)

    def household_q(self, prefix: str = "") -> Q:
        """Households (or rows with a ``household`` via ``prefix``) within the reach."""
        if self.everything:
            return Q()
        q = subtree_q(list(self.paths), f"{prefix}area__path")
        if self.person_id is not None:
            linked = HouseholdLink.objects.filter(
                cadre_id=self.person_id, status=LinkStatus.ACTIVE
            ).values("household_id")
            q |= Q(**{f"{prefix}pk__in": linked})
        return q


def _post_paths(person: Person | None) -> set[str]:
    if person is None:
        return set()
    return set(
        Post.objects.filter(person=person, is_active=True).values_list("area__path", flat=True)
    )


def reach_for(actor: Actor) -> Reach:
    if actor.is_superuser:
        return Reach(True, (), actor.person.pk if actor.person else None)
    paths = set(actor.area_paths())
    for m in actor.memberships:
        if m.role in UNIT_ROLES and m.unit.kind in HOUSEHOLD_UNITS:
            paths.add(m.unit.area.path)
    paths |= _post_paths(actor.person)
    return Reach(False, tuple(narrowest(paths)), actor.person.pk if actor.person else None)


def household_qs_for_actor(actor: Actor, reach: Reach | None = None) -> QuerySet[Household]:
    if actor.is_anonymous:
        return Household.objects.none()
    reach = reach or reach_for(actor)
    if not reach.everything and not reach.paths and reach.person_id is None:
        return Household.objects.none()
    return Household.objects.filter(reach.household_q()).select_related("area")


def household_get_for_actor(actor: Actor, pk: int, reach: Reach | None = None) -> Household:
    household = household_qs_for_actor(actor, reach).filter(pk=pk).first()
    if household is None:
        raise Http404("household not found")
    return household


# ---- where a cadre serves --------------------------------------------------------------------


def community_of(area: Area) -> Area | None:
    """The community or village an area lies in (itself, for a community)."""
    if area.level == AreaLevel.COMMUNITY:
        return area
    if area.level == AreaLevel.GRID and area.parent_id is not None:
        parent = area.parent
        if parent is not None and parent.level == AreaLevel.COMMUNITY:
            return parent
    return area_at_level(area, AreaLevel.COMMUNITY)


def serving_paths(person: Person) -> list[str]:
    """The areas where ``person`` serves as a cadre (see the module docstring)."""
    paths = _post_paths(person)
    memberships = Membership.objects.filter(person=person, is_active=True).select_related(
        "unit__area", "area"
    )
    for m in memberships:
        if m.role in UNIT_ROLES and m.unit.kind not in HOUSEHOLD_UNITS:
            continue
        paths.add((m.area or m.unit.area).path)
    if person.is_party_member:
        for area in _home_areas(person):
            community = community_of(area)
            if community is not None:
                paths.add(community.path)
    return narrowest(paths)


def _home_areas(person: Person) -> list[Area]:
    areas: list[Area] = []
    if person.home_area_id is not None and person.home_area is not None:
        areas.append(person.home_area)
    if person.household_id is not None and person.household is not None:
        areas.append(person.household.area)
    return areas


def serves(person: Person, household: Household) -> bool:
    return any(household.area.path.startswith(p) for p in serving_paths(person))


def serving_names(person: Person) -> str:
    paths = serving_paths(person)
    ids = [int(p.strip("/").split("/")[-1]) for p in paths if p.strip("/")]
    names = Area.objects.filter(pk__in=ids).order_by("path").values_list("name", flat=True)
    return "、".join(names)
