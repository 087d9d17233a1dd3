"""Who may do what in the bulletin. Each ``require_*`` raises NotPermitted with a reason.

- Notices: any staff member (a membership) writes, schedules, publishes and withdraws notices
  for the areas in their reach (each membership's jurisdiction, or its unit's area, and below).
- The message board: staff of the post's community reply, moderate and turn it into a concern:
  its own organisation and grid workers, and the street or district above it (functional
  departments are not "staff of the area"). Posts outside their reach are 404 (the selectors),
  not 403.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lastmile.bulletin.selectors import covers
from lastmile.core.errors import NotPermitted
from lastmile.orgs.models import Area, Unit
from lastmile.orgs.selectors import Actor


def is_staff(actor: Actor) -> bool:
    return not actor.is_anonymous and actor.is_staff_member


def require_staff(actor: Actor) -> None:
    if not is_staff(actor):
        raise NotPermitted(_("Only staff can do this."))


def require_area(actor: Actor, area: Area | None, *, field: str = "area") -> None:
    require_staff(actor)
    if not covers(actor, area):
        raise NotPermitted(_("You can write notices only for the areas you work in."), field=field)


def require_board_staff(actor: Actor, area: Area) -> None:
    require_staff(actor)
    if not covers(actor, area, board=True):
        raise NotPermitted(_("Only the staff of this community can do this."))


def issuing_units(actor: Actor) -> list[Unit]:
    """The units a staff member may sign notices and replies for (their memberships' units)."""
    seen: dict[int, Unit] = {}
    for m in actor.memberships:
        seen.setdefault(m.unit_id, m.unit)
    return list(seen.values())


def unit_for(actor: Actor, area: Area) -> Unit | None:
    """The actor's unit closest to ``area``: one whose area contains it, the deepest first."""
    units = [u for u in issuing_units(actor) if area.path.startswith(u.area.path)]
    units.sort(key=lambda u: len(u.area.path), reverse=True)
    if units:
        return units[0]
    fallback = issuing_units(actor)
    return fallback[0] if fallback else None
