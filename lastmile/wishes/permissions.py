"""Who may do what with wishes. Reads only the ``Actor``; raises NotPermitted/NotFound.

- Staff of a wish: people with an active membership in the grassroots unit of the wish's
  community or village (any role), or an area role (dispatcher, grid worker, supervisor,
  administrator) whose jurisdiction covers it. They collect on behalf, verify, publish, edit,
  record a confirmation obtained in person or by phone, and manage rounds.
- Claimers: party members and registered volunteers in their own name; members of a unit on
  the unit's behalf.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from lastmile.core.errors import NotFound, NotPermitted
from lastmile.orgs.choices import UnitKind
from lastmile.orgs.models import Area, Unit
from lastmile.orgs.selectors import Actor, subtree_q


def grassroots_area_ids(actor: Actor) -> frozenset[int]:
    """The communities/villages whose grassroots unit the actor belongs to."""
    return frozenset(
        m.unit.area_id for m in actor.memberships if m.unit.kind == UnitKind.GRASSROOTS
    )


def is_wish_staff(actor: Actor) -> bool:
    """Whether the actor is staff for any community at all (drives the desk links)."""
    if actor.is_superuser:
        return True
    return bool(grassroots_area_ids(actor)) or bool(actor.area_paths())


def is_staff_for(actor: Actor, community: Area | None) -> bool:
    if actor.is_superuser:
        return True
    if community is None:
        return False
    return community.pk in grassroots_area_ids(actor) or actor.covers_area(community)


def staff_q(actor: Actor, prefix: str = "") -> Q:
    """Filter on the wishes (``prefix`` = path to the wish, e.g. ``"wish__"``) in reach."""
    if actor.is_superuser:
        return Q()
    q = Q(**{f"{prefix}community_id__in": grassroots_area_ids(actor)})
    paths = actor.area_paths()
    if paths:
        q |= subtree_q(paths, f"{prefix}community__path")
    return q


def require_staff_for(actor: Actor, community: Area) -> None:
    """Outside the actor's jurisdiction a wish does not exist for them (404, never 403)."""
    if not is_staff_for(actor, community):
        raise NotFound(_("No such wish in your area."))


def may_manage_round(actor: Actor, area: Area) -> bool:
    if actor.is_superuser:
        return True
    return area.pk in grassroots_area_ids(actor) or actor.covers_area(area)


def member_unit_ids(actor: Actor) -> frozenset[int]:
    return frozenset(m.unit_id for m in actor.memberships)


def claimer_units(actor: Actor) -> list[Unit]:
    """Units the actor may claim for: those they are an active member of."""
    seen: dict[int, Unit] = {}
    for m in actor.memberships:
        seen.setdefault(m.unit_id, m.unit)
    return list(seen.values())


def may_claim_personally(actor: Actor) -> bool:
    person = actor.person
    return person is not None and (person.is_party_member or person.is_volunteer)


def may_claim(actor: Actor) -> bool:
    return actor.person is not None and (may_claim_personally(actor) or bool(actor.memberships))


def require_claimer(actor: Actor, unit: Unit | None) -> None:
    if actor.person is None:
        raise NotPermitted(_("Log in to claim a wish."))
    if unit is None:
        if not may_claim_personally(actor):
            raise NotPermitted(
                _(
                    "Wishes are claimed by party members, registered volunteers and "
                    "organisations. Register as a volunteer, or claim for your organisation."
                ),
                field="unit",
            )
        return
    if unit.pk not in member_unit_ids(actor):
        raise NotPermitted(
            _("You can claim for %(unit)s only if you are one of its members.")
            % {"unit": unit.name},
            field="unit",
        )


def acts_for_claim(actor: Actor, person_id: int, unit_id: int | None) -> bool:
    """The claimer, or (for a unit's claim) a member of that unit."""
    if actor.person is None:
        return False
    if actor.person.pk == person_id:
        return True
    return unit_id is not None and unit_id in member_unit_ids(actor)
