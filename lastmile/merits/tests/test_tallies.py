"""Tallies per person and community by period, rankings and the public top list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.merits.choices import PeriodKind
from lastmile.merits.periods import period_of
from lastmile.merits.selectors.tallies import community_tallies, person_tallies, top_list
from lastmile.merits.services.points import points_award, points_spend
from lastmile.merits.tests.conftest import Rules, approve, record
from lastmile.orgs.models import Person
from lastmile.orgs.testing import World

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))


def test_periods() -> None:
    q = period_of(PeriodKind.QUARTER, dt.date(2025, 8, 15))
    assert (q.start, q.end) == (dt.date(2025, 7, 1), dt.date(2025, 10, 1))
    assert q.label == "2025年第3季度"
    assert q.previous().start == dt.date(2025, 4, 1)
    assert q.next().start == dt.date(2025, 10, 1)
    m = period_of(PeriodKind.MONTH, dt.date(2025, 12, 31))
    assert (m.start, m.end, m.label) == (dt.date(2025, 12, 1), dt.date(2026, 1, 1), "2025年12月")
    y = period_of(PeriodKind.YEAR, dt.date(2025, 3, 1))
    assert (y.start, y.end) == (dt.date(2025, 1, 1), dt.date(2026, 1, 1))


def test_person_and_community_tallies_by_quarter(
    world: World, rules: Rules, resident: Person, resident2: Person
) -> None:
    actor = world.actor("c1_handler")
    clock = Clock(at(2025, 2, 1))
    with frozen(clock):
        points_award(actor=actor, person=resident, points=30, cause="a:1", reason="好事")
        clock.set(at(2025, 3, 1))
        points_spend(actor=actor, person=resident, points=12, cause="s:1", reason="兑换")
        clock.set(at(2025, 4, 2))
        points_award(actor=actor, person=resident, points=5, cause="a:2", reason="好事")
        points_award(actor=actor, person=resident2, points=7, cause="a:3", reason="好事")
    q1 = period_of(PeriodKind.QUARTER, dt.date(2025, 1, 1))
    q2 = q1.next()
    admin = world.actor("admin")
    [row] = person_tallies(admin, q1)
    assert (row.name, row.earned, row.spent, row.balance) == ("王小芳", 30, 12, 18)
    rows = {r.name: r for r in person_tallies(admin, q2)}
    assert (rows["王小芳"].earned, rows["王小芳"].spent, rows["王小芳"].balance) == (5, 0, 23)
    assert rows["李大山"].balance == 7
    communities = {r.name: r for r in community_tallies(admin, q2)}
    assert communities["东风社区"].earned == 5 and communities["东风社区"].balance == 23
    assert communities["向阳社区"].earned == 7 and communities["向阳社区"].people == 1
    # A cadre of 东风社区 sees only their community.
    assert [r.name for r in person_tallies(actor, q2)] == ["王小芳"]
    assert [r.name for r in community_tallies(actor, q2)] == ["东风社区"]
    assert person_tallies(world.actor("handler"), q2) == []


def test_hours_of_approved_deeds_count_in_the_period_they_were_done(
    world: World, rules: Rules, resident: Person
) -> None:
    today = timezone.localdate()
    approve(world, record(world, rules, resident, item=rules.hourly, hours="2.5"))
    record(world, rules, resident, item=rules.hourly, hours="4")  # pending: no hours yet
    period = period_of(PeriodKind.MONTH, today)
    [row] = person_tallies(world.actor("c1_handler"), period)
    assert row.hours == Decimal("2.5") and row.earned == 13
    [community] = community_tallies(world.actor("c1_handler"), period)
    assert community.hours == Decimal("2.5") and community.people == 1


def test_top_list_ranks_by_points_earned_and_knows_consent(
    world: World, rules: Rules, resident: Person
) -> None:
    other = Person.objects.create(name="赵小红", home_area=world.areas["c1g2"])
    approve(world, record(world, rules, resident, name_public=True))
    approve(world, record(world, rules, resident, title="帮邻居修水管"))
    approve(world, record(world, rules, other, key="c1_handler"), key="dispatcher")
    period = period_of(PeriodKind.YEAR, timezone.localdate())
    top = top_list(period)
    assert [(r.name, r.earned, r.name_public) for r in top] == [
        ("王小芳", 20, True),
        ("赵小红", 10, False),
    ]
    assert top_list(period, size=1)[0].name == "王小芳"
    assert top_list(period, community=world.areas["c2"]) == []
