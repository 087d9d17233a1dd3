"""Reads for the supervisor's board (督办): the escalations raised in their subtree, scoped like
every concern read."""

from __future__ import annotations

from django.db.models import QuerySet

from lastmile.concerns.models import Escalation
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor


def escalations_for_actor(actor: Actor, *, limit: int = 50) -> QuerySet[Escalation]:
    """The latest escalation steps (sweep reminders, 催办 and 通报, and manual ones) on concerns
    the supervisor may see, newest first."""
    if not actor.has_role(Role.SUPERVISOR, Role.ADMIN):
        return Escalation.objects.none()
    visible = concern_qs_for_actor(actor).order_by().values("pk")
    return (
        Escalation.objects.filter(concern_id__in=visible)
        .select_related("concern", "concern__lead_unit", "unit")
        .order_by("-created_at", "-pk")[:limit]
    )
