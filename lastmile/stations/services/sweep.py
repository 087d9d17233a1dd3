"""The agent sweep: a reminder when a request reaches its forward-by time still with the agent,
and a 催办 one working day later. Each happens exactly once per request (unique
``(request, level)``; an ``IntegrityError`` means another sweep already did it), so repeated or
concurrent sweeps are harmless."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lastmile.core import workcal
from lastmile.orgs.selectors import SYSTEM
from lastmile.stations import notices
from lastmile.stations.choices import EscalationLevel, RequestStatus
from lastmile.stations.models import AgentEscalation, AgentRequest
from lastmile.stations.services import transition

# A child of the escalation logger: quiet where the concern sweep is quiet (the demo build).
log = logging.getLogger("lastmile.escalation.stations")

TEMPLATE: dict[str, str] = {
    EscalationLevel.REMINDER: "agent_request_reminder",
    EscalationLevel.URGE: "agent_request_urged",
}


@dataclass
class SweepResult:
    reminders: list[str] = field(default_factory=list)
    urges: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.reminders) + len(self.urges)


def urge_due(request: AgentRequest) -> datetime:
    """催办 comes one working day after the forward-by time."""
    return workcal.add_working_days(request.forward_due, 1)


def _escalate(request: AgentRequest, level: str, now: datetime) -> bool:
    try:
        with transaction.atomic():
            AgentEscalation.objects.create(request=request, level=level, created_at=now)
            transition.record(
                actor=SYSTEM,
                request=request,
                verb=f"escalated.{level}",
                data={"level": level, "forward_due": request.forward_due},
            )
            notices.tell_agent(request, TEMPLATE[level])
            notices.tell_centre(request, TEMPLATE[level])
    except IntegrityError:
        return False  # another sweep did it first
    return True


def agent_sweep(*, now: datetime | None = None, limit: int = 2000) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    late = (
        AgentRequest.objects.filter(status=RequestStatus.REGISTERED, forward_due__lte=now)
        .exclude(escalations__level=EscalationLevel.URGE)
        .select_related("agent__user", "area", "centre", "service")
        .prefetch_related("escalations")
        .order_by("forward_due", "pk")
    )
    for request in late[:limit]:
        done = {e.level for e in request.escalations.all()}
        if EscalationLevel.REMINDER not in done and _escalate(
            request, EscalationLevel.REMINDER, now
        ):
            result.reminders.append(request.number)
        if now >= urge_due(request) and _escalate(request, EscalationLevel.URGE, now):
            result.urges.append(request.number)
    if result.total:
        log.info("agent sweep: %s reminders, %s urges", len(result.reminders), len(result.urges))
    return result
