"""Who may do what on the ledger. Each ``require_*`` raises NotPermitted with a reason.

- The owner unit's staff (handlers, unit leaders) work the item: start, notes, milestones, submit.
- 销号 and 复号 are the superior's: anyone active in the owner unit's superior unit
  (``Unit.parent``), or a supervisor (or administrator) whose area covers the item.
- Registering for a unit: its own staff (自己找), its superior unit (上级点), or a dispatcher,
  supervisor or administrator covering the unit's area.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lastmile.core.errors import NotPermitted
from lastmile.orgs.choices import UNIT_ROLES, Role
from lastmile.orgs.models import Area, Unit
from lastmile.orgs.selectors import Actor
from lastmile.rectify.models import LedgerItem

REGISTER_AREA_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN)
ACCEPT_AREA_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def member_unit_ids(actor: Actor) -> frozenset[int]:
    return frozenset(m.unit_id for m in actor.memberships)


def is_owner_staff(actor: Actor, item: LedgerItem) -> bool:
    if actor.is_superuser:
        return True
    return item.owner_unit_id in actor.units_with_role(*UNIT_ROLES)


def is_superior_of(actor: Actor, unit: Unit, area: Area) -> bool:
    """A person of the unit's superior unit, or a supervisor/administrator covering the area."""
    if actor.is_superuser:
        return True
    if unit.parent_id is not None and unit.parent_id in member_unit_ids(actor):
        return True
    return actor.covers_area(area, *ACCEPT_AREA_ROLES)


def may_accept(actor: Actor, item: LedgerItem) -> bool:
    return is_superior_of(actor, item.owner_unit, item.area)


def may_register_for(actor: Actor, unit: Unit, area: Area) -> bool:
    if actor.is_superuser:
        return True
    if unit.pk in actor.units_with_role(*UNIT_ROLES):
        return True
    if unit.parent_id is not None and unit.parent_id in member_unit_ids(actor):
        return True
    return actor.covers_area(area, *REGISTER_AREA_ROLES)


def may_register(actor: Actor) -> bool:
    """Whether this person may register items at all (drives the desk links)."""
    if actor.is_superuser:
        return True
    return bool(actor.units_with_role(*UNIT_ROLES)) or actor.has_role(*REGISTER_AREA_ROLES)


def may_work(actor: Actor, item: LedgerItem) -> bool:
    return is_owner_staff(actor, item)


def may_plan(actor: Actor, item: LedgerItem) -> bool:
    return is_owner_staff(actor, item) or may_accept(actor, item)


def require_owner_staff(actor: Actor, item: LedgerItem) -> None:
    if not is_owner_staff(actor, item):
        raise NotPermitted(_("Only the responsible unit's staff can do this."))


def require_planner(actor: Actor, item: LedgerItem) -> None:
    if not may_plan(actor, item):
        raise NotPermitted(
            _("Only the responsible unit's staff or its superior can change the plan.")
        )


def require_superior(actor: Actor, item: LedgerItem) -> None:
    if not may_accept(actor, item):
        raise NotPermitted(
            _(
                "Only the superior of the responsible unit, or a supervisor covering this area, "
                "can close (销号) or reopen (复号) a ledger item."
            )
        )


def require_register_for(actor: Actor, unit: Unit, area: Area) -> None:
    if not may_register_for(actor, unit, area):
        raise NotPermitted(
            _(
                "You can register items only for your own unit, the units under yours, or the "
                "units in the areas you cover."
            ),
            field="owner_unit",
        )
