"""Routing by the dispatch table, dispatch (派单) and merge."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns import deadlines, permissions
from lastmile.concerns.choices import TERMINAL, Kind, Urgency
from lastmile.concerns.models import Category, Concern, ConcernAssist, DispatchRule
from lastmile.concerns.services import transition
from lastmile.core.errors import InvalidInput
from lastmile.orgs.models import Area, Unit
from lastmile.orgs.selectors import Actor, area_ancestors, government_unit_for


@dataclass
class Route:
    unit: Unit | None
    rule: DispatchRule | None
    assists: list[Unit] = field(default_factory=list)
    how: str = "none"  # "rule" (direct), "area" (area government coordinates), "none"


def route(*, category: Category | None, area: Area | None) -> Route:
    """Most specific rule wins: the deepest category, then the deepest area up the tree."""
    if area is None:
        return Route(None, None)
    areas = list(reversed(area_ancestors(area)))
    categories: list[Category | None] = list(reversed(category.lineage())) if category else []
    categories.append(None)
    rules = {
        (r.category_id, r.area_id): r
        for r in DispatchRule.objects.filter(area__in=areas, is_active=True)
        .select_related("unit")
        .prefetch_related("assist_units")
    }
    for cat in categories:
        for candidate in areas:
            rule = rules.get((cat.pk if cat else None, candidate.pk))
            if rule and rule.unit.is_active:
                return Route(rule.unit, rule, list(rule.assist_units.all()), "rule")
    government = government_unit_for(area)
    return Route(government, None, [], "area" if government else "none")


def _set_assists(concern: Concern, assists: list[Unit], lead: Unit) -> list[str]:
    ConcernAssist.objects.filter(concern=concern).delete()
    names = []
    for unit in assists:
        if unit.pk != lead.pk:
            ConcernAssist.objects.create(concern=concern, unit=unit)
            names.append(unit.name)
    return names


def dispatch_fields(concern: Concern, unit: Unit, rule: DispatchRule | None) -> dict:
    now = timezone.now()
    due = deadlines.compute(kind=concern.kind, urgency=concern.urgency, start=now)
    return {
        "lead_unit": unit,
        "dispatch_rule": rule,
        "dispatched_at": now,
        "dispatch_round": concern.dispatch_round + 1,
        "sign_due": due.sign_due,
        "resolve_due": due.resolve_due,
        "signed_at": None,
        "contacted_at": None,
        "contact_due": None,
        "escalation": "",
        "replied_at": None,
        "callback_due": None,
    }


@transaction.atomic
def concern_dispatch(
    *,
    actor: Actor,
    concern: Concern,
    unit: Unit | None = None,
    assist_units: list[Unit] | None = None,
    category: Category | None = None,
    kind: str | None = None,
    urgency: str | None = None,
    area: Area | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Concern:
    """派单: to the unit given, or by the dispatch table, or to the area's government."""
    concern = transition.lock(concern, expected_version)
    permissions.require_dispatcher(actor, concern)
    transition.check("dispatch", concern)
    if kind:
        if kind not in Kind.values:
            raise InvalidInput(_("Choose a valid kind."), field="kind")
        concern.kind = kind
    if urgency:
        if urgency not in Urgency.values:
            raise InvalidInput(_("Choose a valid urgency."), field="urgency")
        concern.urgency = urgency
    concern.category = category or concern.category
    concern.area = area or concern.area
    found = route(category=concern.category, area=concern.area)
    rule = found.rule if unit is None or (found.unit and unit.pk == found.unit.pk) else None
    unit = unit or found.unit
    if unit is None:
        raise InvalidInput(
            _("No unit is responsible for this category and area: choose a unit."), field="unit"
        )
    if not unit.is_active:
        raise InvalidInput(_("That unit is no longer active."), field="unit")
    assists = assist_units if assist_units is not None else (found.assists if rule else [])
    fields = dispatch_fields(concern, unit, rule)
    fields.update(
        {
            "kind": concern.kind,
            "urgency": concern.urgency,
            "category": concern.category,
            "area": concern.area,
            # A dispatch from the queue starts a new episode: the objection count that decides
            # whether the next dispute goes to the supervisor (and binds) starts again.
            "objection_count": 0,
            "is_binding": False,
        }
    )
    return transition.apply(
        actor=actor,
        concern=concern,
        action="dispatch",
        fields=fields,
        data={
            "unit": unit.name,
            "unit_id": unit.pk,
            "how": "rule" if rule else "manual",
            "assists": _set_assists(concern, assists, unit),
            "note": note.strip(),
            "sign_due": fields["sign_due"],
            "resolve_due": fields["resolve_due"],
        },
    )


@transaction.atomic
def concern_merge(
    *, actor: Actor, concern: Concern, parent: Concern, expected_version: int | None = None
) -> Concern:
    """合并: the concern joins a parent; its resident follows the parent's progress."""
    concern = transition.lock(concern, expected_version)
    permissions.require_dispatcher(actor, concern)
    if parent.pk == concern.pk:
        raise InvalidInput(_("A concern cannot be merged into itself."), field="parent")
    parent = Concern.objects.select_related("parent").get(pk=parent.pk)  # never a stale copy
    node: Concern | None = parent
    while node is not None:
        if node.status in TERMINAL:
            raise InvalidInput(
                _("Concern %(code)s is closed to merging (%(status)s).")
                % {"code": node.code, "status": node.get_status_display()},
                field="parent",
            )
        node = node.parent
    result = transition.apply(
        actor=actor,
        concern=concern,
        action="merge",
        fields={"parent": parent, "closed_at": timezone.now()},
        data={"parent": parent.code},
    )
    Concern.objects.filter(pk=parent.pk).update(me_too_count=F("me_too_count") + 1)
    transition.note(actor=actor, concern=parent, verb="merged_in", data={"child": concern.code})
    return result
