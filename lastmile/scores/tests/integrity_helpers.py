"""Scenario helpers for the integrity tests: concerns driven through the real services at chosen
moments (after the world's own events, so time only moves forward)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from lastmile.concerns import services
from lastmile.concerns.choices import Satisfaction, Urgency
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import ANONYMOUS, aware, frozen, submit
from lastmile.orgs.testing import World

T0 = aware(2027, 3, 1, 9)  # a Monday, after the world was built
_n = itertools.count(1)
REPLIES = [
    "已派人疏通下水道并清理现场，居民确认排水恢复正常。",
    "路灯线路老化，已更换整段电缆和灯具，夜间照明恢复。",
    "经协调物业，电梯已完成维保并通过检测，恢复运行。",
    "已约谈商户并现场检查，油烟净化设备已安装到位。",
    "已联系环卫部门增加清运频次，垃圾站每日清运两次。",
    "已核实补贴资格，补发款项将于本月底前到账。",
    "对违规停车路段增设了隔离桩，并安排巡查。",
    "施工单位已调整作业时间，夜间十点后停止施工。",
]


def at(minutes: float = 0, *, days: float = 0) -> datetime:
    return T0 + timedelta(days=days, minutes=minutes)


def replied(
    world: World,
    *,
    when: datetime,
    phone: str = "",
    reply: str | None = None,
    unit: str = "housing",
    text: str | None = None,
    **extra: object,
) -> Concern:
    """A concern dispatched to ``unit``, signed, contacted and replied, all at ``when``."""
    n = next(_n)
    handler = world.actor("handler" if unit == "housing" else "handler2")
    with frozen(when):
        concern = submit(world, text=text, resident_phone=phone, **extra)  # type: ignore[arg-type]
        concern = services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=concern, unit=world.units[unit]
        )
        concern = services.concern_sign(actor=handler, concern=concern)
        concern = services.concern_contact(actor=handler, concern=concern, note="电话联系了居民")
        return services.concern_reply(
            actor=handler,
            concern=concern,
            text=reply or f"{REPLIES[n % len(REPLIES)]}（第{n}件）",
            resolved=True,
        )


def rate(world: World, concern: Concern, *, when: datetime, by_staff: bool = False) -> Concern:
    with frozen(when):
        return services.concern_callback(
            actor=world.actor("dispatcher") if by_staff else ANONYMOUS,
            concern=concern,
            contacted=True,
            resolved=True,
            satisfaction=Satisfaction.SATISFIED,
            by_staff=by_staff,
        )


def dispatched_urgent(world: World, *, when: datetime, unit: str = "housing") -> Concern:
    with frozen(when):
        concern = submit(world, urgency=Urgency.URGENT)
        return services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=concern, unit=world.units[unit]
        )


# The thresholds these tests are written against (the shipped defaults may be tuned).
TEST_THRESHOLDS = {
    "PHONE_RATINGS_MIN": 4,
    "STAFF_RATINGS_MIN": 6,
    "TEMPLATE_REPLIES_MIN": 5,
    "OBJECTION_DODGES_MIN": 2,
}
