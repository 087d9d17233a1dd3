"""What the soak checks afterwards (run by ``run.py`` inside Django; prints one JSON object).

* every concern code a client was given exists exactly once, and each idempotency key the clients
  used made exactly one concern (retries after a dropped connection must not duplicate);
* no escalation happened twice: ``Escalation`` rows and their audit events per
  (concern, level, round), and notifications about escalations, if any template sends them;
* the audit chain verifies;
* every task ran at most once (one worker claimed it), the periodic tasks were enqueued once per
  tick (not once per scheduler), and what a killed worker left behind is listed;
* every uploaded file is in the shared media directory."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def acked_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            rows.append(json.loads(line))
    return rows


def check_acked(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from lastmile.concerns.models import Concern

    codes = {row["code"] for row in rows}
    found = Counter(
        Concern.objects.filter(code__in=codes).values_list("code", flat=True).iterator()
    )
    missing = sorted(code for code in codes if found[code] == 0)
    doubled = sorted(code for code, n in found.items() if n > 1)
    keys = {row["key"] for row in rows if row.get("key")}
    per_key = Counter(
        Concern.objects.filter(idempotency_key__in=keys)
        .values_list("idempotency_key", flat=True)
        .iterator()
    )
    key_to_codes: dict[str, set[str]] = {}
    for row in rows:
        if row.get("key"):
            key_to_codes.setdefault(row["key"], set()).add(row["code"])
    return {
        "acknowledged": len(rows),
        "distinct_codes": len(codes),
        "by_kind": dict(Counter(row.get("kind", "?") for row in rows)),
        "missing": missing,
        "duplicated": doubled,
        "keys_with_several_concerns": sorted(k for k, n in per_key.items() if n > 1),
        "keys_answered_with_different_codes": sorted(
            k for k, c in key_to_codes.items() if len(c) > 1
        ),
        "ok": not missing
        and not doubled
        and all(n == 1 for n in per_key.values())
        and all(len(c) == 1 for c in key_to_codes.values()),
    }


def check_escalations() -> dict[str, Any]:
    from django.db.models import Count

    from lastmile.concerns.models import Escalation
    from lastmile.core.models import AuditEvent
    from lastmile.notify.models import Notification

    rows = Escalation.objects.values("concern_id", "level", "round")
    twice = rows.annotate(n=Count("id")).filter(n__gt=1).count()
    escalations = {(r["concern_id"], r["level"], r["round"]) for r in rows}
    audited: Counter[tuple[int, str, int]] = Counter()
    events = AuditEvent.objects.filter(verb__startswith="concern.escalated.")
    for object_id, verb, data in events.values_list("object_id", "verb", "data").iterator():
        level = verb.rsplit(".", 1)[1]
        audited[(int(object_id), level, int((data or {}).get("round", 0)))] += 1
    notes = Notification.objects.filter(template__icontains="escalat")
    sent = Counter(
        (n.template, n.channel, n.recipient_user_id, json.dumps(n.payload, sort_keys=True))
        for n in notes.only("template", "channel", "recipient_user_id", "payload").iterator()
    )
    return {
        "escalations": len(escalations),
        "by_level": dict(Counter(level for _c, level, _r in escalations)),
        "rows_twice": twice,
        "audited_twice": sum(1 for n in audited.values() if n > 1),
        "rows_without_audit": len(escalations - set(audited)),
        "audit_without_row": len(set(audited) - escalations),
        "escalation_notifications": sum(sent.values()),
        "escalation_notifications_twice": sum(1 for n in sent.values() if n > 1),
        "ok": twice == 0
        and all(n == 1 for n in audited.values())
        and set(audited) == escalations
        and all(n == 1 for n in sent.values()),
    }


def check_audit() -> dict[str, Any]:
    from lastmile.core import audit

    result = audit.verify()
    return {
        "ok": bool(result.ok),
        "events": result.checked,
        "first_bad": result.first_bad_seq,
        "reason": result.reason,
    }


def check_tasks(*, interval: float, dead_workers: list[str]) -> dict[str, Any]:
    """``dead_workers``: ids of the worker processes that died (SIGKILL, or exited when
    PostgreSQL went away); a task they were running stays RUNNING (django-tasks-db does not
    reclaim it) and its periodic work is done again by the next tick."""
    from django_tasks_db.models import DBTaskResult

    from lastmile.core.conf import setting

    periodic = {path for path in setting("PERIODIC_TASKS").values()}

    rows = list(
        DBTaskResult.objects.values(
            "id", "task_path", "status", "worker_ids", "enqueued_at", "exception_class_path"
        ).order_by("enqueued_at")
    )
    by_status = Counter(r["status"] for r in rows)
    claimed_twice = [str(r["id"]) for r in rows if len(r["worker_ids"] or []) > 1]
    running = [r for r in rows if r["status"] == "RUNNING"]
    interrupted = [
        {"task": r["task_path"].rsplit(".", 1)[1], "worker": (r["worker_ids"] or ["?"])[-1]}
        for r in running
    ]
    stray_running = [i for i in interrupted if i["worker"] not in dead_workers]
    failed = Counter(
        (r["task_path"].rsplit(".", 1)[1], r["exception_class_path"].rsplit(".", 1)[-1])
        for r in rows
        if r["status"] == "FAILED"
    )
    # Enqueued once per tick: two enqueues of one task closer than half an interval mean two
    # schedulers both enqueued it.
    last: dict[str, Any] = {}
    double_ticks = 0
    per_task: Counter[str] = Counter()
    for r in rows:
        path = r["task_path"]
        per_task[path] += 1
        if path not in periodic:
            continue  # e.g. one notification delivery per message
        previous = last.get(path)
        if previous is not None and (r["enqueued_at"] - previous).total_seconds() < interval / 2:
            double_ticks += 1
        last[path] = r["enqueued_at"]
    return {
        "results": len(rows),
        "by_status": dict(by_status),
        "ticks": max((n for p, n in per_task.items() if p in periodic), default=0),
        "by_task": {p.rsplit(".", 1)[1]: n for p, n in sorted(per_task.items())},
        "claimed_by_two_workers": claimed_twice,
        "enqueued_twice_in_one_tick": double_ticks,
        "interrupted_by_dead_worker": interrupted,
        "left_running_not_killed": stray_running,
        "failed": [{"task": t, "error": e, "count": n} for (t, e), n in sorted(failed.items())],
        "ok": not claimed_twice and double_ticks == 0 and not stray_running,
    }


def check_uploads() -> dict[str, Any]:
    from django.core.files.storage import default_storage

    from lastmile.concerns.models import Attachment

    names = list(Attachment.objects.values_list("file", flat=True))
    missing = [name for name in names if not default_storage.exists(name)]
    return {"files": len(names), "missing": len(missing), "ok": not missing}


def run(*, acked: Path, interval: float, dead_workers: list[str]) -> dict[str, Any]:
    report: dict[str, Any] = {
        "acknowledged": check_acked(acked_records(acked)),
        "escalations": check_escalations(),
        "audit": check_audit(),
        "tasks": check_tasks(interval=interval, dead_workers=dead_workers),
        "uploads": check_uploads(),
    }
    report["ok"] = all(part["ok"] for part in report.values() if isinstance(part, dict))
    return report


def main(argv: list[str]) -> int:
    import django

    django.setup()
    report = run(
        acked=Path(argv[1]),
        interval=float(argv[2]),
        dead_workers=[w for w in argv[3].split(",") if w] if len(argv) > 3 else [],
    )
    print(json.dumps(report, ensure_ascii=False, default=str))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
