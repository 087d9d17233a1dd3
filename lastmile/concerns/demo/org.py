"""The demo organisation: one district, one street, three communities and a village, fourteen
grids with boundaries, seventeen units, staff for every role and 224 households."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from lastmile.orgs import services
from lastmile.orgs.choices import AreaLevel, PostKind, Role, UnitKind
from lastmile.orgs.models import Area, Household, Person, Unit

PASSWORD = "lastmile-demo"
ADMIN_PASSWORD = "lastmile-admin"
ORIGIN_LNG, ORIGIN_LAT = 112.955, 28.175
GRID_SIZE = 0.006
HOUSEHOLDS_PER_GRID = 16

COMMUNITIES = [
    # key, name, is_village, grids
    ("dongfeng", "东风社区", False, 3),
    ("xiangyang", "向阳社区", False, 4),
    ("xinhua", "新华社区", False, 4),
    ("taohua", "桃花村", True, 3),
]
DEPARTMENTS = [
    # key, name, phone
    ("housing", "区住房和城乡建设局", "0731-8000101"),
    ("urban", "区城市管理局", "0731-8000102"),
    ("market", "区市场监督管理局", "0731-8000103"),
    ("hrss", "区人力资源和社会保障局", "0731-8000104"),
    ("health", "区卫生健康局", "0731-8000105"),
    ("education", "区教育局", "0731-8000106"),
    ("transport", "区交通运输局", "0731-8000107"),
    ("ecology", "区生态环境分局", "0731-8000108"),
    ("water", "区水务局", "0731-8000109"),
]
ENTERPRISES = [
    ("waterco", "示范区自来水公司", "0731-96565"),
    ("powerco", "国网示范区供电公司", "95598"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌辉鹏飞婷雪琴"


@dataclass
class Login:
    username: str
    password: str
    role: str
    unit: str
    try_this: str


@dataclass
class DemoOrg:
    district: Area
    street: Area
    communities: dict[str, Area] = field(default_factory=dict)
    grids: list[Area] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    households: list[Household] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)
    handler_for_unit: dict[int, str] = field(default_factory=dict)  # unit pk → people key
    # Registers per community key: posts by PostKind value, and every party member.
    posts: dict[str, dict[str, list[Person]]] = field(default_factory=dict)
    party_members: dict[str, list[Person]] = field(default_factory=dict)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def rectangle(lng: float, lat: float, width: float, height: float) -> list[list[float]]:
    return [
        [round(lng, 6), round(lat, 6)],
        [round(lng + width, 6), round(lat, 6)],
        [round(lng + width, 6), round(lat + height, 6)],
        [round(lng, 6), round(lat + height, 6)],
        [round(lng, 6), round(lat, 6)],
    ]


def _areas(org: DemoOrg) -> None:
    for index, (key, name, is_village, grids) in enumerate(COMMUNITIES):
        community = services.area_create(
            name=name,
            code=f"DEMO-C{index + 1}",
            level=AreaLevel.COMMUNITY,
            parent=org.street,
            is_village=is_village,
        )
        org.communities[key] = community
        for g in range(grids):
            lng = ORIGIN_LNG + index * (GRID_SIZE * 2.2)
            lat = ORIGIN_LAT + g * GRID_SIZE * 1.1
            org.grids.append(
                services.area_create(
                    name=f"{name}第{g + 1}网格",
                    code=f"DEMO-C{index + 1}G{g + 1}",
                    level=AreaLevel.GRID,
                    parent=community,
                    polygon=rectangle(lng, lat, GRID_SIZE * 2, GRID_SIZE),
                )
            )


def _units(org: DemoOrg) -> None:
    u = org.units
    u["district_gov"] = services.unit_create(
        name="示范区人民政府",
        code="DEMO-GOV",
        kind=UnitKind.GOVERNMENT,
        area=org.district,
        phone="12345",
    )
    u["street_gov"] = services.unit_create(
        name="和平街道办事处",
        code="DEMO-STREET",
        kind=UnitKind.GOVERNMENT,
        area=org.street,
        parent=u["district_gov"],
        phone="0731-8000100",
    )
    for key, name, phone in DEPARTMENTS:
        u[key] = services.unit_create(
            name=name,
            code=f"DEMO-{key.upper()}",
            kind=UnitKind.DEPARTMENT,
            area=org.district,
            parent=u["district_gov"],
            phone=phone,
        )
    for key, name, phone in ENTERPRISES:
        u[key] = services.unit_create(
            name=name,
            code=f"DEMO-{key.upper()}",
            kind=UnitKind.ENTERPRISE,
            area=org.district,
            parent=u["district_gov"],
            phone=phone,
        )
    for key, name, is_village, _grids in COMMUNITIES:
        u[f"{key}_org"] = services.unit_create(
            name=f"{name}{'党总支' if is_village else '党委'}",
            code=f"DEMO-{key.upper()}",
            kind=UnitKind.GRASSROOTS,
            area=org.communities[key],
            parent=u["street_gov"],
        )


@dataclass(frozen=True)
class StaffSpec:
    key: str
    unit: str
    role: Role
    area: str | None  # "district", "street", a community key, or None for the unit's area
    try_this: str
    superuser: bool = False

    @property
    def password(self) -> str:
        return ADMIN_PASSWORD if self.superuser else PASSWORD


def unit_names() -> dict[str, str]:
    names = {"district_gov": "示范区人民政府", "street_gov": "和平街道办事处"}
    names.update({key: name for key, name, _phone in DEPARTMENTS + ENTERPRISES})
    for key, name, is_village, _grids in COMMUNITIES:
        names[f"{key}_org"] = f"{name}{'党总支' if is_village else '党委'}"
    return names


def staff_specs() -> list[StaffSpec]:
    r = Role
    specs = [
        StaffSpec(
            "admin",
            "district_gov",
            r.ADMIN,
            "district",
            "/admin/: dispatch table, deadlines, holidays",
            superuser=True,
        ),
        StaffSpec(
            "dispatcher",
            "district_gov",
            r.DISPATCHER,
            "district",
            "/desk/: dispatch new concerns; objections, extensions",
        ),
        StaffSpec(
            "street_dispatcher",
            "street_gov",
            r.DISPATCHER,
            "street",
            "/desk/: the street's intake queue",
        ),
        StaffSpec(
            "supervisor",
            "district_gov",
            r.SUPERVISOR,
            "district",
            "/desk/: overdue and escalated work; stop requests",
        ),
    ]
    for key, _name, _village, _grids in COMMUNITIES:
        specs.append(
            StaffSpec(
                f"grid_{key}", f"{key}_org", r.GRID_WORKER, key, "/desk/: concerns in my community"
            )
        )
    for unit in unit_names():
        short = unit.removesuffix("_org")
        specs.append(
            StaffSpec(f"h_{short}", unit, r.HANDLER, None, "/desk/: sign for, contact, reply")
        )
        specs.append(
            StaffSpec(f"l_{short}", unit, r.UNIT_LEADER, None, "/desk/: the unit's overdue list")
        )
    return specs


# Residents' and volunteers' accounts that other apps' demo stories create (no staff role).
RESIDENT_LOGINS = [
    Login("wish_volunteer", PASSWORD, "volunteer", "—", "/wishes/mine/: my wish claims"),
    Login("merit_resident", PASSWORD, "resident", "—", "/merits/me/: my deeds and points"),
]


def demo_logins() -> list[Login]:
    names = unit_names()
    staff = [
        Login(s.key, s.password, s.role.value, names[s.unit], s.try_this) for s in staff_specs()
    ]
    return staff + RESIDENT_LOGINS


def _staff(org: DemoOrg, rng: random.Random) -> None:
    areas = {"district": org.district, "street": org.street, **org.communities}
    for spec in staff_specs():
        person = services.person_create(
            name=person_name(rng),
            phone=mobile(rng),
            username=spec.key,
            password=None,  # set below: hashing 40 passwords one by one takes seconds
            is_party_member=True,
            is_superuser=spec.superuser,
        )
        unit = org.units[spec.unit]
        area = areas[spec.area] if spec.area else None
        services.membership_add(person=person, unit=unit, role=spec.role, area=area)
        org.people[spec.key] = person
        if spec.role == Role.HANDLER:
            org.handler_for_unit[unit.pk] = spec.key
    _set_passwords(org)
    org.logins = demo_logins()


def _set_passwords(org: DemoOrg) -> None:
    """One hash per distinct demo password (same salt for everyone: acceptable for a demo)."""
    by_password: dict[str, list[str]] = {}
    for spec in staff_specs():
        by_password.setdefault(spec.password, []).append(spec.key)
    for password, usernames in by_password.items():
        get_user_model().objects.filter(username__in=usernames).update(
            password=make_password(password)
        )


def _households(org: DemoOrg, rng: random.Random) -> None:
    for grid in org.grids:
        for n in range(HOUSEHOLDS_PER_GRID):
            building, unit_no, room = n // 4 + 1, n % 2 + 1, 101 + (n % 6) * 100 + n % 3
            village = grid.parent is not None and grid.parent.is_village
            address = (
                f"{grid.name}{n + 1}组{n + 3}号"
                if village
                else f"{grid.name}{building}栋{unit_no}单元{room}室"
            )
            org.households.append(
                services.household_create(
                    area=grid,
                    address=address,
                    head_name=person_name(rng),
                    phone=mobile(rng),
                    size=(size := rng.randint(1, 5)),
                    adults=max(1, size - 1) if size > 2 else size,
                    is_hardship=rng.random() < 0.05,
                    is_wubao=rng.random() < 0.01,
                )
            )


def _registers(org: DemoOrg, rng: random.Random) -> None:
    """Posts and party members of each community and village: the unit leader ``l_<key>`` is
    the party secretary (in the village also committee chair, 一肩挑), the handler ``h_<key>`` a
    party committee member; more committee members, two party-group leaders, nine
    representatives and fifteen more party members live in the community's households."""
    for key, _name, is_village, _grids in COMMUNITIES:
        _community_registers(org, key, is_village, rng)


def _community_registers(org: DemoOrg, key: str, is_village: bool, rng: random.Random) -> None:
    area = org.communities[key]
    homes = [h for h in org.households if h.area.parent_id == area.pk]
    posts: dict[str, list[Person]] = {kind.value: [] for kind in PostKind}
    members: list[Person] = []

    def add(person: Person, *kinds: PostKind) -> None:
        for kind in kinds:
            services.post_add(person=person, area=area, kind=kind)
            posts[kind.value].append(person)

    def resident(party: bool) -> Person:
        home = rng.choice(homes)
        person = services.person_create(
            name=person_name(rng), phone=mobile(rng), is_party_member=party, household=home
        )
        if party:
            members.append(person)
        return person

    secretary, committee = org.people[f"l_{key}"], org.people[f"h_{key}"]
    for person in (secretary, committee):
        person.home_area = area
        person.save(update_fields=["home_area"])
        members.append(person)
    add(secretary, PostKind.PARTY_SECRETARY, *([PostKind.VC_CHAIR] if is_village else []))
    add(committee, PostKind.PARTY_COMMITTEE)
    add(resident(True), PostKind.PARTY_COMMITTEE)
    if not is_village:
        add(resident(True), PostKind.VC_CHAIR)
    for _ in range(2):
        add(resident(True), PostKind.VC_MEMBER)
    for _ in range(2):
        add(resident(True), PostKind.PARTY_GROUP_LEADER)
    for _ in range(9):
        add(resident(rng.random() < 0.3), PostKind.REPRESENTATIVE)
    for _ in range(15):
        resident(True)
    org.posts[key], org.party_members[key] = posts, members


def build_org(rng: random.Random) -> DemoOrg:
    district = services.area_create(name="示范区", code="DEMO-D", level=AreaLevel.DISTRICT)
    street = services.area_create(
        name="和平街道", code="DEMO-S", level=AreaLevel.STREET, parent=district
    )
    org = DemoOrg(district=district, street=street)
    _areas(org)
    _units(org)
    _staff(org, rng)
    _households(org, rng)
    _registers(org, random.Random("registers"))
    return org
