"""Who may study and who may manage.

- Studying is for party members: a logged-in ``Person`` with ``is_party_member``. A member's
  branch is the community or village of their home area (a grid's community).
- Managing (courses, assignments, the hours report) is for staff covering an area: area roles
  (dispatcher, grid worker, supervisor, administrator) over their subtrees, the staff of a
  grassroots organisation (its community or village), and the party secretary of a community or
  village (the branch secretary). Superusers reach everything.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lastmile.core.errors import NotPermitted
from lastmile.learning.models import Course
from lastmile.orgs.choices import AREA_ROLES, UNIT_ROLES, AreaLevel, PostKind, UnitKind
from lastmile.orgs.models import Area, Person, Post
from lastmile.orgs.selectors import Actor

_CACHE = "_learning_paths"


def branch_of(person: Person) -> Area | None:
    """The community or village a party member belongs to (their home area's community)."""
    area = person.home_area
    if area is None:
        return None
    if area.level == AreaLevel.COMMUNITY:
        return area
    if area.level == AreaLevel.GRID:
        return area.parent
    return None


def is_member(actor: Actor) -> bool:
    return actor.person is not None and actor.person.is_party_member


def _roots(paths: set[str]) -> list[str]:
    return sorted(p for p in paths if not any(p != o and p.startswith(o) for o in paths))


def manage_paths(actor: Actor) -> list[str]:
    """Area paths this person manages learning for (cached on the actor: one query)."""
    cached = actor.__dict__.get(_CACHE)
    if cached is not None:
        return list(cached)
    if actor.is_superuser:
        paths: list[str] = ["/"]
    else:
        found = set(actor.area_paths(*AREA_ROLES)) if actor.has_role(*AREA_ROLES) else set()
        for m in actor.memberships:
            if m.role in UNIT_ROLES and m.unit.kind == UnitKind.GRASSROOTS:
                found.add(m.unit.area.path)
        if actor.person is not None:
            found.update(
                Post.objects.filter(
                    person=actor.person, kind=PostKind.PARTY_SECRETARY, is_active=True
                ).values_list("area__path", flat=True)
            )
        paths = _roots(found)
    actor.__dict__[_CACHE] = paths
    return list(paths)


def may_manage(actor: Actor) -> bool:
    return not actor.is_anonymous and bool(manage_paths(actor))


def covers(actor: Actor, area: Area | None) -> bool:
    if area is None:
        return actor.is_superuser
    return any(area.path.startswith(p) for p in manage_paths(actor))


def may_edit(actor: Actor, course: Course) -> bool:
    return covers(actor, course.area)


def may_use(actor: Actor, course: Course) -> bool:
    """Assign a course: one made in the actor's areas or above them (a street's course is used by
    its communities)."""
    if may_edit(actor, course):
        return True
    return any(p.startswith(course.area.path) for p in manage_paths(actor))


def require_manager(actor: Actor) -> None:
    if not may_manage(actor):
        raise NotPermitted(_("Only staff who manage party-member learning can do this."))


def require_cover(actor: Actor, area: Area | None, field: str = "area") -> None:
    if not covers(actor, area):
        raise NotPermitted(_("That area is outside the areas you manage."), field=field)


def require_editor(actor: Actor, course: Course) -> None:
    if not may_edit(actor, course):
        raise NotPermitted(_("Only staff of the area that organises this course can change it."))


def require_member(actor: Actor) -> Person:
    if not is_member(actor):
        raise NotPermitted(_("Learning is for party members."))
    assert actor.person is not None
    return actor.person
