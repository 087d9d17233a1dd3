"""Bring concerns through the real services for score tests."""

from __future__ import annotations

from datetime import timedelta

from lastmile.concerns import services
from lastmile.concerns.choices import Satisfaction, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import ANONYMOUS, fresh, reach
from lastmile.orgs.testing import World


def rated(
    world: World,
    *,
    contacted: bool = True,
    resolved: bool = True,
    satisfaction: str = Satisfaction.SATISFIED,
    unit: str = "housing",
    handler: str = "handler",
    area: str = "c1g1",
) -> Concern:
    concern = reach(world, Status.REPLIED, unit=unit, handler=handler, area=area)
    return services.concern_callback(
        actor=ANONYMOUS,
        concern=concern,
        contacted=contacted,
        resolved=resolved,
        satisfaction=satisfaction,
    )


def not_rated(world: World, **kwargs: str) -> Concern:
    concern = reach(world, Status.REPLIED, **kwargs)
    due = fresh(concern).callback_due
    assert due is not None
    return services.concern_callback_expire(concern=concern, now=due + timedelta(minutes=1))
