"""Who may do what to a concern. Each check raises NotPermitted with a reason."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lastmile.concerns.models import Concern
from lastmile.core.errors import NotPermitted
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor

HANDLER_ROLES = (Role.HANDLER, Role.UNIT_LEADER)


def _covers(actor: Actor, concern: Concern, *roles: str) -> bool:
    if actor.is_superuser:
        return True
    if not actor.has_role(*roles):
        return False
    if concern.area is None:
        return True  # unlocated concerns go to every dispatcher until placed
    return actor.covers_area(concern.area, *roles)


def is_dispatcher_for(actor: Actor, concern: Concern) -> bool:
    return _covers(actor, concern, Role.DISPATCHER, Role.ADMIN)


def is_supervisor_for(actor: Actor, concern: Concern) -> bool:
    return _covers(actor, concern, Role.SUPERVISOR, Role.ADMIN)


def is_lead_handler(actor: Actor, concern: Concern) -> bool:
    if actor.is_superuser:
        return True
    return concern.lead_unit_id in actor.units_with_role(*HANDLER_ROLES)


def is_assist_handler(actor: Actor, concern: Concern) -> bool:
    """A handler of a unit assisting on this concern that has not reported back yet."""
    units = actor.units_with_role(*HANDLER_ROLES)
    return (
        bool(units) and concern.assists.filter(unit_id__in=units, reported_at__isnull=True).exists()
    )


def require_dispatcher(actor: Actor, concern: Concern) -> None:
    if not is_dispatcher_for(actor, concern):
        raise NotPermitted(_("Only a dispatcher covering this area can do this."))


def require_supervisor(actor: Actor, concern: Concern) -> None:
    if not is_supervisor_for(actor, concern):
        raise NotPermitted(_("Only a supervisor covering this area can do this."))


def require_lead_handler(actor: Actor, concern: Concern) -> None:
    if not is_lead_handler(actor, concern):
        raise NotPermitted(_("Only the lead unit's handlers can do this."))


def require_dispatcher_or_supervisor(actor: Actor, concern: Concern) -> None:
    if not (is_dispatcher_for(actor, concern) or is_supervisor_for(actor, concern)):
        raise NotPermitted(_("Only a dispatcher or supervisor covering this area can do this."))
