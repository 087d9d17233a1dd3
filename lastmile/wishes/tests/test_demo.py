"""The wishes part of the demo: two rounds in all four communities, unit claims, a lapsed claim
back in the pool with priority, a carried-over wish; played through the real services."""

from __future__ import annotations

import heapq
import random
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.org import build_org
from lastmile.core.errors import DomainError
from lastmile.wishes import selectors
from lastmile.wishes.choices import ClaimStatus, PriorityReason, Status
from lastmile.wishes.demo import seed
from lastmile.wishes.models import Claim, Round, Wish

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
    origin = timezone.localtime(now - timedelta(days=181)).replace(hour=9, minute=0)
    clock = Clock(origin)
    with frozen(clock):
        org = build_org(random.Random(1))
        steps = seed(org=org, rng=random.Random("1:wishes"), now=now)
        failures = play(steps, clock, now)
    assert failures == []
    assert Round.objects.count() == 2
    communities = set(Wish.objects.values_list("community__name", flat=True))
    assert communities == {"东风社区", "向阳社区", "新华社区", "桃花村"}
    statuses = set(Wish.objects.values_list("status", flat=True))
    assert {Status.CLOSED, Status.PUBLISHED, Status.FULFILLED, Status.SUBMITTED} <= statuses
    assert Claim.objects.filter(unit__isnull=False, status=ClaimStatus.DONE).exists()
    shared = [w for w in Wish.objects.filter(status=Status.CLOSED) if w.claims.count() > 1]
    assert shared, "some wishes are shared by several claimers"
    lapsed = Claim.objects.get(status=ClaimStatus.LAPSED)
    assert lapsed.wish.status == Status.PUBLISHED
    assert lapsed.wish.priority and lapsed.wish.priority_reason == PriorityReason.LAPSED
    assert Wish.objects.filter(priority_reason=PriorityReason.CARRIED).exists()
    first = selectors.wall_qs().first()
    assert first is not None and first.priority
    assert Wish.objects.filter(photos__isnull=False).distinct().count() >= 10
    # The demo volunteer's login, with claims in every state worth showing.
    mine = Claim.objects.filter(person__user__username="wish_volunteer")
    assert {ClaimStatus.ACTIVE, ClaimStatus.CONTACTED, ClaimStatus.LAPSED} <= set(
        mine.values_list("status", flat=True)
    )
