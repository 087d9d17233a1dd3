"""督办: the periodic sweep. Each escalation happens exactly once (unique per concern, level and
dispatch round), so repeated or concurrent sweeps are harmless."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lastmile.concerns.choices import AWAITING_CALLBACK, HANDLING, EscalationLevel, Status
from lastmile.concerns.deadlines import next_workday_start
from lastmile.concerns.models import Concern, Escalation
from lastmile.concerns.services import transition
from lastmile.concerns.services.feedback import concern_callback_expire
from lastmile.core import workcal
from lastmile.core.conf import setting
from lastmile.core.errors import DomainError
from lastmile.orgs.models import Unit
from lastmile.orgs.selectors import SYSTEM, government_unit_for

log = logging.getLogger("lastmile.escalation")


@dataclass
class SweepResult:
    reminders: list[str] = field(default_factory=list)
    urges: list[str] = field(default_factory=list)
    circulars: list[str] = field(default_factory=list)
    not_rated: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.reminders) + len(self.urges) + len(self.circulars) + len(self.not_rated)


def supervising_unit(concern: Concern) -> Unit | None:
    """The level above the lead unit: its superior unit, else the government one area up."""
    lead = concern.lead_unit
    if lead is None:
        return None
    if lead.parent_id:
        return lead.parent
    parent_area = lead.area.parent
    return government_unit_for(parent_area) if parent_area else None


def _escalate(concern: Concern, level: str, unit: Unit | None, now: datetime) -> bool:
    try:
        with transaction.atomic():
            Escalation.objects.create(
                concern=concern,
                level=level,
                round=concern.dispatch_round,
                unit=unit,
                created_at=now,
            )
            updated = Concern.objects.filter(pk=concern.pk).update(escalation=level)
            if updated:
                transition.note(
                    actor=SYSTEM,
                    concern=concern,
                    verb=f"escalated.{level}",
                    data={
                        "level": level,
                        "unit": unit.name if unit else "",
                        "round": concern.dispatch_round,
                    },
                )
    except IntegrityError:
        return False  # already escalated at this level in this round
    return True


def escalation_sweep(*, now: datetime | None = None, limit: int = 5000) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    # ``Concern.escalation`` holds the highest step of the current dispatch round (a new round
    # clears it), so concerns already escalated as far as they can go are not looked at again.
    late_sign = Concern.objects.filter(status=Status.DISPATCHED, sign_due__lt=now, escalation="")
    for concern in late_sign.select_related("lead_unit").order_by("sign_due")[:limit]:
        if _escalate(concern, EscalationLevel.REMINDER, concern.lead_unit, now):
            result.reminders.append(concern.code)
    late = Concern.objects.filter(
        status__in=HANDLING | {Status.DISPATCHED}, resolve_due__lt=now
    ).exclude(escalation=EscalationLevel.CIRCULAR)
    for concern in late.select_related("lead_unit__area__parent").order_by("resolve_due")[:limit]:
        _sweep_late(concern, now, result)
    waiting = Concern.objects.filter(status__in=AWAITING_CALLBACK, callback_due__lt=now)
    for concern in waiting.order_by("callback_due")[:limit]:
        try:
            concern_callback_expire(concern=concern, now=now)
            result.not_rated.append(concern.code)
        except DomainError:
            continue  # the resident answered in the meantime
    if result.total:
        log.info("escalation sweep: %s", {k: len(v) for k, v in result.__dict__.items()})
    return result


def _sweep_late(concern: Concern, now: datetime, result: SweepResult) -> None:
    assert concern.resolve_due is not None
    if concern.escalation != EscalationLevel.URGE:
        if now < next_workday_start(concern.resolve_due):
            return  # 催办 comes the next working day; no 通报 before a 催办
        if _escalate(concern, EscalationLevel.URGE, concern.lead_unit, now):
            result.urges.append(concern.code)
    urge = Escalation.objects.filter(
        concern=concern, level=EscalationLevel.URGE, round=concern.dispatch_round
    ).first()
    if urge is None:
        return
    wait = setting("CIRCULAR_AFTER_URGE_WORKING_DAYS")
    if now >= workcal.add_working_days(urge.created_at, wait) and _escalate(
        concern, EscalationLevel.CIRCULAR, supervising_unit(concern), now
    ):
        result.circulars.append(concern.code)
