"""Test helpers: bring a concern to any status quickly, through the real services.

Usage (with the ``world`` fixture from ``lastmile.orgs.testing``)::

    from lastmile.concerns.testing import reach, submit, frozen

    concern = reach(world, Status.IN_PROGRESS)              # a complaint in progress at housing
    concern = reach(world, Status.ANSWERED, kind=Kind.CONSULT)
    with frozen(aware(2026, 9, 30, 16)):                    # every service sees this "now"
        concern = reach(world, Status.DISPATCHED)

Actors used (keys of ``World.people``): ``dispatcher`` (the street's dispatcher), ``supervisor``
(the district's supervisor) and ``handler`` (a handler of the ``housing`` unit, the default lead
unit). Every step goes through the public services, so each leaves its audit event.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Diversion, Kind, Satisfaction, Status, Urgency
from lastmile.concerns.models import Concern
from lastmile.orgs.selectors import Actor
from lastmile.orgs.testing import World

ANONYMOUS = Actor(user_id=None, label="anonymous")
_counter = itertools.count(1)


def aware(*args: int) -> datetime:
    """An aware datetime in the project's time zone (Asia/Shanghai): aware(2026, 9, 30, 16)."""
    return timezone.make_aware(datetime(*args))  # type: ignore[misc,arg-type]


@contextmanager
def frozen(moment: datetime) -> Iterator[mock.MagicMock]:
    """Patch ``django.utils.timezone.now`` so every service sees ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment) as patched:
        yield patched


def fresh(concern: Concern) -> Concern:
    return Concern.objects.get(pk=concern.pk)


def submit(
    world: World,
    *,
    kind: str = Kind.COMPLAINT,
    urgency: str = Urgency.NORMAL,
    area: str | None = "c1g1",
    text: str | None = None,
    **extra: object,
) -> Concern:
    """A new concern (status received) in the given area of the world, with unique text."""
    n = next(_counter)
    result = services.concern_submit(
        actor=ANONYMOUS,
        channel=extra.pop("channel", Channel.WEB),  # type: ignore[arg-type]
        kind=kind,
        urgency=urgency,
        text=text or f"测试诉求第{n}号：楼道灯坏了很久没有人修",
        area=world.areas[area] if area else None,
        **extra,  # type: ignore[arg-type]
    )
    return result.concern


def _dispatched(world: World, concern: Concern, unit: str) -> Concern:
    return services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=concern, unit=world.units[unit]
    )


def _in_progress(world: World, concern: Concern, handler: str) -> Concern:
    concern = services.concern_sign(actor=world.actor(handler), concern=concern)
    return services.concern_contact(
        actor=world.actor(handler), concern=concern, note="电话联系了居民"
    )


def _replied(world: World, concern: Concern, handler: str, resolved: bool = True) -> Concern:
    return services.concern_reply(
        actor=world.actor(handler),
        concern=concern,
        text="已到现场处理完毕，并向居民说明情况。",
        resolved=resolved,
    )


def reach(
    world: World,
    status: str,
    *,
    kind: str = Kind.COMPLAINT,
    urgency: str = Urgency.NORMAL,
    area: str | None = "c1g1",
    unit: str = "housing",
    handler: str = "handler",
) -> Concern:
    """A concern brought to ``status`` through the real services (lead unit ``unit``)."""
    status = Status(status)
    concern = submit(world, kind=kind, urgency=urgency, area=area)
    dispatcher = world.actor("dispatcher")
    if status == Status.RECEIVED:
        return concern
    if status == Status.ANSWERED:
        if kind != Kind.CONSULT:
            raise ValueError("only a consultation can be answered at intake")
        return services.concern_answer(
            actor=dispatcher, concern=concern, answer="办理地点在街道政务服务中心"
        )
    if status == Status.DIVERTED:
        return services.concern_divert(
            actor=dispatcher, concern=concern, case=Diversion.EMERGENCY, note="请立即拨打110报警"
        )
    if status == Status.MERGED:
        parent = submit(world, kind=kind, urgency=urgency, area=area)
        return services.concern_merge(actor=dispatcher, concern=concern, parent=parent)
    concern = _dispatched(world, concern, unit)
    if status == Status.DISPATCHED:
        return concern
    if status == Status.OBJECTED:
        return services.concern_object(
            actor=world.actor(handler),
            concern=concern,
            reason="此事不属于本单位职责范围，应由城管处理",
        )
    if status == Status.SIGNED:
        return services.concern_sign(actor=world.actor(handler), concern=concern)
    concern = _in_progress(world, concern, handler)
    if status == Status.IN_PROGRESS:
        return concern
    if status == Status.EXTENSION_REQUESTED:
        assert concern.resolve_due is not None
        return services.concern_extension_request(
            actor=world.actor(handler),
            concern=concern,
            reason="需要协调物业和施工队，时间较长",
            new_due=concern.resolve_due + timedelta(days=7),
        )
    if status in (Status.STOP_REQUESTED, Status.STOPPED):
        concern = services.concern_stop_request(
            actor=world.actor(handler), concern=concern, reason="居民拒绝提供必要的信息，无法办理"
        )
        if status == Status.STOP_REQUESTED:
            return concern
        return services.concern_stop_decide(
            actor=world.actor("supervisor"), concern=concern, approve=True, note="核实属实"
        )
    concern = _replied(world, concern, handler)
    if status == Status.REPLIED:
        return concern
    happy = status == Status.CLOSED
    return services.concern_callback(
        actor=ANONYMOUS,
        concern=concern,
        contacted=True,
        resolved=happy,
        satisfaction=Satisfaction.SATISFIED if happy else Satisfaction.DISSATISFIED,
    )
