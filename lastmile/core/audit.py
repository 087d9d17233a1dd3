"""Append to and verify the hash-chained audit log.

Every state change in the domain calls :func:`record` inside its own transaction. The chain head row
is locked (UPDATE first, which takes a write lock on SQLite and a row lock on PostgreSQL) so events
are appended strictly in order even with several app servers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lastmile.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """Event data in the exact form the chain hashes (other apps compare rows with it)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def compute_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    verb: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    body = json.dumps(
        {
            "seq": seq,
            "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": actor_id,
            "label": actor_label,
            "verb": verb,
            "type": object_type,
            "id": object_id,
            "data": data,
            "prev": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _advance_head(n: int) -> tuple[int, str]:
    """Lock the chain head and reserve ``n`` sequence numbers: one ``UPDATE … RETURNING`` (a
    write lock on SQLite, a row lock on PostgreSQL, held until the caller's transaction ends).
    Returns the last reserved seq and the chain's tip before them."""
    table = connection.ops.quote_name(AuditHead._meta.db_table)
    pk = connection.ops.quote_name(AuditHead._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET seq = seq + %s WHERE {pk} = 1 RETURNING seq, last_hash", [n]
        )
        row = cursor.fetchone()
    if row is None:  # the very first event: start the chain
        AuditHead.objects.create(pk=1, seq=n, last_hash=GENESIS)
        return n, GENESIS
    return int(row[0]), str(row[1])


def record(
    *,
    verb: str,
    obj_type: str,
    obj_id: Any,
    actor_id: int | None = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event. Must be called inside the caller's transaction."""
    payload = canonical(data or {})
    occurred_at = at or timezone.now()
    with transaction.atomic(savepoint=False):
        seq, last_hash = _advance_head(1)
        event = AuditEvent(
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor_label=actor_label[:150],
            verb=verb,
            object_type=obj_type,
            object_id=str(obj_id),
            data=payload,
            prev_hash=last_hash,
        )
        event.hash = compute_hash(
            seq=event.seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            actor_label=event.actor_label,
            verb=verb,
            object_type=obj_type,
            object_id=event.object_id,
            data=payload,
            prev_hash=event.prev_hash,
        )
        event.save()
        AuditHead.objects.filter(pk=1).update(last_hash=event.hash)
    return event


@dataclass(frozen=True)
class EventSpec:
    """One event for :func:`record_many`: the same fields as :func:`record`'s keywords."""

    verb: str
    obj_type: str
    obj_id: Any
    actor_id: int | None = None
    actor_label: str = ""
    data: dict[str, Any] | None = field(default=None, hash=False)
    at: datetime | None = None


def record_many(events: Sequence[EventSpec]) -> list[AuditEvent]:
    """Append ``events`` in order, exactly as ``len(events)`` calls of :func:`record` would
    (same seqs, links and hashes), with one head lock, one bulk insert and one head update.
    Must be called inside the caller's transaction. An empty list writes nothing."""
    if not events:
        return []
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        last, prev = _advance_head(len(events))  # the same lock as record()
        seq = last - len(events)
        rows: list[AuditEvent] = []
        for spec in events:
            seq += 1
            payload = canonical(spec.data or {})
            occurred_at = spec.at or now
            event = AuditEvent(
                seq=seq,
                occurred_at=occurred_at,
                actor_id=spec.actor_id,
                actor_label=spec.actor_label[:150],
                verb=spec.verb,
                object_type=spec.obj_type,
                object_id=str(spec.obj_id),
                data=payload,
                prev_hash=prev,
            )
            event.hash = prev = compute_hash(
                seq=seq,
                occurred_at=occurred_at,
                actor_id=spec.actor_id,
                actor_label=event.actor_label,
                verb=spec.verb,
                object_type=spec.obj_type,
                object_id=event.object_id,
                data=payload,
                prev_hash=event.prev_hash,
            )
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
        AuditHead.objects.filter(pk=1).update(last_hash=prev)
    return rows


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify(*, batch_size: int = 5000) -> VerifyResult:
    """Walk the chain in order; name the first event that was altered, removed or misplaced."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return VerifyResult(
                False, checked, expected_seq, f"event #{expected_seq} is missing or out of order"
            )
        if event.prev_hash != expected_prev:
            return VerifyResult(False, checked, event.seq, "previous-hash link is broken")
        recomputed = compute_hash(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            verb=event.verb,
            object_type=event.object_type,
            object_id=event.object_id,
            data=event.data,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return VerifyResult(False, checked, event.seq, "content does not match its hash")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or head.last_hash != expected_prev):
        return VerifyResult(
            False,
            checked,
            checked + 1,
            f"the chain head expects {head.seq} events; found {checked}",
        )
    return VerifyResult(True, checked)
