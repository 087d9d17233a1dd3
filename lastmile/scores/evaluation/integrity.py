"""Integrity checks over 群众评议 (added to the scan's checks by ``ScoresConfig.ready()``):

- one account or browser evaluating many cadres within a short time (a burst);
- evaluations entered by staff accounts (refused by the service, so any found came in another way
  — or the account became staff later — and deserve a look).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from lastmile.core.models import AuditEvent
from lastmile.orgs.models import Membership
from lastmile.scores.evaluation.conf import eval_setting
from lastmile.scores.evaluation.models import CadreEvaluation
from lastmile.scores.integrity.choices import FlagKind, Severity
from lastmile.scores.integrity.data import (
    Flag,
    ScanData,
    common_area,
    contact_hash,
    item,
    month_of,
)

KIND_BURST = FlagKind.EVALUATION_BURST.value
KIND_STAFF = FlagKind.EVALUATION_BY_STAFF.value


def _rows(data: ScanData) -> list[CadreEvaluation]:
    qs = CadreEvaluation.objects.select_related("concern__area", "cadre").order_by("created_at")
    if data.start:
        qs = qs.filter(created_at__gte=data.start)
    if data.end:
        qs = qs.filter(created_at__lt=data.end)
    return list(qs)


def evaluation_bursts(data: ScanData) -> list[Flag]:
    """One account (or browser) evaluating at least BURST_MIN different cadres within
    BURST_MINUTES."""
    least = int(eval_setting("BURST_MIN"))
    window = timedelta(minutes=int(eval_setting("BURST_MINUTES")))
    groups: dict[str, list[CadreEvaluation]] = defaultdict(list)
    for row in _rows(data):
        who = (
            f"user:{row.by_user_id}"
            if row.by_user_id
            else (f"fp:{row.fingerprint}" if row.fingerprint else "")
        )
        if who:
            groups[who].append(row)
    flags = []
    for who, rows in groups.items():
        best: list[CadreEvaluation] = []
        start = 0
        for end in range(len(rows)):
            while rows[end].created_at - rows[start].created_at > window:
                start += 1
            span = rows[start : end + 1]
            if len({r.cadre_id for r in span}) > len({r.cadre_id for r in best}):
                best = span
        cadres = {r.cadre_id for r in best}
        if len(cadres) < least:
            continue
        tag = f"评价账号#{contact_hash(who)}"
        evidence = [
            item(r.concern.code, r.created_at, f"{tag} 评价了 {r.cadre.name}") for r in best
        ]
        flags.append(
            Flag(
                kind=KIND_BURST,
                severity=Severity.HIGH if len(cadres) >= 2 * least else Severity.MEDIUM,
                subject=tag,
                evidence=evidence[:20],
                explanation=(
                    f"同一账号或浏览器（{tag}）在{int(window.total_seconds() // 60)}分钟内评价了"
                    f"{len(cadres)}名干部，达到{least}名的预警线。群众评议通常一次只涉及一两名干部，"
                    "请核实这些评价是否出自本人。"
                ),
                key=f"{contact_hash(who)}|{month_of(best[0].created_at)}",
                area_id=common_area(
                    [r.concern.area.path for r in best if r.concern.area is not None]
                ),
                period=month_of(best[0].created_at),
            )
        )
    return flags


def evaluations_by_staff(data: ScanData) -> list[Flag]:
    """Evaluations whose account is a staff member's (now), or that were marked as staff-entered."""
    rows = _rows(data)
    user_ids = {r.by_user_id for r in rows if r.by_user_id}
    staff_users = set(
        Membership.objects.filter(person__user_id__in=user_ids, is_active=True).values_list(
            "person__user_id", flat=True
        )
    )
    suspicious = [r for r in rows if r.by_staff or r.by_user_id in staff_users]
    by_cadre: dict[int, list[CadreEvaluation]] = defaultdict(list)
    for row in suspicious:
        by_cadre[row.cadre_id].append(row)
    labels = (
        dict(
            AuditEvent.objects.filter(actor_id__in=staff_users).values_list(
                "actor_id", "actor_label"
            )
        )
        if staff_users
        else {}
    )
    flags = []
    for cadre_id, found in by_cadre.items():
        cadre = found[0].cadre
        evidence = [
            item(
                r.concern.code,
                r.created_at,
                f"由工作人员账号（{labels.get(r.by_user_id, '—')}）评价 {cadre.name}",
            )
            for r in found
        ]
        flags.append(
            Flag(
                kind=KIND_STAFF,
                severity=Severity.HIGH,
                subject=cadre.name,
                evidence=evidence[:20],
                explanation=(
                    f"{cadre.name}收到的{len(found)}条群众评议由工作人员账号录入。群众评议必须出自"
                    "群众本人，工作人员不得代评，请核实。"
                ),
                key=f"{cadre_id}|{month_of(found[0].created_at)}",
                area_id=common_area(
                    [r.concern.area.path for r in found if r.concern.area is not None]
                ),
                period=month_of(found[0].created_at),
            )
        )
    return flags


CHECKS = [evaluation_bursts, evaluations_by_staff]
