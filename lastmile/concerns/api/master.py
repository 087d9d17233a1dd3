"""Master data of the concern loop: categories and the dispatch table (派单目录).

Staff read both; only an administrator covering the area may set a dispatch rule.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from lastmile.concerns.api.router import router
from lastmile.concerns.api.schemas import CategoryOut, DispatchRuleIn, DispatchRuleOut
from lastmile.concerns.models import DispatchRule
from lastmile.concerns.selectors_api import (
    area_for_input,
    category_for_input,
    category_list,
    dispatch_rule_get,
    dispatch_rule_list,
    unit_for_input,
    units_for_input,
)
from lastmile.concerns.services.dispatch_table import dispatch_rule_set
from lastmile.core.apischema import ERRORS, Id
from lastmile.core.errors import NotPermitted
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor, actor_for_user

TAGS = ["master data"]


def _staff(request: HttpRequest) -> Actor:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:
        raise NotPermitted(_("Only staff can see this."))
    return actor


class CategoryQuery(Schema):
    level: int | None = Field(None, ge=1, le=3)
    parent: Id | None = None


@router.get(
    "/categories", tags=TAGS, response={200: list[CategoryOut], **ERRORS}, summary="Categories"
)
def categories(request: HttpRequest, filters: Query[CategoryQuery]) -> list[Any]:
    _staff(request)
    return list(category_list(level=filters.level, parent=filters.parent))


def _rule(rule: DispatchRule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "area_id": rule.area_id,
        "area": rule.area.name,
        "category_id": rule.category_id,
        "category": rule.category.name if rule.category else None,
        "unit": {"id": rule.unit.pk, "name": rule.unit.name},
        "assist_units": [{"id": u.pk, "name": u.name} for u in rule.assist_units.all()],
        "bounce_count": rule.bounce_count,
    }


class RuleQuery(Schema):
    area: Id | None = None
    category: Id | None = None


@router.get(
    "/dispatch-rules",
    tags=TAGS,
    response={200: list[DispatchRuleOut], **ERRORS},
    summary="The dispatch table (category × area → lead and assisting units)",
)
def dispatch_rules(request: HttpRequest, filters: Query[RuleQuery]) -> list[dict[str, Any]]:
    _staff(request)
    rules = dispatch_rule_list(area=filters.area, category=filters.category)
    return [_rule(r) for r in rules]


@router.post(
    "/dispatch-rules",
    tags=TAGS,
    response={200: DispatchRuleOut, **ERRORS},
    summary="Set the rule for a category × area (administrators of that area)",
)
def dispatch_rule_put(request: HttpRequest, payload: DispatchRuleIn) -> dict[str, Any]:
    actor = _staff(request)
    area = area_for_input(payload.area)
    if not actor.covers_area(area, Role.ADMIN):
        raise NotPermitted(_("Only an administrator covering this area can change its rules."))
    rule = dispatch_rule_set(
        category=category_for_input(payload.category),
        area=area,
        unit=unit_for_input(payload.unit),  # type: ignore[arg-type]
        assist_units=units_for_input(payload.assist_units),
        actor_id=actor.user_id,
        actor_label=actor.label,
    )
    return _rule(dispatch_rule_get(rule.pk))
