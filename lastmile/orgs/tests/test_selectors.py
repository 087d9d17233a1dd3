"""Reads of the organisation tree and the Actor."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from lastmile.orgs import selectors, services
from lastmile.orgs.choices import AreaLevel, Role


def test_actor_for_anonymous_and_none(db):
    for user in (None, AnonymousUser()):
        actor = selectors.actor_for_user(user)
        assert actor.is_anonymous and not actor.is_staff_member and actor.roles() == set()


def test_actor_roles_units_and_areas(world):
    dispatcher = world.actor("dispatcher")
    assert dispatcher.roles() == {Role.DISPATCHER}
    assert dispatcher.unit_ids == frozenset()
    assert dispatcher.area_paths() == [world.areas["street"].path]
    assert dispatcher.covers_area(world.areas["c2g2"])
    assert not dispatcher.covers_area(world.areas["district"])
    assert not dispatcher.covers_area(None)
    handler = world.actor("handler")
    assert handler.unit_ids == frozenset({world.units["housing"].pk})
    assert handler.area_paths() == []
    assert handler.label == "住建办理员"


def test_nested_paths_collapse(world):
    person = world.people["dispatcher"]
    services.membership_add(
        person=person, unit=world.units["c1_org"], role=Role.DISPATCHER, area=world.areas["c1"]
    )
    assert world.actor("dispatcher").area_paths() == [world.areas["street"].path]


def test_inactive_membership_is_ignored(world):
    person = world.people["handler"]
    person.memberships.update(is_active=False)
    actor = world.actor("handler")
    assert not actor.is_staff_member and actor.unit_ids == frozenset()


def test_outsider_is_not_staff(world):
    actor = world.actor("outsider")
    assert not actor.is_anonymous and not actor.is_staff_member


def test_area_ancestors_and_level(world):
    a = world.areas
    assert selectors.area_ancestors(a["c1g1"]) == [a["district"], a["street"], a["c1"], a["c1g1"]]
    assert selectors.area_at_level(a["c1g1"], AreaLevel.STREET) == a["street"]
    assert selectors.area_at_level(a["street"], AreaLevel.GRID) is None


def test_government_unit_for(world):
    assert selectors.government_unit_for(world.areas["c1g1"]) == world.units["street_gov"]
    assert selectors.government_unit_for(world.areas["district"]) == world.units["district_gov"]


def test_unit_list_for_area(world):
    units = set(selectors.unit_list_for_area(world.areas["c1g1"]))
    assert world.units["c1_org"] in units and world.units["c2_org"] not in units
    assert world.units["housing"] in units


def test_grid_for_point(world):
    assert selectors.grid_for_point(28.205, 112.905) == world.areas["c1g1"]
    assert selectors.grid_for_point(28.205, 112.935) == world.areas["c2g2"]
    assert selectors.grid_for_point(28.3, 112.905) is None
    assert selectors.GridIndex([]).locate(28.205, 112.905) is None


def test_staff_in_role(world):
    people = list(selectors.staff_in_role(Role.HANDLER, world.units["housing"]))
    assert people == [world.people["handler"]]


def test_area_list_public(world):
    assert selectors.area_list_public(level=AreaLevel.GRID).count() == 4
    assert selectors.area_list_public().count() == 8
