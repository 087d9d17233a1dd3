from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lastmile.orgs import services as org_services
from lastmile.orgs.choices import PostKind
from lastmile.orgs.models import Household, Person
from lastmile.orgs.testing import Village, World
from lastmile.outreach import services
from lastmile.outreach.models import HouseholdLink, Visit


def today() -> dt.date:
    return timezone.localdate()


def c1_household(world: World, n: int = 1, **over: Any) -> Household:
    values: dict[str, Any] = {
        "area": world.areas["c1g1"],
        "address": f"东风社区{n}栋1单元101室",
        "head_name": f"东风居民{n}",
        "phone": f"1380000{n:04d}",
    }
    values.update(over)
    return org_services.household_create(**values)


def c1_cadre(world: World) -> Person:
    """A party committee member of 东风社区 (serves there, quota 3)."""
    person = org_services.person_create(name="东风支委", is_party_member=True)
    org_services.post_add(person=person, area=world.areas["c1"], kind=PostKind.PARTY_COMMITTEE)
    return person


def link(
    world: World, household: Household, cadre: Person, who: str = "v_secretary"
) -> HouseholdLink:
    return services.link_household(actor=world.actor(who), household=household, cadre=cadre)


def log_visit(world: World, household: Household, who: str = "v_committee", **over: Any) -> Visit:
    values: dict[str, Any] = {
        "visited_on": today(),
        "people_met": "户主和老伴",
        "heard": "屋顶漏雨，雨天屋里放盆接水，希望村里帮忙联系维修",
        "help_given": "拍照记录，答应向村委反映",
    }
    values.update(over)
    return services.visit_log(actor=world.actor(who), household=household, **values)


def committee(village: Village) -> Person:
    """The committee member with a login (t_v_committee)."""
    return village.committee[0]
