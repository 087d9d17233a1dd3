"""Where a person lives, as far as the merits app needs it: their grid and their community."""

from __future__ import annotations

from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import area_ancestors


def home_area(person: Person) -> Area | None:
    """The person's home area, or their household's grid when no home area is set."""
    if person.home_area_id is not None:
        return person.home_area
    if person.household_id is not None and person.household is not None:
        return person.household.area
    return None


def community_of_area(area: Area | None) -> Area | None:
    if area is None:
        return None
    if area.level == AreaLevel.COMMUNITY:
        return area
    for candidate in area_ancestors(area):
        if candidate.level == AreaLevel.COMMUNITY:
            return candidate
    return None


def community_of(person: Person) -> Area | None:
    return community_of_area(home_area(person))
