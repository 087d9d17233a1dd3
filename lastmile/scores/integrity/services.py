"""Every write of the integrity checks: the scan (stores flags, one row per finding) and a
supervisor's dismissal with a reason. Both are audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.orgs.choices import Role
from lastmile.orgs.selectors import Actor
from lastmile.scores.integrity.checks import ALL_CHECKS, Check
from lastmile.scores.integrity.choices import FlagStatus
from lastmile.scores.integrity.data import Flag, ScanData
from lastmile.scores.models import IntegrityFlag


@dataclass
class ScanResult:
    period: str
    flags: list[Flag] = field(default_factory=list)
    created: int = 0
    refreshed: int = 0


def period_bounds(period: str | None) -> tuple[datetime | None, datetime | None]:
    """'YYYY-MM' → [first moment of the month, first moment of the next) in local time."""
    if not period:
        return None, None
    try:
        year, month = (int(x) for x in period.split("-"))
        start = timezone.make_aware(datetime(year, month, 1))
    except ValueError:
        raise InvalidInput(_("Give the period as YYYY-MM."), field="period") from None
    after = (year + 1, 1) if month == 12 else (year, month + 1)
    end = timezone.make_aware(datetime(*after, 1))
    return start, end


def integrity_run(*, period: str | None = None, checks: list[Check] | None = None) -> list[Flag]:
    """Run the checks without storing anything (what the scan would find)."""
    start, end = period_bounds(period)
    data = ScanData(start=start, end=end, label=period or "")
    flags: list[Flag] = []
    for check in checks or ALL_CHECKS:
        flags.extend(check(data))
    return flags


@transaction.atomic
def integrity_scan(
    *, period: str | None = None, checks: list[Check] | None = None, now: datetime | None = None
) -> ScanResult:
    """Run the checks and store each finding once (by fingerprint): new ones open, known ones
    refreshed with the latest evidence; a dismissed flag is not reopened."""
    now = now or timezone.now()
    result = ScanResult(period=period or "", flags=integrity_run(period=period, checks=checks))
    known = {
        f.fingerprint: f
        for f in IntegrityFlag.objects.filter(
            fingerprint__in=[flag.fingerprint for flag in result.flags]
        )
    }
    for flag in result.flags:
        values = {
            "kind": flag.kind,
            "severity": flag.severity,
            "subject": flag.subject[:300],
            "period": flag.period,
            "area_id": flag.area_id,
            "unit_id": flag.unit_id,
            "concern_codes": flag.codes,
            "evidence": flag.evidence,
            "explanation": flag.explanation,
            "last_seen": now,
        }
        row = known.get(flag.fingerprint)
        if row is None:
            IntegrityFlag.objects.create(fingerprint=flag.fingerprint, first_seen=now, **values)
            result.created += 1
        else:
            IntegrityFlag.objects.filter(pk=row.pk).update(**values)
            result.refreshed += 1
    if result.created or result.refreshed:
        audit.record(
            verb="integrity.scan",
            obj_type="integrity",
            obj_id=result.period or "all",
            actor_label="system",
            data={"created": result.created, "refreshed": result.refreshed},
        )
    return result


def can_review(actor: Actor, flag: IntegrityFlag) -> bool:
    """A supervisor or administrator whose subtree holds the flag's area (no area: admins)."""
    if actor.is_superuser:
        return True
    if flag.area is None:
        return actor.has_role(Role.ADMIN)
    return actor.covers_area(flag.area, Role.SUPERVISOR, Role.ADMIN)


@transaction.atomic
def integrity_flag_dismiss(*, actor: Actor, flag: IntegrityFlag, reason: str) -> IntegrityFlag:
    """A supervisor in scope dismisses a flag (e.g. checked and explained), with a reason."""
    flag = (
        IntegrityFlag.objects.select_for_update(of=("self",)).select_related("area").get(pk=flag.pk)
    )
    if not can_review(actor, flag):
        raise NotPermitted(_("Only a supervisor covering this area can do this."))
    if flag.status != FlagStatus.OPEN:
        raise TransitionNotAllowed(_("This flag has already been dismissed."))
    reason = (reason or "").strip()
    if len(reason) < 6:
        raise InvalidInput(
            _("Please give a reason of at least %(n)d characters.") % {"n": 6}, field="reason"
        )
    flag.status = FlagStatus.DISMISSED
    flag.dismiss_reason = reason[:2000]
    flag.dismissed_by = actor.person
    flag.dismissed_at = timezone.now()
    flag.save(update_fields=["status", "dismiss_reason", "dismissed_by", "dismissed_at"])
    audit.record(
        verb="integrity.dismiss",
        obj_type="integrity_flag",
        obj_id=flag.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"kind": flag.kind, "subject": flag.subject, "reason": flag.dismiss_reason},
    )
    return flag
