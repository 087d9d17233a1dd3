"""派单目录 maintenance: set the lead unit (and assisting units) for a category × area."""

from __future__ import annotations

from django.db import transaction

from lastmile.concerns.models import Category, DispatchRule
from lastmile.core import audit
from lastmile.orgs.models import Area, Unit


@transaction.atomic
def dispatch_rule_set(
    *,
    category: Category | None,
    area: Area,
    unit: Unit,
    assist_units: list[Unit] | None = None,
    actor_id: int | None = None,
    actor_label: str = "system",
) -> DispatchRule:
    """Create or replace the rule for (category, area); blank category means any category."""
    rule = DispatchRule.objects.filter(category=category, area=area).first()
    if rule is None:
        rule = DispatchRule.objects.create(category=category, area=area, unit=unit)
    elif rule.unit_id != unit.pk or not rule.is_active:
        rule.unit, rule.is_active = unit, True
        rule.save(update_fields=["unit", "is_active"])
    rule.assist_units.set(assist_units or [])
    audit.record(
        verb="dispatch_rule.set",
        obj_type="dispatch_rule",
        obj_id=rule.pk,
        actor_id=actor_id,
        actor_label=actor_label,
        data={
            "category": category.code if category else None,
            "area": area.pk,
            "unit": unit.pk,
            "assists": [u.pk for u in assist_units or []],
        },
    )
    return rule
