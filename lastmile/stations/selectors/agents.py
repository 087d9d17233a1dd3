"""Reads of agent requests, scoped to the actor: outside the actor's reach means 404.

Reach: the agent sees the requests of the villages they are agent of; the service centre's
staff see the requests forwarded to their centre; the village unit's staff see their village's;
area roles see their subtrees. The resident's name and phone are shown only on these pages.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from lastmile.core.models import AuditEvent
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor
from lastmile.stations import permissions
from lastmile.stations.choices import OPEN, RequestStatus
from lastmile.stations.models import AgentAssignment, AgentRequest, ServiceGuide
from lastmile.stations.services.transition import OBJECT_TYPE

LIST_RELATED = ("service", "area", "centre", "agent")
QUEUE_STATUSES = (RequestStatus.FORWARDED, RequestStatus.ACCEPTED, RequestStatus.REPLIED)


def with_overdue(qs: QuerySet[AgentRequest], now: datetime | None = None) -> QuerySet:
    """Annotate ``overdue``: still with the agent after its forward-by time."""
    now = now or timezone.now()
    return qs.annotate(
        overdue=Case(
            When(status=RequestStatus.REGISTERED, forward_due__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def request_qs_for_actor(actor: Actor) -> QuerySet[AgentRequest]:
    if actor.is_anonymous:
        return AgentRequest.objects.none()
    return AgentRequest.objects.filter(permissions.request_scope_q(actor)).select_related(
        *LIST_RELATED
    )


def request_get_for_actor(actor: Actor, pk: int) -> AgentRequest:
    request = with_overdue(request_qs_for_actor(actor)).filter(pk=pk).first()
    if request is None:
        raise Http404("request not found")
    return request


def agent_villages(actor: Actor) -> list[AgentAssignment]:
    if actor.person is None:
        return []
    return list(
        AgentAssignment.objects.filter(person=actor.person, is_active=True)
        .select_related("area", "centre")
        .order_by("area__path")
    )


def village_choices(actor: Actor) -> QuerySet[Area]:
    return Area.objects.filter(pk__in=permissions.agent_area_ids(actor)).order_by("path")


def service_choices() -> QuerySet[ServiceGuide]:
    return ServiceGuide.objects.filter(is_active=True).only("pk", "name", "category")


def agent_requests(actor: Actor, *, show: str = "open") -> QuerySet[AgentRequest]:
    """The agent's villages' requests: open ones by forward-by time (overdue first), or the
    closed and withdrawn ones, newest first."""
    qs = with_overdue(
        AgentRequest.objects.filter(area_id__in=permissions.agent_area_ids(actor)).select_related(
            *LIST_RELATED
        )
    )
    if show == "done":
        return qs.exclude(status__in=OPEN).order_by("-closed_at", "-pk")
    return qs.filter(status__in=OPEN).order_by("forward_due", "pk")


def agent_counts(actor: Actor) -> dict[str, int]:
    now = timezone.now()
    qs = AgentRequest.objects.filter(area_id__in=permissions.agent_area_ids(actor))
    return qs.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN)),
        to_forward=Count("pk", filter=Q(status=RequestStatus.REGISTERED)),
        overdue=Count("pk", filter=Q(status=RequestStatus.REGISTERED, forward_due__lt=now)),
        to_hand_back=Count("pk", filter=Q(status=RequestStatus.REPLIED)),
        done=Count("pk", filter=~Q(status__in=OPEN)),
    )


def incoming(actor: Actor, *, status: str = "") -> QuerySet[AgentRequest]:
    """The centre's queue: forwarded (to accept), accepted (to reply), replied (with the agent)."""
    qs = AgentRequest.objects.select_related(*LIST_RELATED)
    if not actor.is_superuser:
        qs = qs.filter(centre__unit_id__in=permissions.centre_unit_ids(actor))
    wanted = [status] if status in QUEUE_STATUSES else list(QUEUE_STATUSES)
    return with_overdue(qs.filter(status__in=wanted)).order_by("forwarded_at", "pk")


def incoming_counts(actor: Actor) -> dict[str, int]:
    qs = AgentRequest.objects.all()
    if not actor.is_superuser:
        qs = qs.filter(centre__unit_id__in=permissions.centre_unit_ids(actor))
    return qs.aggregate(
        **{s.value: Count("pk", filter=Q(status=s)) for s in QUEUE_STATUSES},
        late=Count("pk", filter=Q(forwarded_late=True, status__in=QUEUE_STATUSES)),
    )


def timeline(request: AgentRequest) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=str(request.pk)).order_by(
            "seq"
        )
    )
