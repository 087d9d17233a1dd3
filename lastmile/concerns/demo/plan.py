"""Plan the demo concerns: which final status each reaches, when it starts, who raises it."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from lastmile.concerns.choices import Channel, Kind, Urgency
from lastmile.concerns.demo.classify import Classifier
from lastmile.concerns.demo.org import DemoOrg, mobile, person_name
from lastmile.concerns.demo.story import SCENARIOS, TERMINAL_SCENARIOS, Step, script, span_days
from lastmile.concerns.demo.texts import Message
from lastmile.concerns.models import Category, Concern
from lastmile.orgs.models import Area, Household

WINDOW_DAYS = 180
UTILITIES = frozenset({"自来水供应", "电力供应", "燃气供应"})
CHANNELS = [
    (Channel.WEB, 34),
    (Channel.OPERATOR, 30),
    (Channel.BOARD, 14),
    (Channel.WECHAT, 10),
    (Channel.VISIT, 6),
    (Channel.API, 4),
    (Channel.OPEN311, 2),
]
KINDS = [
    (Kind.COMPLAINT, 40),
    (Kind.HELP, 25),
    (Kind.CONSULT, 12),
    (Kind.SUGGESTION, 13),
    (Kind.REPORT, 7),
    (Kind.PRAISE, 3),
]


@dataclass
class Plan:
    scenario: str
    start: datetime
    steps: list[Step]
    message: Message
    category: Category | None
    kind: str
    urgency: str
    channel: str
    grid: Area
    resident_name: str
    resident_phone: str
    address: str
    lat: float
    lng: float
    parent: Plan | None = None
    concern: Concern | None = None
    done: int = 0  # steps executed after submission
    failed: str = ""
    extra: dict = field(default_factory=dict)


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _point_in(grid: Area, rng: random.Random) -> tuple[float, float]:
    ring = grid.polygon or [[grid.centre_lng, grid.centre_lat]]
    lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
    lng = rng.uniform(min(lngs), max(lngs))
    lat = rng.uniform(min(lats), max(lats))
    return round(lat, 6), round(lng, 6)


def _resident(org: DemoOrg, rng: random.Random) -> tuple[Area, str, str, str]:
    if rng.random() < 0.7:
        home: Household = rng.choice(org.households)
        return home.area, home.head_name, home.phone, home.address
    grid = rng.choice(org.grids)
    if rng.random() < 0.3:
        return grid, "", "", ""  # anonymous, no phone
    return grid, person_name(rng), mobile(rng), ""


def _start(name: str, steps: list[Step], now: datetime, rng: random.Random) -> datetime:
    scenario = next(s for s in SCENARIOS if s.name == name)
    if scenario.recent:
        return now - timedelta(hours=rng.uniform(*scenario.recent))
    span = span_days(steps) + (6 if name == "closed_not_rated" else 0)
    earliest = now - timedelta(days=WINDOW_DAYS - 1)
    latest = max(now - timedelta(days=span), earliest + timedelta(days=1))
    moment = timezone.localtime(earliest + (latest - earliest) * rng.random())
    return moment.replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59))


def _scenario_names(count: int, rng: random.Random) -> list[str]:
    names = [s.name for s in SCENARIOS]
    if count <= len(names):
        return names[:count]
    extra = rng.choices(names, [s.weight for s in SCENARIOS], k=count - len(names))
    return names + extra


def make_plans(
    *,
    count: int,
    org: DemoOrg,
    messages: list[Message],
    classifier: Classifier,
    now: datetime,
    rng: random.Random,
) -> list[Plan]:
    pool = rng.sample(messages, min(count, len(messages)))
    plans: list[Plan] = []
    for i, name in enumerate(_scenario_names(count, rng)):
        message = pool[i % len(pool)]
        category = classifier.classify(message)
        steps = script(name, rng)
        grid, resident, phone, address = _resident(org, rng)
        lat, lng = _point_in(grid, rng)
        urgent = category is not None and category.name in UTILITIES
        plans.append(
            Plan(
                scenario=name,
                start=_start(name, steps, now, rng),
                steps=steps,
                message=message,
                category=category,
                kind=Kind.CONSULT if name == "answered" else _pick(rng, KINDS),
                urgency=Urgency.UTILITIES if urgent else Urgency.NORMAL,
                channel=_pick(rng, CHANNELS),
                grid=grid,
                resident_name=resident,
                resident_phone=phone,
                address=address,
                lat=lat,
                lng=lng,
            )
        )
    _link_merges(plans, now, rng)
    return plans


def _link_merges(plans: list[Plan], now: datetime, rng: random.Random) -> None:
    """A merged concern repeats an earlier one (same text, another resident) and joins it."""
    parents = [p for p in plans if p.scenario not in TERMINAL_SCENARIOS]
    for plan in plans:
        if plan.scenario != "merged" or not parents:
            continue
        parent = rng.choice(parents)
        plan.parent = parent
        plan.message, plan.category, plan.kind = parent.message, parent.category, parent.kind
        plan.grid, plan.lat, plan.lng = parent.grid, parent.lat, parent.lng
        later = parent.start + timedelta(hours=rng.uniform(1, 72))
        plan.start = min(later, parent.start + (now - parent.start) / 2)
