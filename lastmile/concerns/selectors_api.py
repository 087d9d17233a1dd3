"""Reads behind the REST API: the staff list with filters, and lookups of referenced rows.

Every concern read starts from ``concern_qs_for_actor`` (the one scope); lookups of units,
categories and areas by id raise ``InvalidInput`` naming the field, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.choices import HANDLING, Status
from lastmile.concerns.models import Category, Concern, DispatchRule
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.core.errors import InvalidInput
from lastmile.orgs.models import Area, Unit
from lastmile.orgs.selectors import Actor


@dataclass(frozen=True)
class ConcernFilter:
    status: str = ""
    kind: str = ""
    category: int | None = None
    area: int | None = None
    unit: int | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    overdue: bool | None = None
    q: str = ""


def overdue_q(now: datetime) -> Q:
    return Q(status=Status.DISPATCHED, sign_due__lt=now) | Q(
        status__in=HANDLING, resolve_due__lt=now
    )


def is_overdue(concern: Concern, now: datetime) -> bool:
    if concern.status == Status.DISPATCHED:
        return bool(concern.sign_due and concern.sign_due < now)
    return concern.status in HANDLING and bool(concern.resolve_due and concern.resolve_due < now)


def _category_q(category_id: int) -> Q:
    return (
        Q(category_id=category_id)
        | Q(category__parent_id=category_id)
        | Q(category__parent__parent_id=category_id)
    )


def concern_list_for_actor(
    actor: Actor, f: ConcernFilter, *, now: datetime | None = None
) -> QuerySet[Concern]:
    """The actor's concerns matching ``f``, newest first (ties by id, so pages are stable)."""
    now = now or timezone.now()
    qs = concern_qs_for_actor(actor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.category:
        qs = qs.filter(_category_q(f.category))
    if f.area:
        area = Area.objects.filter(pk=f.area).only("path").first()
        qs = qs.filter(area__path__startswith=area.path) if area else qs.none()
    if f.unit:
        qs = qs.filter(Q(lead_unit_id=f.unit) | Q(assists__unit_id=f.unit)).distinct()
    if f.created_after:
        qs = qs.filter(created_at__gte=f.created_after)
    if f.created_before:
        qs = qs.filter(created_at__lt=f.created_before)
    if f.overdue is not None:
        qs = qs.filter(overdue_q(now)) if f.overdue else qs.exclude(overdue_q(now))
    query = f.q.strip()[:50]
    if query:
        qs = qs.filter(Q(code=query.upper()) | Q(title__icontains=query) | Q(text__icontains=query))
    return qs.order_by("-created_at", "-id")


# Offsets stop at 10,000 (the API's query schemas) and pages at 100 rows: counting past the
# last reachable row only costs time (a full scan of a large scope on every page).
COUNT_CAP = 10_100


def page(qs: QuerySet[Concern], *, limit: int, offset: int) -> tuple[int, list[Concern]]:
    """One page and the total (exact up to COUNT_CAP, then COUNT_CAP): two queries whatever
    the page size, and neither grows with the table."""
    # Unordered: any COUNT_CAP rows will do, so the database stops early instead of sorting.
    return qs.order_by()[:COUNT_CAP].count(), list(qs[offset : offset + limit])


def unit_for_input(pk: int | None, *, field: str = "unit") -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, is_active=True).select_related("area").first()
    if unit is None:
        raise InvalidInput(_("No active unit with id %(id)s.") % {"id": pk}, field=field)
    return unit


def units_for_input(pks: list[int], *, field: str = "assist_units") -> list[Unit]:
    wanted = list(dict.fromkeys(pks))
    units = list(Unit.objects.filter(pk__in=wanted, is_active=True))
    if len(units) != len(wanted):
        missing = sorted(set(wanted) - {u.pk for u in units})
        raise InvalidInput(
            _("No active unit with id %(id)s.") % {"id": ", ".join(map(str, missing))},
            field=field,
        )
    return units


def category_for_input(pk: int | None, *, field: str = "category") -> Category | None:
    if pk is None:
        return None
    category = Category.objects.filter(pk=pk, is_active=True).first()
    if category is None:
        raise InvalidInput(_("No active category with id %(id)s.") % {"id": pk}, field=field)
    return category


def area_for_input(pk: int, *, field: str = "area") -> Area:
    area = Area.objects.filter(pk=pk).first()
    if area is None:
        raise InvalidInput(_("No area with id %(id)s.") % {"id": pk}, field=field)
    return area


def category_list(*, level: int | None = None, parent: int | None = None) -> QuerySet[Category]:
    qs = Category.objects.filter(is_active=True)
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    return qs.order_by("code")


def dispatch_rule_list(
    *, area: int | None = None, category: int | None = None
) -> QuerySet[DispatchRule]:
    qs = DispatchRule.objects.filter(is_active=True)
    if area:
        qs = qs.filter(area_id=area)
    if category:
        qs = qs.filter(category_id=category)
    return (
        qs.select_related("category", "area", "unit")
        .prefetch_related("assist_units")
        .order_by("area__path", "category__code", "id")
    )


def dispatch_rule_get(pk: int) -> DispatchRule:
    return dispatch_rule_list().get(pk=pk)
