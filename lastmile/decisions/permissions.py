"""Who may do what in the decision process. Each ``require_*`` raises NotPermitted with a reason.

- The cadres of a community or village — anyone active in a grassroots unit whose area is that
  community or village — register matters and record every step there.
- Area roles above (grid workers, dispatchers, supervisors, administrators covering the area)
  see the matters and their records; they do not record steps for the village.
- The setting that merges steps 1–2 is the unit leader's of the area's grassroots unit, or an
  administrator's covering the area.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lastmile.core.errors import NotPermitted
from lastmile.orgs.choices import Role, UnitKind
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor


def cadre_area_ids(actor: Actor, *roles: str) -> frozenset[int]:
    """Areas whose own grassroots unit the actor works in (with one of ``roles``, if given)."""
    return frozenset(
        m.unit.area_id
        for m in actor.memberships
        if m.unit.kind == UnitKind.GRASSROOTS and (not roles or m.role in roles)
    )


def may_view(actor: Actor, area: Area) -> bool:
    if actor.is_superuser:
        return True
    return area.pk in cadre_area_ids(actor) or actor.covers_area(area)


def may_record(actor: Actor, area: Area) -> bool:
    return actor.is_superuser or area.pk in cadre_area_ids(actor)


def may_configure(actor: Actor, area: Area) -> bool:
    if actor.is_superuser:
        return True
    return area.pk in cadre_area_ids(actor, Role.UNIT_LEADER) or actor.covers_area(area, Role.ADMIN)


def may_register_anywhere(actor: Actor) -> bool:
    return actor.is_superuser or bool(cadre_area_ids(actor))


def require_record(actor: Actor, area: Area) -> None:
    if not may_record(actor, area):
        raise NotPermitted(
            _(
                "Only the cadres of %(area)s (its own party organisation and committee) can "
                "record its decision process."
            )
            % {"area": area.name}
        )


def require_configure(actor: Actor, area: Area) -> None:
    if not may_configure(actor, area):
        raise NotPermitted(
            _(
                "Only the leader of %(area)s's party organisation or an administrator can change "
                "this setting."
            )
            % {"area": area.name}
        )
