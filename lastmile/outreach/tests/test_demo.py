"""The outreach part of the demo: links up to quota, six months of visit logs, notes turned
into concerns and handled, kept and overdue promises, coverage gaps; through the real services."""

from __future__ import annotations

import heapq
import random
import time
from datetime import datetime, timedelta

import pytest
from django.db.models import Count, F, Min
from django.utils import timezone

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.org import build_org
from lastmile.concerns.models import Concern
from lastmile.core.errors import DomainError
from lastmile.orgs.models import Household
from lastmile.outreach import selectors
from lastmile.outreach.demo import seed
from lastmile.outreach.models import FollowUp, HouseholdLink, Visit

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
    started = time.monotonic()
    with frozen(clock):
        org = build_org(random.Random(1))
        # two of the four communities keep the test short; the story is the same in each
        org.communities = {k: org.communities[k] for k in ("dongfeng", "taohua")}
        steps = seed(org=org, rng=random.Random("1:outreach"), now=now)
        failures = play(steps, clock, now)
    assert failures == []
    assert time.monotonic() - started < 240

    # links: every community's secretary has 5, nobody is over quota, some households are free
    for key, community in org.communities.items():
        secretary = org.people[f"l_{key}"]
        assert HouseholdLink.objects.filter(cadre=secretary, status="active").count() == 5
        for row in selectors.cadre_rows(community):
            assert row.used <= row.quota.limit
        free = selectors.coverage_rows(Household.objects.filter(area__parent=community))
        assert any(r.link is None for r in free)

    # six months of visits, in every community, many recorded for cadres without a login
    first = Visit.objects.aggregate(first=Min("visited_on"))["first"]
    assert (timezone.localdate() - first).days >= 170
    assert set(Visit.objects.values_list("community__name", flat=True)) == {"东风社区", "桃花村"}
    assert Visit.objects.exclude(recorded_by=F("visitor")).exists()

    # notes turned into concerns, channel 走访, handled by the community's organisation
    converted = Concern.objects.filter(channel="visit")
    assert converted.count() >= 5
    assert converted.filter(status="closed").exists()
    assert not converted.filter(household__isnull=True).exists()

    # promises: most kept, a few overdue
    assert (
        FollowUp.objects.filter(status="done").count()
        > FollowUp.objects.filter(status="open").count()
    )
    assert FollowUp.objects.filter(status="open", due__lt=timezone.localdate()).exists()

    # coverage gaps and committee members behind their monthly count
    gaps = [r for r in selectors.coverage_rows(Household.objects.all()) if r.is_gap]
    assert 0 < len(gaps) < 12
    _months, rows = selectors.cadre_months(org.communities["dongfeng"])
    assert any(r.behind_months for r in rows)
    assert any(not r.cells[-2].behind for r in rows if r.is_committee)  # some on target
    per_visitor = Visit.objects.values("visitor").annotate(n=Count("pk"))
    assert max(r["n"] for r in per_visitor) >= 100
