"""The service network of the demo community (``LASTMILE["DEMO_EXTENSIONS"]``).

At once: the street's 党群服务中心, a station in each community and in 桃花村, a service point
in 向阳社区, their hours (with holiday duty and coming closures), ~25 service guides, and the
village's agent (the committee member ``h_taohua`` serves as 代办员, forwarding to the centre).

As timed steps (``demo_stories.py``): the duty roster of the past four weeks, this week and the
next, each week put on the roster on its Monday morning by the station's leader; check-ins and
check-outs as they happened (mostly on time, a few late, a few missed — 人员在岗不在位 shows on
the supervisor's page); about forty agent requests over the past three months in every state,
some forwarded late and two overdue; and the agent sweep every working afternoon (reminders and
催办).
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.core import workcal
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor
from lastmile.stations import services
from lastmile.stations.choices import StationKind
from lastmile.stations.demo_stories import actor_of, request_steps, roster_steps, sweep_steps
from lastmile.stations.models import Station

# 办事指南 of the demo: common services with materials, steps, time limits and fees as such guides
# usually state them ("where": "all" = every station, "centre" = the centre only). Demo content:
# check the local government's current guide before relying on it.
GUIDES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "demo_guides.json").read_text(encoding="utf-8")
)

T = time.fromisoformat

STATIONS = [
    # key, name, kind, area key ("street" or a community), address, phone, intro
    (
        "centre",
        "和平街道党群服务中心",
        StationKind.CENTRE,
        "street",
        "和平街道人民中路88号（街道办事处一楼）",
        "0731-8000100",
        "街道党群服务中心设社会保障、社会救助、户籍证照、就业创业、党员服务等综合窗口，"
        "实行“一窗受理、集成服务”。村（社区）代办员报送的事项由中心统一受理、答复。",
    ),
    (
        "dongfeng",
        "东风社区党群服务站",
        StationKind.STATION,
        "dongfeng",
        "东风社区东风路16号",
        "0731-8000211",
        "社区服务站提供社保、医保、老年证、生育登记等事项的受理和代办，设党员活动室、"
        "老年人日间照料室。",
    ),
    (
        "xiangyang",
        "向阳社区党群服务站",
        StationKind.STATION,
        "xiangyang",
        "向阳社区向阳北路3号",
        "0731-8000212",
        "社区服务站提供各类便民事项受理，每周二、四下午在幸福里服务点设流动窗口。",
    ),
    (
        "xinhua",
        "新华社区党群服务站",
        StationKind.STATION,
        "xinhua",
        "新华社区新华街27号",
        "0731-8000213",
        "社区服务站提供便民事项受理、就业服务和退役军人服务。",
    ),
    (
        "taohua",
        "桃花村党群服务站",
        StationKind.STATION,
        "taohua",
        "桃花村村部（桃花大道1号）",
        "0731-8000214",
        "村服务站由村两委成员轮流值班。需要到街道办理的事项，可请村代办员代为报送，"
        "办好后送达到家。",
    ),
    (
        "xingfuli",
        "向阳社区幸福里服务点",
        StationKind.POINT,
        "xiangyang",
        "向阳社区幸福里小区12栋架空层",
        "0731-8000212",
        "每周二、周四下午开放，就近受理老年证、医保参保登记，解答政策咨询。",
    ),
]
WEEKDAY_HOURS = {
    "centre": [("08:30", "12:00"), ("14:00", "17:30")],
    "taohua": [("08:00", "12:00"), ("14:30", "17:30")],
}
DEFAULT_HOURS = [("08:30", "12:00"), ("14:30", "17:30")]
# Who is rostered at each station (people keys of the demo organisation) and their post.
# ---- what exists from the start ---------------------------------------------------------------


def _centre_of(org: DemoOrg, area: Area) -> tuple[float | None, float | None]:
    grids = [g for g in org.grids if g.parent_id == area.pk and g.centre_lat is not None]
    if grids:
        return grids[0].centre_lat, grids[0].centre_lng
    lats = [g.centre_lat for g in org.grids if g.centre_lat is not None]
    lngs = [g.centre_lng for g in org.grids if g.centre_lng is not None]
    if not lats or not lngs:
        return None, None
    return sum(lats) / len(lats), sum(lngs) / len(lngs)


def _stations(org: DemoOrg, admin: Actor) -> dict[str, Station]:
    made: dict[str, Station] = {}
    for key, name, kind, area_key, address, phone, intro in STATIONS:
        area = org.street if area_key == "street" else org.communities[area_key]
        unit = org.units["street_gov" if area_key == "street" else f"{area_key}_org"]
        lat, lng = _centre_of(org, area)
        if key == "xingfuli" and lat is not None and lng is not None:
            lat, lng = lat + 0.012, lng + 0.004
        made[key] = services.station_create(
            actor=admin,
            name=name,
            kind=kind,
            area=area,
            unit=unit,
            address=address,
            phone=phone,
            lat=lat,
            lng=lng,
            intro=intro,
        )
        if key == "xingfuli":
            weekly = [(d, T("15:00"), T("17:30")) for d in (1, 3)]
        else:
            periods = WEEKDAY_HOURS.get(key, DEFAULT_HOURS)
            weekly = [(d, T(o), T(c)) for d in range(5) for o, c in periods]
            if key == "centre":
                weekly.append((5, T("09:00"), T("12:00")))  # 周六上午值班
        services.hours_set(actor=admin, station=made[key], weekly=weekly)
    return made


def _guides(stations: dict[str, Station], admin: Actor) -> None:
    everywhere = list(stations.values())
    for spec in GUIDES:
        values = {k: v for k, v in spec.items() if k not in ("code", "where")}
        offered = everywhere if spec["where"] == "all" else [stations["centre"]]
        if spec["code"] in ("laonianzheng", "yibao-canbao"):
            offered = everywhere  # the point takes these in too
        elif spec["where"] == "all":
            offered = [s for k, s in stations.items() if k != "xingfuli"]
        services.guide_save(
            actor=admin,
            code=spec["code"],
            stations=offered,
            handled_by=stations["centre"],
            **values,
        )


def _holiday_runs(start: date, end: date) -> list[list[date]]:
    """Runs of consecutive days off that contain a weekday holiday (国庆, 春节 …)."""
    runs: list[list[date]] = []
    run: list[date] = []
    day = start
    while day <= end:
        if not workcal.is_workday(day):
            run.append(day)
        else:
            if any(d.weekday() < 5 for d in run) and len(run) >= 3:
                runs.append(run)
            run = []
        day += timedelta(days=1)
    return runs


def _exceptions(stations: dict[str, Station], admin: Actor, now: datetime) -> None:
    today = timezone.localdate(now)
    for run in _holiday_runs(today - timedelta(days=200), today + timedelta(days=30)):
        services.hours_exception_add(
            actor=admin,
            station=stations["centre"],
            day=run[len(run) // 2],
            closed=False,
            opens=T("09:00"),
            closes=T("12:00"),
            note="节假日值守：只办理急事，其余事项节后办理",
        )
    monday = today - timedelta(days=today.weekday())
    services.hours_exception_add(
        actor=admin,
        station=stations["dongfeng"],
        day=monday + timedelta(days=9),  # next Wednesday
        closed=False,
        opens=T("08:30"),
        closes=T("12:00"),
        note="下午开展主题党日活动，暂停对外服务",
    )
    services.hours_exception_add(
        actor=admin,
        station=stations["taohua"],
        day=monday + timedelta(days=11),  # next Friday
        closed=True,
        note="村部线路改造停电一天，急事请拨打服务中心电话",
    )


# ---- the extension ----------------------------------------------------------------------------


def seed(*, org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]:
    """Create the service network at once; return its duty and agent stories as timed steps."""
    cache: dict[int, Actor] = {}
    admin = actor_of(org.people["admin"], cache)
    stations = _stations(org, admin)
    _guides(stations, admin)
    _exceptions(stations, admin, now)
    village = org.communities["taohua"]
    services.agent_assign(
        actor=actor_of(org.people["l_taohua"], cache),
        person=org.people["h_taohua"],
        area=village,
        centre=stations["centre"],
    )
    steps = roster_steps(org, stations, rng, now, cache)
    requests = request_steps(org, village, rng, now, cache)
    steps += requests
    first = min((moment for moment, _step in requests), default=now)
    steps += sweep_steps(first, now)
    return steps
