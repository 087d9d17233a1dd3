"""The merits part of the demo, played through the real services in time order."""

from __future__ import annotations

import heapq
import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.org import build_org
from lastmile.core import audit
from lastmile.core.errors import DomainError
from lastmile.merits.choices import DeedSource, DeedStatus, RedemptionStatus
from lastmile.merits.demo import seed
from lastmile.merits.models import Deed, Goods, ModelStory, PointsAccount, PointsEntry, Redemption

pytestmark = pytest.mark.django_db


def play(steps: list[Any], clock: Clock, now: datetime) -> list[str]:
    queue: list[Any] = []
    order = 0
    failures = []

    def push(more: Any) -> None:
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


def test_demo_story(client: Client) -> None:
    now = timezone.now()
    origin = timezone.localtime(now - timedelta(days=181)).replace(hour=9, minute=0)
    clock = Clock(origin)
    with frozen(clock):
        org = build_org(random.Random(1))
        steps = seed(org=org, rng=random.Random("1:merits"), now=now)
        failures = play(steps, clock, now)
    assert failures == []
    communities = set(Deed.objects.values_list("community__name", flat=True))
    assert communities == {"东风社区", "向阳社区", "新华社区", "桃花村"}
    assert Deed.objects.count() > 150
    approved = Deed.objects.filter(status=DeedStatus.APPROVED)
    assert approved.count() > 100
    assert Deed.objects.filter(status=DeedStatus.REJECTED).exists()
    assert Deed.objects.filter(status=DeedStatus.PENDING).exists()
    assert Deed.objects.filter(source=DeedSource.SELF).exists()
    assert approved.filter(hours__isnull=False).count() > 30
    months = {d.month for d in approved.values_list("occurred_on", flat=True)}
    assert len(months) >= 6
    assert Goods.objects.filter(community=org.communities["dongfeng"]).count() == 10
    assert Redemption.objects.filter(status=RedemptionStatus.HANDED_OVER).count() >= 10
    assert Redemption.objects.filter(status=RedemptionStatus.RESERVED).exists()
    assert ModelStory.objects.count() == 2
    # The ledger is consistent: every account's balance is the sum of its entries.
    for account in PointsAccount.objects.all():
        total = sum(PointsEntry.objects.filter(account=account).values_list("points", flat=True))
        assert account.balance == total >= 0
    assert audit.verify().ok
    page = client.get("/merits/").content.decode()
    assert "楼道里的“热心肠”" in page or "村道上的志愿者" in page
    assert client.login(username="merit_resident", password="lastmile-demo")
    assert client.get("/merits/me/").status_code == 200
