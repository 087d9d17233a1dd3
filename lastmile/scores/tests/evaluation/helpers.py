"""Shared set-up of the 群众评议 tests."""

from __future__ import annotations

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import reach
from lastmile.orgs import services as org_services
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.orgs.testing import PASSWORD, World

ANON = Actor(user_id=None, label="resident")


def replied(world: World) -> Concern:
    return reach(world, Status.REPLIED)


def resident(world: World, name: str = "居民甲", area: str = "c1", username: str = "") -> Person:
    return org_services.person_create(
        name=name,
        phone="13800001111",
        username=username or f"res_{name}",
        password=PASSWORD,
        home_area=world.areas[area],
    )


def actor_of(person: Person) -> Actor:
    return actor_for_user(person.user)
