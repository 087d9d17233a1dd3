"""The decision-process part of the demo, played in time order under the demo clock."""

from __future__ import annotations

import heapq
import random
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.org import build_org
from lastmile.core.errors import DomainError
from lastmile.decisions.choices import Body, FailReason, NoticeKind, Status
from lastmile.decisions.demo import seed
from lastmile.decisions.models import Matter
from lastmile.decisions.verify import verify_matter

pytestmark = pytest.mark.django_db


def play(steps, clock: Clock, now: datetime) -> list[str]:
    """Run the steps in time order (and the steps they return), as the demo player does."""
    queue: list = []
    order = 0
    failures = []

    def push(more):
        nonlocal order
        for moment, step in more or []:
            if moment <= now:
                heapq.heappush(queue, (max(moment, clock.moment), order, step))
                order += 1

    push(steps)
    while queue:
        moment, _order, step = heapq.heappop(queue)
        clock.set(moment)
        try:
            push(step())
        except DomainError as error:
            failures.append(f"{moment:%Y-%m-%d %H:%M} {error.message}")
    return failures


def test_demo_story():
    now = timezone.now()
    clock = Clock(timezone.localtime(now - timedelta(days=181)).replace(hour=9, minute=0))
    with frozen(clock):
        org = build_org(random.Random(1))
        steps = seed(org=org, rng=random.Random("1:decisions"), now=now)
        assert play(steps, clock, now) == []
    taohua = org.communities["taohua"]
    matters = {m.title: m for m in Matter.objects.filter(area=taohua)}
    assert len(matters) == 3

    road = matters["村道硬化"]
    assert road.status == Status.CLOSED and not road.merged
    assert road.notices.get(kind=NoticeKind.RESULT).ends_on <= timezone.localdate()
    assembly = road.meetings.get(step="resolve")
    assert assembly.body == Body.VILLAGERS_ASSEMBLY and assembly.passed
    assert (assembly.held_on - assembly.announced_on).days == 12
    assert road.notices.get(kind=NoticeKind.RESOLUTION).objections.count() == 1

    pond = matters["村集体鱼塘承包"]
    assert pond.merged and pond.status == Status.RESOLUTION_NOTICE
    notice = pond.notices.get()
    assert notice.is_up() and notice.objections.count() == 1

    help_ = matters["2026年度重点救助对象及救助方案"]
    reviews = list(help_.meetings.filter(step="review").order_by("attempt"))
    assert [m.failure for m in reviews] == [FailReason.QUORUM, ""]
    assert help_.revision_count == 1 and help_.status == Status.IMPLEMENTING

    parking = Matter.objects.get(area=org.communities["dongfeng"])
    assert parking.kind == "community" and parking.status == Status.CLOSED
    assert parking.meetings.get(step="resolve").body == Body.RESIDENTS_REPRESENTATIVES

    for matter in Matter.objects.all():
        assert verify_matter(matter).ok, matter.title
