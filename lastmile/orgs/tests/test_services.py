"""Writes to the organisation tree."""

from __future__ import annotations

import pytest

from lastmile.core import audit
from lastmile.core.errors import InvalidInput
from lastmile.core.models import AuditEvent
from lastmile.orgs import services
from lastmile.orgs.choices import AreaLevel, Role, UnitKind
from lastmile.orgs.models import Area, Membership
from lastmile.orgs.testing import square


def test_world_is_complete_and_audited(world):
    assert Area.objects.count() == 8
    assert world.areas["c1g1"].path == (
        f"/{world.areas['district'].pk}/{world.areas['street'].pk}/"
        f"{world.areas['c1'].pk}/{world.areas['c1g1'].pk}/"
    )
    assert world.areas["c1g1"].is_within(world.areas["street"])
    assert not world.areas["c1g1"].is_within(world.areas["c2"])
    assert AuditEvent.objects.filter(verb="area.created").count() == 8
    assert audit.verify().ok


def test_grid_centre_from_polygon(world):
    grid = world.areas["c1g1"]
    assert grid.centre_lng == pytest.approx(112.905) and grid.centre_lat == pytest.approx(28.205)


@pytest.mark.parametrize(
    ("level", "parent_key"),
    [
        (AreaLevel.STREET, None),
        (AreaLevel.GRID, "street"),
        (AreaLevel.COMMUNITY, "district"),
        (AreaLevel.DISTRICT, "street"),
    ],
)
def test_area_level_must_follow_the_tree(world, level, parent_key):
    parent = world.areas[parent_key] if parent_key else None
    with pytest.raises(InvalidInput):
        services.area_create(name="x", code="bad", level=level, parent=parent)


@pytest.mark.parametrize(
    "polygon",
    [
        [[0, 0], [1, 1]],  # too few points
        [[0, 0], [1, 1], [0, 0]],  # no area
        [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]],  # self-intersecting bow tie
        [["a", "b"], ["c", "d"], ["e", "f"]],  # not coordinates
    ],
)
def test_bad_polygon_is_invalid_input(world, polygon):
    with pytest.raises(InvalidInput) as info:
        services.area_create(
            name="x", code="bad", level=AreaLevel.GRID, parent=world.areas["c1"], polygon=polygon
        )
    assert info.value.field == "polygon"


def test_bad_choices_are_invalid_input(world):
    with pytest.raises(InvalidInput):
        services.area_create(name="x", code="bad", level="planet")
    with pytest.raises(InvalidInput):
        services.unit_create(name="x", code="bad", kind="club", area=world.areas["street"])
    with pytest.raises(InvalidInput):
        services.membership_add(
            person=world.people["outsider"], unit=world.units["housing"], role="king"
        )


def test_membership_defaults_to_the_units_area(world):
    m = services.membership_add(
        person=world.people["outsider"], unit=world.units["c2_org"], role=Role.GRID_WORKER
    )
    assert m.area == world.areas["c2"]


def test_admin_membership_makes_staff(world):
    person = services.person_create(name="新管理员", username="t_newadmin", password="x" * 12)
    assert not person.user.is_staff
    services.membership_add(person=person, unit=world.units["district_gov"], role=Role.ADMIN)
    person.user.refresh_from_db()
    assert person.user.is_staff
    assert Membership.objects.filter(person=person).count() == 1


def test_person_without_login(db):
    person = services.person_create(name="居民甲", phone="13812345678")
    assert person.user is None


def test_superuser(db):
    person = services.person_create(name="根", username="t_root", is_superuser=True)
    assert person.user.is_superuser and person.user.is_staff


def test_unit_and_household(world):
    unit = services.unit_create(
        name="供水公司", code="tW", kind=UnitKind.ENTERPRISE, area=world.areas["district"]
    )
    assert unit.is_active
    household = services.household_create(
        area=world.areas["c1g1"], address="1栋101", head_name="张三", size=3
    )
    assert household.pk and AuditEvent.objects.filter(verb="household.created").count() == 1


def test_square_helper():
    ring = square(1.0, 2.0, 0.5)
    assert ring[0] == ring[-1] and len(ring) == 5


def test_duplicates_are_invalid_input_not_a_crash(world):
    cases = [
        (lambda: services.area_create(name="x", code="tD", level=AreaLevel.DISTRICT), "code"),
        (
            lambda: services.unit_create(
                name="x", code="tU0", kind=UnitKind.GOVERNMENT, area=world.areas["district"]
            ),
            "code",
        ),
        (lambda: services.person_create(name="x", username="t_handler"), "username"),
        (
            lambda: services.membership_add(
                person=world.people["handler"], unit=world.units["housing"], role=Role.HANDLER
            ),
            "role",
        ),
    ]
    for call, field in cases:
        with pytest.raises(InvalidInput) as info:
            call()
        assert info.value.field == field
