"""Reads of the organisation tree, and the Actor: who is acting and what they may reach."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from shapely.geometry import Point, Polygon
from shapely.strtree import STRtree

from lastmile.orgs.choices import AREA_ROLES, UNIT_ROLES, AreaLevel, Role
from lastmile.orgs.models import Area, Membership, Person, Unit


@dataclass
class Actor:
    """The acting person with their memberships, loaded once per request."""

    user_id: int | None
    label: str
    person: Person | None = None
    memberships: list[Membership] = field(default_factory=list)
    is_superuser: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def is_staff_member(self) -> bool:
        return self.is_superuser or bool(self.memberships)

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def has_role(self, *roles: str) -> bool:
        if self.is_superuser:
            return True
        return bool(self.roles() & set(roles))

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(m.unit_id for m in self.memberships if m.role in UNIT_ROLES)

    def units_with_role(self, *roles: str) -> frozenset[int]:
        return frozenset(m.unit_id for m in self.memberships if m.role in roles)

    def area_paths(self, *roles: str) -> list[str]:
        wanted = set(roles) if roles else set(AREA_ROLES)
        # A membership without a jurisdiction covers its unit's area.
        paths = sorted({(m.area or m.unit.area).path for m in self.memberships if m.role in wanted})
        # Drop paths already inside another path.
        return [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]

    def covers_area(self, area: Area | None, *roles: str) -> bool:
        if self.is_superuser:
            return True
        if area is None:
            return False
        return any(area.path.startswith(p) for p in self.area_paths(*roles))


SYSTEM = Actor(user_id=None, label="system")


def actor_for_user(user: object) -> Actor:
    if user is None or isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", 0):
        return Actor(user_id=None, label="anonymous")
    person = Person.objects.filter(user_id=user.pk).first()  # type: ignore[attr-defined]
    memberships = (
        list(
            Membership.objects.filter(person=person, is_active=True).select_related(
                "unit__area", "area"
            )
        )
        if person
        else []
    )
    return Actor(
        user_id=user.pk,  # type: ignore[attr-defined]
        label=person.name if person else user.get_username(),  # type: ignore[attr-defined]
        person=person,
        memberships=memberships,
        is_superuser=bool(getattr(user, "is_superuser", False)),
    )


def subtree_q(paths: list[str], field_name: str = "area__path") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field_name}__startswith": path})
    return q


def area_list_public(*, level: str | None = None) -> QuerySet[Area]:
    qs = Area.objects.all()
    if level:
        qs = qs.filter(level=level)
    return qs.select_related("parent")


def area_ancestors(area: Area) -> list[Area]:
    ids = [int(x) for x in area.path.strip("/").split("/") if x]
    by_id = Area.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def area_at_level(area: Area, level: str) -> Area | None:
    for candidate in area_ancestors(area):
        if candidate.level == level:
            return candidate
    return None


def unit_list_for_area(area: Area) -> QuerySet[Unit]:
    ids = [int(x) for x in area.path.strip("/").split("/") if x]
    return Unit.objects.filter(area_id__in=ids, is_active=True)


def government_unit_for(area: Area) -> Unit | None:
    """The coordinating government unit of the nearest area up the tree."""
    for candidate in reversed(area_ancestors(area)):
        unit = Unit.objects.filter(area=candidate, kind="government", is_active=True).first()
        if unit:
            return unit
    return None


class GridIndex:
    """Point-in-grid lookup over the grid polygons (shapely STRtree)."""

    def __init__(self, grids: list[Area]):
        self.grids = [g for g in grids if g.polygon]
        self.shapes = [Polygon(g.polygon) for g in self.grids]
        self.tree = STRtree(self.shapes) if self.shapes else None

    def locate(self, lat: float, lng: float) -> Area | None:
        if self.tree is None:
            return None
        point = Point(lng, lat)
        for index in self.tree.query(point, predicate="intersects"):
            return self.grids[int(index)]
        return None


def grid_for_point(lat: float, lng: float) -> Area | None:
    return GridIndex(list(Area.objects.filter(level=AreaLevel.GRID))).locate(lat, lng)


def staff_in_role(role: Role, unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(memberships__unit=unit, memberships__role=role).distinct()
