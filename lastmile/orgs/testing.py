"""A small, complete organisation for tests: one district, one street, two communities with two
grids each, units of every kind, and a person for every role. Each test builds it afresh."""

from __future__ import annotations

from dataclasses import dataclass, field

from lastmile.orgs import services
from lastmile.orgs.choices import AreaLevel, Role, UnitKind
from lastmile.orgs.models import Area, Person, Unit
from lastmile.orgs.selectors import Actor, actor_for_user

PASSWORD = "lastmile-test-pass"


def square(lng: float, lat: float, size: float = 0.01) -> list[list[float]]:
    return [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]


@dataclass
class World:
    areas: dict[str, Area] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def actor(self, key: str) -> Actor:
        return actor_for_user(self.people[key].user)

    def username(self, key: str) -> str:
        user = self.people[key].user
        assert user is not None
        return user.get_username()


def build_world(prefix: str = "t") -> World:
    w = World()
    a = w.areas
    a["district"] = services.area_create(name="示范区", code=f"{prefix}D", level=AreaLevel.DISTRICT)
    a["street"] = services.area_create(
        name="和平街道", code=f"{prefix}S", level=AreaLevel.STREET, parent=a["district"]
    )
    for i, name in enumerate(["东风社区", "向阳社区"]):
        key = f"c{i + 1}"
        a[key] = services.area_create(
            name=name, code=f"{prefix}C{i}", level=AreaLevel.COMMUNITY, parent=a["street"]
        )
        for j in range(2):
            a[f"{key}g{j + 1}"] = services.area_create(
                name=f"{name}第{j + 1}网格",
                code=f"{prefix}G{i}{j}",
                level=AreaLevel.GRID,
                parent=a[key],
                polygon=square(112.9 + i * 0.02 + j * 0.01, 28.2),
            )
    u = w.units
    u["district_gov"] = services.unit_create(
        name="示范区人民政府", code=f"{prefix}U0", kind=UnitKind.GOVERNMENT, area=a["district"]
    )
    u["street_gov"] = services.unit_create(
        name="和平街道办事处",
        code=f"{prefix}U1",
        kind=UnitKind.GOVERNMENT,
        area=a["street"],
        parent=u["district_gov"],
    )
    u["housing"] = services.unit_create(
        name="区住建局",
        code=f"{prefix}U2",
        kind=UnitKind.DEPARTMENT,
        area=a["district"],
        parent=u["district_gov"],
    )
    u["sanitation"] = services.unit_create(
        name="区城管局",
        code=f"{prefix}U3",
        kind=UnitKind.DEPARTMENT,
        area=a["district"],
        parent=u["district_gov"],
    )
    u["c1_org"] = services.unit_create(
        name="东风社区党委",
        code=f"{prefix}U4",
        kind=UnitKind.GRASSROOTS,
        area=a["c1"],
        parent=u["street_gov"],
    )
    u["c2_org"] = services.unit_create(
        name="向阳社区党委",
        code=f"{prefix}U5",
        kind=UnitKind.GRASSROOTS,
        area=a["c2"],
        parent=u["street_gov"],
    )
    staff = [
        ("dispatcher", "派单员", "street_gov", Role.DISPATCHER, "street"),
        ("supervisor", "督办员", "district_gov", Role.SUPERVISOR, "district"),
        ("handler", "住建办理员", "housing", Role.HANDLER, None),
        ("leader", "住建局长", "housing", Role.UNIT_LEADER, None),
        ("handler2", "城管办理员", "sanitation", Role.HANDLER, None),
        ("c1_handler", "东风社工", "c1_org", Role.HANDLER, None),
        ("c2_handler", "向阳社工", "c2_org", Role.HANDLER, None),
        ("gridder", "网格员", "c1_org", Role.GRID_WORKER, "c1g1"),
        ("admin", "管理员", "district_gov", Role.ADMIN, "district"),
    ]
    for key, name, unit, role, area in staff:
        person = services.person_create(name=name, username=f"{prefix}_{key}", password=PASSWORD)
        services.membership_add(
            person=person, unit=u[unit], role=role, area=a[area] if area else None
        )
        w.people[key] = person
    w.people["outsider"] = services.person_create(
        name="外人", username=f"{prefix}_outsider", password=PASSWORD
    )
    return w
