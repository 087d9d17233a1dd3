"""The timed part of the stations demo (see ``demo.py``): the duty roster week by week with the
check-ins and check-outs as they happened, the village agent's requests through their states, and
the agent sweep every working afternoon."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from lastmile.concerns.demo.org import DemoOrg, mobile, person_name
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.core import workcal
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.stations import hours, services
from lastmile.stations.models import AgentRequest, HoursException, ServiceGuide, Station

T = time.fromisoformat
ROSTER_WEEKS_BACK = 4
ROSTER_WEEKS_AHEAD = 1  # this week and the next
REQUEST_DAYS_BACK = 100
SWEEP_AT = T("16:40")

ROSTER = {
    "centre": [
        ("h_street_gov", "综合窗口"),
        ("l_street_gov", "值班主任"),
        ("street_dispatcher", "综合窗口"),
    ],
    "taohua": [("l_taohua", "值班站长"), ("h_taohua", "代办员"), ("grid_taohua", "网格员")],
    "xingfuli": [("grid_xiangyang", "网格员"), ("h_xiangyang", "社区专干")],
}
MANAGER = {"centre": "l_street_gov", "xingfuli": "l_xiangyang"}

REPLIES = {
    "dibao": "经入户调查和民主评议公示，审核确认纳入最低生活保障，从下月起按月发放低保金。",
    "laonianzheng": "老年人优待证已办好，请到中心一楼综合窗口领取，也可由代办员代领。",
    "canjizheng": "残疾评定已完成，残疾人证已制好，请到中心窗口领取。",
    "yibao-canbao": "已完成参保登记，请在集中缴费期内通过微信或窗口缴费。",
    "yanglao-daiyu": "待遇已核定，从下月起按月发放到社会保障卡。",
    "gaoling-jintie": "高龄津贴审批通过，从下月起按月发放到本人账户。",
    "linshi-jiuzhu": "临时救助已审批，救助金已打入申请人账户。",
    "shengyu-dengji": "生育登记已完成，登记回执已出具。",
    "jiuye-dengji": "已办理失业登记，就业创业证已办好，可到中心领取。",
    "canji-butie": "护理补贴审批通过，从下月起发放。",
}
NOTES = [
    "老人腿脚不便，委托代办",
    "子女在外务工，家中老人申请",
    "本人不会用手机，请代为报送",
    "家里有病人走不开",
    "上次材料不全，这次已补齐",
]
AGENT_SERVICES = [
    "laonianzheng",
    "dibao",
    "yibao-canbao",
    "gaoling-jintie",
    "canjizheng",
    "yanglao-daiyu",
    "linshi-jiuzhu",
    "shengyu-dengji",
    "jiuye-dengji",
    "canji-butie",
]


def actor_of(person: Person, cache: dict[int, Actor]) -> Actor:
    if person.pk not in cache:
        cache[person.pk] = actor_for_user(person.user)
    return cache[person.pk]


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


# ---- the roster and check-ins -----------------------------------------------------------------


def _candidates(org: DemoOrg, key: str) -> list[tuple[Person, str]]:
    if key in ROSTER:
        return [(org.people[p], post) for p, post in ROSTER[key]]
    return [
        (org.people[f"l_{key}"], "值班站长"),
        (org.people[f"h_{key}"], "社区专干"),
        (org.people[f"grid_{key}"], "网格员"),
    ]


def _week_plan(
    station: Station,
    people: list[tuple[Person, str]],
    monday: date,
    busy: dict[int, list[tuple[datetime, datetime]]],
) -> list[tuple[Person, str, datetime, datetime]]:
    regular = list(station.hours.all())
    exceptions = list(HoursException.objects.filter(station=station))
    plan = []
    turn = monday.toordinal()
    for dh in hours.week(station, monday, hours=regular, exceptions=exceptions):
        for opens, closes in dh.periods:
            start, end = _aware(dh.day, opens), _aware(dh.day, closes)
            turn += 1
            for offset in range(len(people)):
                person, post = people[(turn + offset) % len(people)]
                taken = busy.setdefault(person.pk, [])
                if all(end <= s or start >= e for s, e in taken):
                    taken.append((start, end))
                    plan.append((person, post, start, end))
                    break
    return plan


def _duty_steps(
    person: Person,
    station: Station,
    start: datetime,
    end: datetime,
    rng: random.Random,
    cache: dict[int, Actor],
) -> list[ExtraStep]:
    roll = rng.random()
    if roll < 0.05:
        return []  # missed: the shift ends without a check-in
    if roll < 0.14:
        arrive = start + timedelta(minutes=rng.randint(6, 45))
    else:
        arrive = start - timedelta(minutes=rng.randint(2, 25))
    leave = end + timedelta(minutes=rng.randint(0, 15))
    if rng.random() < 0.05:
        leave = end - timedelta(minutes=rng.randint(10, 40))

    def check_in() -> None:
        services.duty_check_in(actor=actor_of(person, cache), station=station)

    def check_out() -> None:
        services.duty_check_out(actor=actor_of(person, cache), station=station)

    return [(arrive, check_in), (max(leave, arrive + timedelta(minutes=5)), check_out)]


def roster_steps(
    org: DemoOrg,
    stations: dict[str, Station],
    rng: random.Random,
    now: datetime,
    cache: dict[int, Actor],
) -> list[ExtraStep]:
    today = timezone.localdate(now)
    this_monday = today - timedelta(days=today.weekday())
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    steps: list[ExtraStep] = []
    for week in range(-ROSTER_WEEKS_BACK, ROSTER_WEEKS_AHEAD + 1):
        monday = this_monday + timedelta(weeks=week)
        when = min(_aware(monday, T("07:00")), now - timedelta(minutes=30))
        for key, station in stations.items():
            plan = _week_plan(station, _candidates(org, key), monday, busy)
            manager = org.people[MANAGER.get(key, f"l_{key}")]
            seed = rng.random()
            steps.append((when, _put_on_roster(station, plan, manager, seed, cache)))
    return steps


def _put_on_roster(
    station: Station,
    plan: list[tuple[Person, str, datetime, datetime]],
    manager: Person,
    seed: float,
    cache: dict[int, Actor],
) -> Callable[[], list[ExtraStep]]:
    def step() -> list[ExtraStep]:
        rng = random.Random(seed)
        more: list[ExtraStep] = []
        actor = actor_of(manager, cache)
        for person, post, start, end in plan:
            services.shift_add(
                actor=actor, station=station, person=person, starts_at=start, ends_at=end, post=post
            )
            more.extend(_duty_steps(person, station, start, end, rng, cache))
        return more

    return step


# ---- agent requests ---------------------------------------------------------------------------


def _working_moment(day: date, rng: random.Random) -> datetime:
    return _aware(day, T("09:00")) + timedelta(minutes=rng.randint(0, 7 * 60))


def _after(moment: datetime, lo: float, hi: float, rng: random.Random) -> datetime:
    """A moment lo–hi working days later."""
    minutes = int(rng.uniform(lo, hi) * workcal.minutes_per_workday())
    return workcal.add_working_minutes(moment, max(1, minutes))


# Stages each planned request reaches (the recent ones stop earlier, so every state shows).
RECENT = [
    ("registered", 0.2),  # still with the agent, due soon
    ("overdue", 9),
    ("overdue", 6),
    ("forwarded", 1.5),
    ("forwarded", 0.6),
    ("accepted", 4),
    ("accepted", 2.5),
    ("replied", 6),
    ("replied", 3.5),
    ("cancelled", 5),
]
STAGES = ["registered", "forwarded", "accepted", "replied", "closed"]


def _request_plan(
    rng: random.Random, now: datetime, count: int
) -> list[tuple[str, dict[str, datetime]]]:
    plans: list[tuple[str, dict[str, datetime]]] = []
    today = timezone.localdate(now)
    workdays = [
        today - timedelta(days=d)
        for d in range(REQUEST_DAYS_BACK, 25, -1)
        if workcal.is_workday(today - timedelta(days=d))
    ]
    for i in range(count):
        day = workdays[int(i * len(workdays) / count)]
        late = rng.random() < 0.2
        plans.append(("closed" if rng.random() > 0.06 else "cancelled", _moments(day, late, rng)))
    for stage, back in RECENT:
        moments: dict[str, datetime] = {}
        days = int(back * 1.4) + 1
        for _ in range(30):
            day = today - timedelta(days=days)
            if workcal.is_workday(day):
                moments = _moments(day, False, rng)
                last = "registered" if stage in ("overdue", "cancelled") else stage
                if moments[last] < now - timedelta(minutes=30) and (
                    stage != "overdue" or services.forward_due_for(moments["registered"]) < now
                ):
                    break
            days += 1
        plans.append((stage, moments))
    return plans


def _moments(day: date, late: bool, rng: random.Random) -> dict[str, datetime]:
    registered = _working_moment(day, rng)
    due = services.forward_due_for(registered)
    forwarded = _after(due, 0.3, 2.5, rng) if late else _after(registered, 0.2, 2.4, rng)
    forwarded = forwarded if late else min(forwarded, due - timedelta(minutes=5))
    accepted = _after(forwarded, 0.05, 1, rng)
    replied = _after(accepted, 1, 8, rng)
    closed = _after(replied, 0.2, 2, rng)
    return {
        "registered": registered,
        "forwarded": max(forwarded, registered + timedelta(minutes=10)),
        "accepted": accepted,
        "replied": replied,
        "closed": closed,
        "cancelled": _after(registered, 0.3, 1.5, rng),
    }


def request_steps(
    org: DemoOrg,
    village: Area,
    rng: random.Random,
    now: datetime,
    cache: dict[int, Actor],
) -> list[ExtraStep]:
    guides = {g.code: g for g in ServiceGuide.objects.filter(code__in=AGENT_SERVICES)}
    agent, centre = org.people["h_taohua"], org.people["h_street_gov"]
    steps: list[ExtraStep] = []
    for stage, moments in _request_plan(rng, now, 30):
        code = rng.choice(AGENT_SERVICES)
        guide = guides[code]
        held: dict[str, AgentRequest] = {}
        values = {
            "resident_name": person_name(rng),
            "resident_phone": mobile(rng),
            "notes": rng.choice(NOTES),
            "materials": "\n".join(guide.material_lines()[:2]),
        }

        def register(values: dict[str, Any] = values, guide: Any = guide, held: Any = held) -> None:
            held["req"] = services.request_register(
                actor=actor_of(agent, cache), area=village, service=guide, **values
            )

        steps.append((moments["registered"], register))
        if stage == "cancelled":
            steps.append((moments["cancelled"], _act(held, "cancel", agent, cache)))
            continue
        last = "registered" if stage == "overdue" else stage
        for name in STAGES[1 : STAGES.index(last) + 1]:
            who = centre if name in ("accepted", "replied") else agent
            steps.append((moments[name], _act(held, name, who, cache, code)))
    return steps


def _act(
    held: dict[str, AgentRequest], stage: str, who: Person, cache: dict[int, Actor], code: str = ""
) -> Callable[[], None]:
    def step() -> None:
        req = held.get("req")
        if req is None:
            return  # the registration was refused (shown as a failed step)
        actor = actor_of(who, cache)
        if stage == "forwarded":
            held["req"] = services.request_forward(actor=actor, request=req, note="材料已核对")
        elif stage == "accepted":
            held["req"] = services.request_accept(actor=actor, request=req)
        elif stage == "replied":
            reply = REPLIES.get(code, "已办理完毕，结果已反馈代办员。")
            held["req"] = services.request_reply(
                actor=actor, request=req, reply=reply, documents_ready="领取" in reply
            )
        elif stage == "closed":
            held["req"] = services.request_hand_back(
                actor=actor, request=req, note="已送达群众本人，并讲解了后续事项"
            )
        else:
            held["req"] = services.request_cancel(
                actor=actor, request=req, reason="群众已自行到中心办理"
            )

    return step


def sweep_steps(start: datetime, now: datetime) -> list[ExtraStep]:
    steps: list[ExtraStep] = []
    day = timezone.localdate(start)
    while day <= timezone.localdate(now):
        moment = _aware(day, SWEEP_AT)
        if workcal.is_workday(day) and start < moment < now:
            steps.append((moment, _sweep))
        day += timedelta(days=1)
    steps.append((now - timedelta(minutes=1), _sweep))
    return steps


def _sweep() -> None:
    services.agent_sweep()
