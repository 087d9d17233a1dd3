"""Reads of the organisation behind the REST API (areas are public; units are for staff)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lastmile.orgs.models import Area, Unit


def area_list(*, level: str = "", parent: int | None = None) -> QuerySet[Area]:
    qs = Area.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    return qs.order_by("path")


def unit_list(*, area: int | None = None, kind: str = "", q: str = "") -> QuerySet[Unit]:
    qs = Unit.objects.filter(is_active=True)
    if area:
        qs = qs.filter(area_id=area)
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(code=q.strip()))
    return qs.order_by("code")
