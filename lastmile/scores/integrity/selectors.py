"""Reads of integrity flags, scoped to the actor: supervisors and administrators see the flags
whose area lies in their subtree; flags without an area only administrators."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor, subtree_q
from lastmile.scores.models import IntegrityFlag

REVIEW_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def can_see_integrity(actor: Actor) -> bool:
    return actor.is_superuser or (not actor.is_anonymous and actor.has_role(*REVIEW_ROLES))


def flag_qs_for_actor(actor: Actor, *, status: str = "", kind: str = "") -> QuerySet[IntegrityFlag]:
    if not can_see_integrity(actor):
        return IntegrityFlag.objects.none()
    qs = IntegrityFlag.objects.select_related("area", "unit", "dismissed_by")
    if not actor.is_superuser:
        scope = subtree_q(actor.area_paths(*REVIEW_ROLES))
        if actor.has_role(Role.ADMIN):
            scope |= Q(area__isnull=True)
        qs = qs.filter(scope)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("status", "-last_seen", "kind", "pk")


def flag_get_for_actor(actor: Actor, pk: int) -> IntegrityFlag:
    flag = flag_qs_for_actor(actor).filter(pk=pk).first()
    if flag is None:
        raise Http404("flag not found")
    return flag


def flag_counts_for_actor(actor: Actor) -> dict[str, int]:
    """Open flags per kind, for the page's filter bar."""
    counts: dict[str, int] = {}
    for kind in flag_qs_for_actor(actor, status="open").values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts
