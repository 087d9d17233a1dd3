"""Keep the rollups current (incremental, idempotent), rebuild a period, and verify it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lastmile.core.models import AuditEvent
from lastmile.scores.conf import period_bounds, periods_between, scores_setting
from lastmile.scores.models import COUNTERS, Rollup, RollupCursor
from lastmile.scores.services.facts import (
    COUNTED_VERBS,
    EV_FIELDS,
    Ev,
    Fact,
    RepeatIndex,
    expand,
    facts,
)

CURSOR = "scores"
RowKey = tuple[str, str, int]
Totals = dict[RowKey, dict[str, int]]


def _lock_cursor() -> RollupCursor:
    RollupCursor.objects.get_or_create(name=CURSOR)
    return RollupCursor.objects.select_for_update().get(name=CURSOR)


def _add(totals: Totals, items: Iterable[Fact]) -> None:
    """Count facts once per distinct attribution, then spread them over their rows."""
    grouped = Counter(fact[:6] for fact in items)
    for (period, counter, *attribution), n in grouped.items():
        for level, key in expand((period, counter, *attribution, 0)):  # type: ignore[arg-type]
            row = totals.get((period, level, key))
            if row is None:
                row = totals[(period, level, key)] = dict.fromkeys(COUNTERS, 0)
            row[counter] += n


def _apply(deltas: Totals) -> None:
    """Add ``deltas`` to the stored rows (caller holds the cursor lock)."""
    if not deltas:
        return
    by_period: dict[str, list[RowKey]] = defaultdict(list)
    for row_key in deltas:
        by_period[row_key[0]].append(row_key)
    existing: dict[RowKey, Rollup] = {}
    for period, keys in by_period.items():
        for level in {k[1] for k in keys}:
            wanted = [k[2] for k in keys if k[1] == level]
            for row in Rollup.objects.filter(period=period, level=level, key__in=wanted):
                existing[(row.period, row.level, row.key)] = row
    changed: list[Rollup] = []
    created: list[Rollup] = []
    for row_key, delta in deltas.items():
        found = existing.get(row_key)
        if found is None:
            created.append(Rollup(period=row_key[0], level=row_key[1], key=row_key[2], **delta))
            continue
        for name, value in delta.items():
            setattr(found, name, getattr(found, name) + value)
        changed.append(found)
    Rollup.objects.bulk_update(changed, list(COUNTERS), batch_size=1000)
    Rollup.objects.bulk_create(created, batch_size=1000)


def rollup_refresh(*, batch: int | None = None, max_batches: int = 1000) -> int:
    """Fold the audit events after the cursor into the rollups. Each batch moves the counters
    and the cursor in one transaction, so a crash or a second worker never counts twice.
    Returns the number of events read."""
    size = batch or int(scores_setting("REFRESH_BATCH"))
    read = 0
    for _ in range(max_batches):
        with transaction.atomic():
            cursor = _lock_cursor()
            events = list(AuditEvent.objects.filter(seq__gt=cursor.seq).order_by("seq")[:size])
            if not events:
                break
            deltas: Totals = {}
            _add(deltas, facts(events))
            _apply(deltas)
            cursor.seq = events[-1].seq
            cursor.updated_at = timezone.now()
            cursor.save(update_fields=["seq", "updated_at"])
            read += len(events)
        if len(events) < size:
            break
    return read


def _period_events(period: str, upto: int, chunk: int) -> Iterator[list[Ev]]:
    """The period's counted events in seq order, a day at a time (the time index bounds each
    read; the cursor bounds them to what the refresh has folded)."""
    start, end = period_bounds(period)
    day = start
    while day < end:
        nxt = min(timezone.localtime(day) + timedelta(days=1), end)
        qs = AuditEvent.objects.filter(
            occurred_at__gte=day,
            occurred_at__lt=nxt,
            seq__lte=upto,
            object_type="concern",
            verb__in=COUNTED_VERBS,
        ).values_list(*EV_FIELDS)
        events = sorted((Ev(*row) for row in qs), key=lambda e: e.seq)
        for i in range(0, len(events), chunk):
            yield events[i : i + chunk]
        day = nxt


def _period_repeats(period: str) -> RepeatIndex:
    """The repeat index of the whole period and the window before it, read in one query.

    Extending it a day at a time re-read the whole window each day (a month: ~30 windows);
    concerns created earlier than this still extend it downwards when a batch needs them."""
    start, end = period_bounds(period)
    repeats = RepeatIndex()
    window = timedelta(days=int(scores_setting("REPEAT_WINDOW_DAYS")))
    repeats.cover(start - window, end)
    return repeats


def compute_period(period: str, *, upto: int, chunk: int = 20000) -> Totals:
    """Every counter of ``period`` recomputed from the audit log (events up to seq ``upto``)."""
    totals: Totals = {}
    repeats = _period_repeats(period)
    for events in _period_events(period, upto, chunk):
        _add(totals, facts(events, repeats))
    return totals


def period_facts(period: str, *, upto: int | None = None, chunk: int = 20000) -> Iterator[Fact]:
    """The facts behind a period's figures (for drill-down to the concerns)."""
    if upto is None:
        upto = RollupCursor.objects.filter(name=CURSOR).values_list("seq", flat=True).first() or 0
    repeats = _period_repeats(period)
    for events in _period_events(period, upto, chunk):
        yield from facts(events, repeats)


@transaction.atomic
def recompute(period: str) -> int:
    """Rebuild ``period`` from scratch, consistent with the refresh cursor. Returns rows stored."""
    cursor = _lock_cursor()
    totals = compute_period(period, upto=cursor.seq)
    Rollup.objects.filter(period=period).delete()
    Rollup.objects.bulk_create(
        [Rollup(period=p, level=lv, key=k, **c) for (p, lv, k), c in totals.items()],
        batch_size=2000,
    )
    return len(totals)


@dataclass(frozen=True)
class Difference:
    period: str
    level: str
    key: int
    counter: str
    stored: int
    recomputed: int

    def __str__(self) -> str:
        return (
            f"{self.period} {self.level}:{self.key} {self.counter}: "
            f"stored {self.stored}, recomputed {self.recomputed}"
        )


def _stored(period: str) -> Totals:
    return {
        (row.period, row.level, row.key): row.counters()
        for row in Rollup.objects.filter(period=period)
    }


def _periods_to_check(upto: int) -> list[str]:
    stored = set(Rollup.objects.values_list("period", flat=True).distinct())
    events = AuditEvent.objects.filter(seq__lte=upto, object_type="concern")
    first = events.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    last = events.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    if first and last:
        from lastmile.scores.conf import period_of

        stored |= set(periods_between(period_of(first), period_of(last)))
    return sorted(stored)


@transaction.atomic
def verify(period: str | None = None) -> list[Difference]:
    """Recompute every figure from the audit log and name each stored counter that disagrees."""
    cursor = _lock_cursor()
    periods = [period] if period else _periods_to_check(cursor.seq)
    out: list[Difference] = []
    for p in periods:
        stored, fresh = _stored(p), compute_period(p, upto=cursor.seq)
        for row_key in sorted(set(stored) | set(fresh)):
            a = stored.get(row_key, {})
            b = fresh.get(row_key, {})
            for name in COUNTERS:
                if a.get(name, 0) != b.get(name, 0):
                    out.append(Difference(*row_key, name, a.get(name, 0), b.get(name, 0)))
    return out
