"""The area scope of a staff member as a query, for deeds, people, goods and redemptions."""

from __future__ import annotations

from django.db.models import Q

from lastmile.merits.permissions import EVERYTHING, staff_paths
from lastmile.orgs.selectors import Actor


def area_q(actor: Actor, *fields: str, cadre: bool = False) -> Q | None:
    """A filter matching rows whose area (any of ``fields``, paths) lies in the actor's scope;
    ``Q()`` for everything, ``None`` for nothing."""
    paths = staff_paths(actor, cadre=cadre)
    if not paths:
        return None
    if EVERYTHING in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        for field in fields:
            q |= Q(**{f"{field}__startswith": path})
    return q


def people_q(actor: Actor) -> Q | None:
    """People who live in the actor's scope (their home area, or their household's grid)."""
    paths = staff_paths(actor)
    if not paths:
        return None
    if EVERYTHING in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(home_area__path__startswith=path)
        q |= Q(home_area__isnull=True, household__area__path__startswith=path)
    return q
