"""Who may do what in the merits app.

- **Staff of a community** are the members of its grassroots unit (handlers, unit leaders) and the
  people whose area role covers it (dispatchers, supervisors, administrators of the street or
  district). They review deeds (as cadres), keep the 爱心超市, publish model stories and see the
  tallies.
- **Grid workers** record deeds for people living in their grid, and see those deeds, but do not
  review them: a deed is approved by a cadre of the community.
- Nobody reviews a deed about themselves or one they recorded themselves (four eyes).
"""

from __future__ import annotations

from lastmile.orgs.choices import AREA_ROLES, UNIT_ROLES, Role, UnitKind
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor

EVERYTHING = "/"


def _outermost(paths: set[str]) -> list[str]:
    return sorted(p for p in paths if not any(p != o and p.startswith(o) for o in paths))


def staff_paths(actor: Actor, *, cadre: bool = False) -> list[str]:
    """Area paths the actor works in; ``cadre`` leaves out grid workers (who record, not
    review)."""
    if actor.is_superuser:
        return [EVERYTHING]
    paths: set[str] = set()
    for m in actor.memberships:
        if m.role in UNIT_ROLES and m.unit.kind == UnitKind.GRASSROOTS:
            paths.add(m.unit.area.path)
        elif m.role in AREA_ROLES and not (cadre and m.role == Role.GRID_WORKER):
            paths.add((m.area or m.unit.area).path)
    return _outermost(paths)


def is_merits_staff(actor: Actor) -> bool:
    return bool(staff_paths(actor))


def is_cadre(actor: Actor) -> bool:
    return bool(staff_paths(actor, cadre=True))


def covers(actor: Actor, area: Area | None, *, cadre: bool = False) -> bool:
    if area is None:
        return actor.is_superuser
    return any(area.path.startswith(p) for p in staff_paths(actor, cadre=cadre))


def may_record_for(actor: Actor, area: Area | None) -> bool:
    return covers(actor, area)


def may_review(actor: Actor, community: Area) -> bool:
    return covers(actor, community, cadre=True)


def may_keep_shop(actor: Actor, community: Area) -> bool:
    return covers(actor, community, cadre=True)
