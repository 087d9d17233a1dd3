from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lastmile.orgs.testing import World
from lastmile.rectify import services
from lastmile.rectify.choices import Source
from lastmile.rectify.models import LedgerItem


def register(world: World, who: str = "c1_handler", **over: Any) -> LedgerItem:
    values: dict[str, Any] = {
        "source": Source.SELF,
        "title": "楼道堆物",
        "content": "3栋楼道长期堆放杂物，存在消防隐患",
        "owner_unit": world.units["c1_org"],
        "standard_of_done": "楼道无堆物，消防通道畅通",
        "measures": "入户劝导、集中清理、每周巡查",
        "deadline": timezone.localdate() + dt.timedelta(days=10),
    }
    values.update(over)
    return services.item_register(actor=world.actor(who), **values)


def to_status(world: World, status: str, **over: Any) -> LedgerItem:
    item = register(world, **over)
    owner = world.actor("c1_handler")
    if status == "registered":
        return item
    item = services.item_start(actor=owner, item=item)
    if status == "in_progress":
        return item
    item = services.item_submit(actor=owner, item=item, summary="已清理完毕")
    if status == "submitted":
        return item
    item = services.item_accept(
        actor=world.actor("dispatcher"), item=item, satisfaction="satisfied"
    )
    if status == "closed":
        return item
    item = services.item_reopen(
        actor=world.actor("dispatcher"), item=item, reason="recurred", note="又堆上了"
    )
    assert status == "reopened"
    return item
