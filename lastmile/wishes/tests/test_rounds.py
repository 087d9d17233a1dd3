"""批次: wishes join the running round; unclaimed wishes of earlier rounds go first in the next;
round statistics by community, for staff (scoped) and the public summary."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.wishes import permissions, selectors, services, stats
from lastmile.wishes.choices import PriorityReason, Status
from lastmile.wishes.models import Wish
from lastmile.wishes.tests.helpers import claim_of, refreshed, to_status

pytestmark = pytest.mark.django_db


def _round(world, who="dispatcher", area="street", start=-10, end=30, name="第一批"):
    today = timezone.localdate()
    return services.round_create(
        actor=world.actor(who),
        name=name,
        area=world.areas[area],
        starts_on=today + timedelta(days=start),
        ends_on=today + timedelta(days=end),
    )


def test_wishes_join_the_running_round(world):
    first = _round(world)
    wish = to_status(world, "submitted")
    assert wish.round == first


def test_round_rules(world):
    with pytest.raises(InvalidInput, match="请填写批次名称"):
        _round(world, name=" ")
    with pytest.raises(InvalidInput, match="结束日期不能早于开始日期"):
        _round(world, start=5, end=1)
    with pytest.raises(InvalidInput, match="请选择社区、村或街道"):
        _round(world, area="c1g1")
    with pytest.raises(NotPermitted, match="只能为您负责的区域开设批次"):
        _round(world, who="c2_handler", area="c1")
    _round(world, who="c1_handler", area="c1", name="东风春季")
    with pytest.raises(InvalidInput, match="与东风社区的批次“东风春季”"):
        _round(world, start=0, end=3)
    assert _round(world, who="c2_handler", area="c2", name="向阳春季").area == world.areas["c2"]


def test_unclaimed_wishes_go_first_in_the_next_round(world):
    first = _round(world, start=-40, end=-1)
    waiting = to_status(world, "published")
    claimed = to_status(world, "claimed", title="一盏台灯")
    Wish.objects.update(round=first)  # collected while the first round ran
    second = _round(world, start=0, end=60, name="第二批")
    waiting = refreshed(waiting)
    assert waiting.round == second and waiting.carried_from == first
    assert waiting.priority and waiting.priority_reason == PriorityReason.CARRIED
    assert refreshed(claimed).round == first
    assert services.carry_over(actor=world.actor("dispatcher"), round_=second) == 0  # once


def test_a_future_round_carries_over_when_it_starts(world):
    first = _round(world, start=-40, end=-1)
    waiting = to_status(world, "published")
    Wish.objects.update(round=first)
    second = _round(world, start=2, end=60, name="第二批")
    assert refreshed(waiting).round == first
    moved = services.rounds_start_due(today=timezone.localdate() + timedelta(days=2))
    assert moved == 1 and refreshed(waiting).round == second


def test_round_statistics(world, village):
    first = _round(world)
    to_status(world, "closed", claimer="a")
    to_status(world, "fulfilled", claimer="b", value="200")
    to_status(world, "submitted")
    rejected = to_status(world, "submitted", title="装修房屋")
    services.wish_reject(actor=world.actor("c1_handler"), wish=rejected, reason="超出范围")
    lapsing = to_status(
        world, "claimed", claimer="c", staff="c2_handler", community=world.areas["c2"]
    )
    services.claims_lapse_due(now=claim_of(lapsing).contact_due + timedelta(minutes=1))
    figures = stats.round_stats(first)
    t = figures.total
    assert (t.collected, t.verified, t.rejected, t.published) == (5, 3, 1, 3)
    assert (t.claimed, t.fulfilled, t.confirmed, t.lapsed) == (2, 2, 1, 1)
    assert t.value == Decimal("560") and t.value_fulfilled == Decimal("320")
    assert [r.name for r in figures.rows] == ["东风社区", "向阳社区"]
    assert figures.rows[1].lapsed == 1
    # A community cadre sees their community only.
    scoped = stats.round_stats(first, permissions.staff_q(world.actor("c2_handler")))
    assert [r.name for r in scoped.rows] == ["向阳社区"] and scoped.total.collected == 1
    assert [s.round for s in stats.public_summary()] == [first]


def test_round_areas_for_the_form(world):
    assert [a.name for a in selectors.round_areas(world.actor("c1_handler"))] == ["东风社区"]
    names = {a.name for a in selectors.round_areas(world.actor("dispatcher"))}
    assert {"和平街道", "东风社区", "向阳社区"} <= names


def test_statuses_counted_once(world):
    _round(world)
    to_status(world, "published")
    assert Wish.objects.filter(status=Status.PUBLISHED).count() == 1
