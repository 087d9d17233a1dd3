"""A small service network on top of the test world: the street's centre, a station in 东风社区
and one in 桃园村 (with its agent), a second village with its own agent, people on duty, a
centre handler and two service guides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from lastmile.orgs import services as org_services
from lastmile.orgs.choices import AreaLevel, Role, UnitKind
from lastmile.orgs.models import Area, Person
from lastmile.orgs.testing import PASSWORD, Village, World
from lastmile.stations import services
from lastmile.stations.choices import RequestStatus, ServiceCategory, StationKind
from lastmile.stations.models import AgentRequest, DutyShift, ServiceGuide, Station

T = time.fromisoformat
WORKDAY = [(T("09:00"), T("12:00")), (T("13:30"), T("17:30"))]


def aware(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h, mi))


@dataclass
class Network:
    world: World
    village: Village
    centre: Station
    c1: Station
    v1: Station
    other_village: Area
    guides: dict[str, ServiceGuide] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def actor(self, key: str) -> Any:
        from lastmile.orgs.selectors import actor_for_user

        if key in self.people:
            return actor_for_user(self.people[key].user)
        return self.world.actor(key)


def _person(name: str, username: str) -> Person:
    return org_services.person_create(name=name, username=username, password=PASSWORD)


def build_network(world: World, village: Village) -> Network:
    admin = world.actor("admin")
    a, u = world.areas, world.units
    centre = services.station_create(
        actor=admin,
        name="和平街道党群服务中心",
        kind=StationKind.CENTRE,
        area=a["street"],
        unit=u["street_gov"],
        address="和平街道人民路1号",
        phone="0731-8000100",
        lat=28.21,
        lng=112.93,
    )
    c1 = services.station_create(
        actor=admin,
        name="东风社区党群服务站",
        kind=StationKind.STATION,
        area=a["c1"],
        unit=u["c1_org"],
        address="东风社区幸福路8号",
        phone="0731-8000201",
        lat=28.205,
        lng=112.905,
    )
    v1 = services.station_create(
        actor=admin,
        name="桃园村党群服务站",
        kind=StationKind.STATION,
        area=village.area,
        unit=village.unit,
        address="桃园村村部",
        phone="0731-8000301",
        lat=28.205,
        lng=112.985,
    )
    weekdays = [(d, o, c) for d in range(5) for o, c in WORKDAY]
    services.hours_set(actor=admin, station=centre, weekly=[*weekdays, (5, T("09:00"), T("12:00"))])
    services.hours_set(actor=admin, station=c1, weekly=weekdays)
    services.hours_set(actor=admin, station=v1, weekly=weekdays)
    guides = {
        "juzhuzheng": services.guide_save(
            actor=admin,
            code="juzhuzheng",
            name="居住证办理",
            category=ServiceCategory.RESIDENCE,
            materials="居民身份证原件\n近期免冠照片1张\n居住证明（租房合同或房产证）",
            steps="到社区服务站登记\n中心窗口受理\n领取居住证",
            time_limit="15个工作日",
            is_one_visit=True,
            stations=[centre, c1],
            handled_by=centre,
        ),
        "dibao": services.guide_save(
            actor=admin,
            code="dibao",
            name="最低生活保障申请",
            keywords="低保 救助",
            category=ServiceCategory.ASSISTANCE,
            materials="户口簿\n身份证\n家庭收入情况说明",
            steps="村（社区）受理\n入户调查\n民主评议与公示\n街道审核",
            time_limit="30个工作日",
            stations=[centre, c1, v1],
            handled_by=centre,
        ),
    }
    people = {
        "duty": _person("李秀英", "t_duty"),
        "duty2": _person("欧阳明", "t_duty2"),
        "centre": _person("王窗口", "t_centre"),
        "agent": _person("张代办", "t_agent"),
        "agent2": _person("赵代办", "t_agent2"),
        "c1_leader": _person("东风书记", "t_c1_leader"),
    }
    org_services.membership_add(person=people["duty"], unit=u["c1_org"], role=Role.HANDLER)
    org_services.membership_add(person=people["duty2"], unit=u["street_gov"], role=Role.HANDLER)
    org_services.membership_add(person=people["centre"], unit=u["street_gov"], role=Role.HANDLER)
    org_services.membership_add(person=people["c1_leader"], unit=u["c1_org"], role=Role.UNIT_LEADER)
    other = org_services.area_create(
        name="杏花村", code="tV2", level=AreaLevel.COMMUNITY, parent=a["street"]
    )
    org_services.unit_create(
        name="杏花村党支部",
        code="tUV2",
        kind=UnitKind.GRASSROOTS,
        area=other,
        parent=u["street_gov"],
    )
    services.agent_assign(actor=admin, person=people["agent"], area=village.area)
    services.agent_assign(actor=admin, person=people["agent2"], area=other)
    return Network(world, village, centre, c1, v1, other, guides, people)


def shift(
    net: Network,
    who: str,
    station: Station,
    start: datetime,
    end: datetime,
    post: str = "值班人员",
) -> DutyShift:
    return services.shift_add(
        actor=net.actor("admin"),
        station=station,
        person=net.people[who],
        starts_at=start,
        ends_at=end,
        post=post,
    )


def register(net: Network, **over: Any) -> AgentRequest:
    values: dict[str, Any] = {
        "area": net.village.area,
        "service": net.guides["dibao"],
        "resident_name": "陈桂英",
        "resident_phone": "13907310001",
        "notes": "丈夫去世，家庭无固定收入",
        "materials": "户口簿复印件\n身份证复印件",
    }
    values.update(over)
    return services.request_register(actor=net.actor("agent"), **values)


def to_status(net: Network, status: str, **over: Any) -> AgentRequest:
    req = register(net, **over)
    agent, centre = net.actor("agent"), net.actor("centre")
    if status == RequestStatus.REGISTERED:
        return req
    if status == RequestStatus.CANCELLED:
        return services.request_cancel(actor=agent, request=req, reason="群众自行办理")
    req = services.request_forward(actor=agent, request=req)
    if status == RequestStatus.FORWARDED:
        return req
    req = services.request_accept(actor=centre, request=req)
    if status == RequestStatus.ACCEPTED:
        return req
    req = services.request_reply(actor=centre, request=req, reply="审核通过", documents_ready=True)
    if status == RequestStatus.REPLIED:
        return req
    req = services.request_hand_back(actor=agent, request=req, note="已送达本人")
    assert status == RequestStatus.CLOSED
    return req
