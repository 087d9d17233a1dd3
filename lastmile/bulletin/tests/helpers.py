from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lastmile.bulletin.models import Notice
from lastmile.bulletin.services import notices
from lastmile.orgs.testing import PASSWORD, World


def notice_input(world: World, **over: Any) -> notices.NoticeInput:
    values: dict[str, Any] = {
        "kind": "notice",
        "title": "停水通知",
        "body": "因管网维修，本周六8:00—18:00停水，请提前储水。",
        "audience": "public",
        "area": world.areas["c1"],
    }
    values.update(over)
    return notices.NoticeInput(**values)


def draft(world: World, who: str = "c1_handler", **over: Any) -> Notice:
    return notices.notice_create(actor=world.actor(who), data=notice_input(world, **over))


def published(
    world: World, who: str = "c1_handler", at: dt.datetime | None = None, **over: Any
) -> Notice:
    """A published notice; ``at`` back-dates the publish time (as if published then)."""
    notice = notices.notice_publish(actor=world.actor(who), notice=draft(world, who, **over))
    if at is not None:
        Notice.objects.filter(pk=notice.pk).update(published_at=at)
        notice.refresh_from_db()
    return notice


def login(client, world: World, key: str):
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def ago(**kw: Any) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kw)


def post_input(world: World, **over: Any):
    from lastmile.bulletin.services.board import PostInput

    values: dict[str, Any] = {
        "kind": "question",
        "title": "小区电梯经常停运",
        "text": "3栋电梯这个月停了三次，老人上下楼很困难，请问什么时候能修好？",
        "area": world.areas["c1"],
        "name": "张三丰",
        "phone": "13812345678",
    }
    values.update(over)
    return PostInput(**values)


def submit(world: World, who: str | None = None, ip: str = "10.0.0.1", **over: Any):
    from lastmile.bulletin.services import board
    from lastmile.orgs.selectors import actor_for_user

    actor = world.actor(who) if who else actor_for_user(None)
    return board.post_submit(actor=actor, data=post_input(world, **over), ip=ip)
