"""Who may do what in the service network. Each ``require_*`` raises NotPermitted with a reason.

- Stations are managed (roster, missed-duty view, agents) by the leader of the unit that runs
  the station, anyone in that unit's superior unit, and dispatchers, supervisors and
  administrators whose area covers the station.
- A person checks in and out of their own shifts only.
- The agent assigned to a village registers its requests, forwards them and hands them back;
  the service centre's staff (handlers, leaders of the unit that runs it) accept and reply.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from lastmile.core.errors import NotPermitted
from lastmile.orgs.choices import UNIT_ROLES, Role
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor, subtree_q
from lastmile.stations.models import AgentAssignment, AgentRequest, Station

MANAGE_AREA_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN)


def member_unit_ids(actor: Actor) -> frozenset[int]:
    return frozenset(m.unit_id for m in actor.memberships)


# ---- stations ---------------------------------------------------------------------------------


def manage_q(actor: Actor, prefix: str = "") -> Q:
    """Stations this person manages (``prefix`` for lookups through a relation)."""
    if actor.is_superuser:
        return Q()
    q = Q(**{f"{prefix}unit_id__in": actor.units_with_role(Role.UNIT_LEADER)})
    q |= Q(**{f"{prefix}unit__parent_id__in": member_unit_ids(actor)})
    paths = actor.area_paths(*MANAGE_AREA_ROLES)
    if paths:
        q |= subtree_q(paths, f"{prefix}area__path")
    return q


def may_manage(actor: Actor, station: Station) -> bool:
    if actor.is_superuser:
        return True
    if station.unit_id in actor.units_with_role(Role.UNIT_LEADER):
        return True
    if station.unit.parent_id is not None and station.unit.parent_id in member_unit_ids(actor):
        return True
    return actor.covers_area(station.area, *MANAGE_AREA_ROLES)


def require_manage(actor: Actor, station: Station) -> None:
    if not may_manage(actor, station):
        raise NotPermitted(
            _(
                "Only the leader of the unit that runs this station, its superior unit, or "
                "staff covering this area can change the duty roster."
            )
        )


def may_manage_any(actor: Actor) -> bool:
    if actor.is_superuser:
        return True
    return bool(
        actor.units_with_role(Role.UNIT_LEADER)
        or actor.has_role(*MANAGE_AREA_ROLES)
        or Station.objects.filter(unit__parent_id__in=member_unit_ids(actor)).exists()
    )


# ---- agents -----------------------------------------------------------------------------------


def agent_area_ids(actor: Actor) -> frozenset[int]:
    """The villages this person is the active agent of."""
    if actor.person is None:
        return frozenset()
    cached = getattr(actor, "_stations_agent_areas", None)
    if cached is None:
        cached = frozenset(
            AgentAssignment.objects.filter(person=actor.person, is_active=True).values_list(
                "area_id", flat=True
            )
        )
        actor._stations_agent_areas = cached  # type: ignore[attr-defined]
    return cached


def is_agent(actor: Actor) -> bool:
    return bool(agent_area_ids(actor))


def is_agent_for(actor: Actor, area_id: int) -> bool:
    return area_id in agent_area_ids(actor)


def centre_unit_ids(actor: Actor) -> frozenset[int]:
    return actor.units_with_role(*UNIT_ROLES)


def is_centre_staff(actor: Actor, request: AgentRequest) -> bool:
    if actor.is_superuser:
        return True
    return request.centre.unit_id in centre_unit_ids(actor)


def may_see_queue(actor: Actor) -> bool:
    if actor.is_superuser:
        return True
    ids = centre_unit_ids(actor)
    return bool(ids) and Station.objects.filter(unit_id__in=ids, kind="centre").exists()


def request_scope_q(actor: Actor) -> Q:
    """Requests this person may see: their villages' (agent), their centre's (its staff), their
    village unit's, and those in the area subtrees of their area roles."""
    if actor.is_superuser:
        return Q()
    q = Q(area_id__in=agent_area_ids(actor))
    units = centre_unit_ids(actor)
    if units:
        q |= Q(centre__unit_id__in=units)
        q |= Q(area_id__in={m.unit.area_id for m in actor.memberships if m.role in UNIT_ROLES})
    paths = actor.area_paths()
    if paths:
        q |= subtree_q(paths)
    return q


def require_agent(actor: Actor, request: AgentRequest) -> None:
    if not (actor.is_superuser or is_agent_for(actor, request.area_id)):
        raise NotPermitted(_("Only the village's agent can do this."))


def require_centre_staff(actor: Actor, request: AgentRequest) -> None:
    if not is_centre_staff(actor, request):
        raise NotPermitted(_("Only the service centre's staff can do this."))


def may_assign_agents(actor: Actor, area: Area) -> bool:
    if actor.is_superuser:
        return True
    if actor.covers_area(area, *MANAGE_AREA_ROLES):
        return True
    return any(m.role == Role.UNIT_LEADER and m.unit.area_id == area.pk for m in actor.memberships)


def require_assign_agents(actor: Actor, area: Area) -> None:
    if not may_assign_agents(actor, area):
        raise NotPermitted(
            _("Only the village's leader or staff covering this area can appoint its agents.")
        )
