"""A small, complete organisation for tests: one district, one street, two communities with two
grids each, units of every kind, and a person for every role. Each test builds it afresh."""

from __future__ import annotations

from dataclasses import dataclass, field

from lastmile.orgs import services
from lastmile.orgs.choices import AreaLevel, PostKind, Role, UnitKind
from lastmile.orgs.models import Area, Household, Person, Unit
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


@dataclass
class Village:
    """A village added to a test world, with its registers (see :func:`build_village`)."""

    area: Area
    grid: Area
    unit: Unit
    secretary: Person  # also chair of the villagers' committee (一肩挑), login t_v_secretary
    committee: list[Person]  # two party committee members + two villagers' committee members
    group_leaders: list[Person]  # two party-group leaders
    representatives: list[Person]  # nine villagers' representatives
    members: list[Person]  # every party member of the village (12)
    households: list[Household]  # twelve households, 3 adults each (36 adults)


def build_village(w: World, prefix: str = "t") -> Village:
    """Add 桃园村 under the world's street: one grid, the village party branch (a grassroots
    unit), posts, twelve party members, nine representatives and twelve households.

    Logins (password PASSWORD): ``<prefix>_v_secretary`` (unit leader of the branch, party
    secretary and committee chair), ``<prefix>_v_committee`` (handler, party committee member).
    The people are also in ``w.people`` as ``v_secretary``, ``v_committee``.
    """
    area = services.area_create(
        name="桃园村", code=f"{prefix}V1", level=AreaLevel.COMMUNITY, parent=w.areas["street"]
    )
    area.is_village = True
    area.save(update_fields=["is_village"])
    grid = services.area_create(
        name="桃园村第1网格",
        code=f"{prefix}VG1",
        level=AreaLevel.GRID,
        parent=area,
        polygon=square(112.98, 28.2),
    )
    unit = services.unit_create(
        name="桃园村党支部",
        code=f"{prefix}UV",
        kind=UnitKind.GRASSROOTS,
        area=area,
        parent=w.units["street_gov"],
    )
    w.areas["v1"], w.areas["v1g1"], w.units["v1_org"] = area, grid, unit
    households = [
        services.household_create(
            area=grid,
            address=f"桃园村{i + 1}组{i + 1}号",
            head_name=f"村民{i + 1}",
            phone=f"1390000{i:04d}",
            size=4,
            adults=3,
            is_hardship=i == 0,
            is_wubao=i == 1,
        )
        for i in range(12)
    ]

    def member(name: str, index: int, username: str | None = None) -> Person:
        return services.person_create(
            name=name,
            username=username,
            password=PASSWORD if username else None,
            is_party_member=True,
            household=households[index % len(households)],
        )

    secretary = member("桃园书记", 0, f"{prefix}_v_secretary")
    services.membership_add(person=secretary, unit=unit, role=Role.UNIT_LEADER)
    services.post_add(person=secretary, area=area, kind=PostKind.PARTY_SECRETARY)
    services.post_add(person=secretary, area=area, kind=PostKind.VC_CHAIR)
    committee = [member("桃园支委甲", 1, f"{prefix}_v_committee"), member("桃园支委乙", 2)]
    services.membership_add(person=committee[0], unit=unit, role=Role.HANDLER)
    for person in committee:
        services.post_add(person=person, area=area, kind=PostKind.PARTY_COMMITTEE)
    villagers_committee = [member("桃园村委甲", 3), member("桃园村委乙", 4)]
    for person in villagers_committee:
        services.post_add(person=person, area=area, kind=PostKind.VC_MEMBER)
    group_leaders = [member("桃园组长甲", 5), member("桃园组长乙", 6)]
    for person in group_leaders:
        services.post_add(person=person, area=area, kind=PostKind.PARTY_GROUP_LEADER)
    others = [member(f"桃园党员{i}", 7 + i) for i in range(5)]
    representatives = [
        services.person_create(name=f"桃园代表{i}", household=households[i]) for i in range(9)
    ]
    for person in representatives:
        services.post_add(person=person, area=area, kind=PostKind.REPRESENTATIVE)
    w.people["v_secretary"], w.people["v_committee"] = secretary, committee[0]
    return Village(
        area=area,
        grid=grid,
        unit=unit,
        secretary=secretary,
        committee=committee + villagers_committee,
        group_leaders=group_leaders,
        representatives=representatives,
        members=[secretary, *committee, *villagers_committee, *group_leaders, *others],
        households=households,
    )
