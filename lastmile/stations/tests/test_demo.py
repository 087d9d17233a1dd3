"""The demo's service network: built with the demo organisation, its story steps played in time
order with the demo clock, and what the pages should then show."""

from __future__ import annotations

import heapq
import random
from datetime import timedelta

import pytest
from django.db.models import Count

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.org import build_org
from lastmile.core import audit
from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import actor_for_user
from lastmile.stations.choices import RequestStatus, StationKind
from lastmile.stations.demo import seed
from lastmile.stations.models import (
    AgentEscalation,
    AgentRequest,
    DutyShift,
    HoursException,
    ServiceGuide,
    Station,
)
from lastmile.stations.selectors import duty, public
from lastmile.stations.tests.helpers import aware

pytestmark = pytest.mark.django_db

NOW = aware(2026, 11, 25, 10, 0)  # a Wednesday morning


def play(steps, clock, now):
    """Run the steps in time order (as concerns/demo/timeline.play does); return refusals."""
    queue, order, refused = [], 0, []
    actions = []

    def schedule(more):
        nonlocal order
        for moment, step in more or []:
            if moment > now:
                continue
            actions.append(step)
            heapq.heappush(queue, (max(moment, clock.moment), order, len(actions) - 1))
            order += 1

    schedule(steps)
    while queue:
        moment, _order, index = heapq.heappop(queue)
        clock.set(moment)
        try:
            schedule(actions[index]())
        except DomainError as error:
            refused.append(f"{moment:%Y-%m-%d %H:%M} {error}")
    clock.set(now)
    return refused


@pytest.fixture
def demo():
    clock = Clock(NOW - timedelta(days=181))
    with frozen(clock):
        org = build_org(random.Random(1))
        steps = seed(org=org, rng=random.Random("stations"), now=NOW)
        refused = play(steps, clock, NOW)
        yield org, refused


def test_the_demo_service_network(demo):
    org, refused = demo
    assert refused == []
    kinds = dict(
        Station.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    assert kinds == {StationKind.CENTRE: 1, StationKind.STATION: 4, StationKind.POINT: 1}
    assert Station.objects.filter(name="桃花村党群服务站").exists()
    assert ServiceGuide.objects.count() >= 25
    names = set(ServiceGuide.objects.values_list("name", flat=True))
    for wanted in ("居住证办理", "最低生活保障申请", "老年人优待证（老年证）办理", "生育登记服务"):
        assert wanted in names
    assert HoursException.objects.filter(note__contains="节假日值守").exists()

    # Rosters for the past weeks and the next: missed and late shifts are on record.
    assert DutyShift.objects.filter(starts_at__gt=NOW + timedelta(days=7)).exists()
    assert DutyShift.objects.filter(starts_at__lt=NOW - timedelta(days=21)).exists()
    supervisor = actor_for_user(org.people["supervisor"].user)
    report = duty.missed_report(supervisor, NOW.date().replace(day=1), now=NOW)
    assert report.totals["missed"] >= 1 and report.totals["late"] >= 1
    # Wednesday 10:00: someone is on duty at the centre, shown as post + surname 同志.
    cards = {c.station.name: c for c in public.station_cards(now=NOW)}
    centre = cards["和平街道党群服务中心"]
    assert centre.state.open_now and centre.on_duty
    assert centre.on_duty[0].label.endswith("同志")

    # Agent requests in every state, some overdue (reminded and urged), some forwarded late.
    states = set(AgentRequest.objects.values_list("status", flat=True))
    assert states == set(RequestStatus.values)
    overdue = AgentRequest.objects.filter(status=RequestStatus.REGISTERED, forward_due__lt=NOW)
    assert overdue.count() >= 2
    assert AgentEscalation.objects.filter(level="urge", request__in=overdue).count() >= 2
    assert AgentRequest.objects.filter(forwarded_late=True).exists()
    assert AgentRequest.objects.count() >= 35
    assert audit.verify().ok
