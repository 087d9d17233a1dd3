from __future__ import annotations

from lastmile.concerns import services as concern_services
from lastmile.concerns.choices import Channel, Kind, Urgency
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import ANONYMOUS
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import Role
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.orgs.testing import PASSWORD, World

PHONE = "13912345678"


def resident(world: World, username: str = "res_wang", area: str = "c1") -> Person:
    return org_services.person_create(
        name="王小明",
        phone=PHONE,
        username=username,
        password=PASSWORD,
        home_area=world.areas[area],
    )


def raise_concern(world: World, person: Person, text: str = "小区门口路灯坏了三天") -> Concern:
    result = concern_services.concern_submit(
        actor=ANONYMOUS,
        channel=Channel.WEB,
        kind=Kind.COMPLAINT,
        urgency=Urgency.NORMAL,
        text=text,
        area=world.areas["c1g1"],
        resident_name=person.name,
        resident_phone=person.phone,
        resident_openid="oWX-openid-1",
        address="东风路12号3栋",
    )
    return result.concern


def actor_of(person: Person) -> Actor:
    return actor_for_user(person.user)


def street_admin(world: World, username: str = "t_street_admin") -> Actor:
    person = org_services.person_create(name="街道管理员", username=username, password=PASSWORD)
    org_services.membership_add(
        person=person, unit=world.units["street_gov"], role=Role.ADMIN, area=world.areas["street"]
    )
    return actor_for_user(person.user)


def other_street_admin(world: World) -> Actor:
    other = org_services.area_create(
        name="别的街道", code="OS", level="street", parent=world.areas["district"]
    )
    unit = org_services.unit_create(name="别的街道办", code="OSU", kind="government", area=other)
    person = org_services.person_create(
        name="别的管理员", username="t_other_admin", password=PASSWORD
    )
    org_services.membership_add(person=person, unit=unit, role=Role.ADMIN, area=other)
    return actor_for_user(person.user)
