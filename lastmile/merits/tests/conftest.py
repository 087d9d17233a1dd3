from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lastmile.merits.choices import RuleUnit
from lastmile.merits.models import Deed, RuleCategory, RuleItem
from lastmile.merits.services import deeds as deed_services
from lastmile.orgs import services as org_services
from lastmile.orgs.models import Person
from lastmile.orgs.testing import PASSWORD, World


@pytest.fixture
def resident(world: World) -> Person:
    """A resident of 东风社区第1网格 with a login (t_resident)."""
    person = org_services.person_create(name="王小芳", username="t_resident", password=PASSWORD)
    person.home_area = world.areas["c1g1"]
    person.phone = "13800001234"
    person.save(update_fields=["home_area", "phone"])
    world.people["resident"] = person
    return person


@pytest.fixture
def resident2(world: World) -> Person:
    """A resident of 向阳社区第1网格 (another community)."""
    person = org_services.person_create(name="李大山", username="t_resident2", password=PASSWORD)
    person.home_area = world.areas["c2g1"]
    person.save(update_fields=["home_area"])
    world.people["resident2"] = person
    return person


def login(client: Any, world: World, key: str) -> None:
    assert client.login(username=world.username(key), password=PASSWORD)


@dataclass
class Rules:
    hourly: RuleItem  # 志愿服务 · 5 points per hour
    helping: RuleItem  # 邻里互助 · 10 points per deed


@pytest.fixture
def rules(db: Any) -> Rules:
    """Rule items of their own (the migration's default table may be flushed by transactional
    tests)."""
    service, _ = RuleCategory.objects.get_or_create(name="测试志愿服务", defaults={"order": 90})
    helping, _ = RuleCategory.objects.get_or_create(name="测试邻里互助", defaults={"order": 91})
    return Rules(
        hourly=RuleItem.objects.create(
            category=service, name="社区志愿服务", unit=RuleUnit.PER_HOUR, points=5
        ),
        helping=RuleItem.objects.create(
            category=helping, name="帮扶独居老人", unit=RuleUnit.PER_DEED, points=10
        ),
    )


def record(world: World, rules: Rules, person: Person, *, key: str = "gridder", **kw: Any) -> Deed:
    values: dict[str, Any] = {
        "item": rules.helping,
        "title": "帮独居老人买菜送药",
        "occurred_on": timezone.localdate(),
    }
    values.update(kw)
    return deed_services.deed_record(actor=world.actor(key), person=person, **values)


def approve(world: World, deed: Deed, key: str = "c1_handler") -> Deed:
    return deed_services.deed_approve(actor=world.actor(key), deed=deed)
