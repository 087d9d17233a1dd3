"""Turn audit events into score facts: (period, level, key, counter, concern id).

One pure fold used by both the incremental refresh and the full recompute, so the two agree by
construction. Who a figure counts against comes from the audit log itself: the lead unit is the one
named by the concern's latest ``dispatch`` (or upheld ``review_objection``) before the event, the
person is whoever sent the latest ``reply``. The place (grid and every area above it) is the
concern's area. Imported concerns (channel ``import``) never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, Window
from django.db.models.functions import Lag

from lastmile.concerns.choices import Channel, Satisfaction
from lastmile.concerns.models import Concern
from lastmile.core.models import AuditEvent
from lastmile.orgs.choices import AreaLevel
from lastmile.scores.conf import period_of, scores_setting
from lastmile.scores.models import Level

CONTEXT_VERBS = ("concern.dispatch", "concern.review_objection", "concern.reply")
COUNTED_VERBS = (
    *CONTEXT_VERBS,
    "concern.callback",
    "concern.expire_callback",
    "concern.reopen",
    "concern.escalated.urge",
    "concern.escalated.circular",
)
SATISFACTION_COUNTER = {
    Satisfaction.SATISFIED: "satisfied",
    Satisfaction.MOSTLY_SATISFIED: "mostly",
    Satisfaction.DISSATISFIED: "dissatisfied",
}

# period, counter, unit id, replier's user id, grid id, area ids (root first), concern id
Fact = tuple[str, str, int | None, int | None, int | None, tuple[int, ...], int]
EV_FIELDS = ("seq", "occurred_at", "actor_id", "verb", "object_type", "object_id", "data")


class Ev(NamedTuple):
    """The fields of an audit event the scores read (tuples: far cheaper than model rows)."""

    seq: int
    occurred_at: datetime
    actor_id: int | None
    verb: str
    object_type: str
    object_id: str
    data: dict[str, Any]


@dataclass
class Place:
    excluded: bool
    grid_id: int | None
    area_ids: tuple[int, ...] = ()
    repeat: bool = False


@dataclass
class Context:
    unit_id: int | None = None
    replier_id: int | None = None


def _fold_context(ctx: Context, event: Ev | AuditEvent) -> None:
    data = event.data or {}
    if event.verb == "concern.dispatch" or (
        event.verb == "concern.review_objection" and data.get("decision") == "upheld"
    ):
        ctx.unit_id = data.get("unit_id")
    elif event.verb == "concern.reply":
        ctx.replier_id = event.actor_id


_NO_TIME = datetime.min  # context events are read for their order, never their time


class History:
    """A concern's context events in seq order; ``at(seq)`` folds those before ``seq``.

    Exact whatever the clocks did: the context of an event is the fold of the concern's earlier
    events by sequence, never by time."""

    __slots__ = ("ctx", "events", "pos")

    def __init__(self) -> None:
        self.events: list[Ev] = []
        self.pos = 0
        self.ctx = Context()

    def at(self, seq: int, *, inclusive: bool = False) -> Context:
        while self.pos < len(self.events) and (
            self.events[self.pos].seq < seq or (inclusive and self.events[self.pos].seq == seq)
        ):
            _fold_context(self.ctx, self.events[self.pos])
            self.pos += 1
        return Context(self.ctx.unit_id, self.ctx.replier_id)


def load_histories(concern_ids: Iterable[str], upto_seq: int) -> dict[str, History]:
    """Each concern's context events up to and including ``upto_seq``."""
    ids = list(concern_ids)
    histories = {cid: History() for cid in ids}
    rows = (
        AuditEvent.objects.filter(
            object_type="concern", object_id__in=ids, verb__in=CONTEXT_VERBS, seq__lte=upto_seq
        )
        .values_list("seq", "actor_id", "verb", "object_id", "data")
        .order_by("seq")
    )
    for seq, actor_id, verb, object_id, data in rows.iterator(chunk_size=5000):
        event = Ev(seq, _NO_TIME, actor_id, verb, "concern", object_id, data)
        histories[object_id].events.append(event)
    return histories


class RepeatIndex:
    """Concerns that repeat an earlier one at the same place (area + category) within the
    window, for the created-at ranges asked so far (extended, never recomputed)."""

    def __init__(self) -> None:
        self.lo: datetime | None = None
        self.hi: datetime | None = None
        self.ids: set[int] = set()

    def cover(self, lo: datetime, hi: datetime) -> set[int]:
        if self.lo is None or self.hi is None:
            self._load(lo, hi)
            self.lo, self.hi = lo, hi
        if lo < self.lo:
            self._load(lo, self.lo)
            self.lo = lo
        if hi > self.hi:
            self._load(self.hi, hi)
            self.hi = hi
        return self.ids

    def _load(self, lo: datetime, hi: datetime) -> None:
        """Mark every concern created in [lo, hi] whose previous one at the place is near
        enough (that previous one then lies within [lo - window, hi], so the range sees it)."""
        window = timedelta(days=int(scores_setting("REPEAT_WINDOW_DAYS")))
        gap = ExpressionWrapper(
            F("created_at")
            - Window(
                Lag("created_at"),
                partition_by=[F("area_id"), F("category_id")],
                order_by=[F("created_at").asc(), F("id").asc()],
            ),
            output_field=DurationField(),
        )
        rows = (
            Concern.objects.exclude(channel=Channel.IMPORT)
            .filter(
                area__isnull=False,
                category__isnull=False,
                created_at__gte=lo - window,
                created_at__lte=hi,
            )
            .annotate(gap=gap)
            .filter(gap__lte=window)
            .values_list("pk", flat=True)
            .order_by()
        )
        # Concerns created before ``lo`` may be listed too: each listed one truly repeats (its
        # predecessor is in the range), so the set only ever holds true repeats.
        self.ids.update(rows)


def load_places(concern_ids: Iterable[str], repeats: RepeatIndex | None = None) -> dict[str, Place]:
    """Each concern's grid, areas, whether it is imported and whether it repeats an earlier one
    (same phone, or same place and category, within the window)."""
    pks = [int(cid) for cid in concern_ids]
    window = timedelta(days=int(scores_setting("REPEAT_WINDOW_DAYS")))
    earlier = Concern.objects.exclude(channel=Channel.IMPORT).filter(
        created_at__lt=OuterRef("created_at"),
        created_at__gte=OuterRef("created_at") - window,
    )
    rows = list(
        Concern.objects.filter(pk__in=pks)
        .annotate(
            same_phone=Exists(
                # the phone's keyed hash: the number itself is encrypted
                earlier.filter(resident_phone_hash=OuterRef("resident_phone_hash")).exclude(
                    resident_phone_hash=""
                )
            ),
        )
        .values_list(
            "pk", "channel", "area_id", "area__path", "area__level", "same_phone", "created_at"
        )
        .order_by()
    )
    same_place: set[int] = set()
    if rows:
        created = [r[6] for r in rows]
        same_place = (repeats or RepeatIndex()).cover(min(created), max(created))
    places: dict[str, Place] = {}
    for pk, channel, area_id, path, level, same_phone, _created in rows:
        places[str(pk)] = Place(
            excluded=channel == Channel.IMPORT,
            grid_id=area_id if level == AreaLevel.GRID else None,
            area_ids=tuple(int(x) for x in (path or "").strip("/").split("/") if x),
            repeat=bool(same_phone or pk in same_place),
        )
    return places


def _counters(event: Ev | AuditEvent, ctx: Context, place: Place) -> Iterator[str]:
    data, verb = event.data or {}, event.verb
    if verb == "concern.dispatch":
        yield "received"
    elif verb == "concern.review_objection" and data.get("decision") == "upheld":
        yield "obj_upheld"
        yield "received"  # by the unit it is re-dispatched to
    elif verb == "concern.review_objection":
        yield "obj_rejected"
    elif verb == "concern.reply":
        yield "replied"
        if not data.get("late"):
            yield "on_time"
    elif verb == "concern.callback":
        yield "base"
        if data.get("contacted"):
            yield "contacted"
        if data.get("resolved"):
            yield "resolved"
        if data.get("satisfaction") in SATISFACTION_COUNTER:
            yield SATISFACTION_COUNTER[data["satisfaction"]]
        if data.get("reopened"):
            yield "reopens"
        if place.repeat:
            yield "repeats"
    elif verb == "concern.expire_callback":
        yield "not_rated"
    elif verb == "concern.reopen":
        yield "reopens"
    elif verb == "concern.escalated.urge":
        yield "urges"
    elif verb == "concern.escalated.circular":
        yield "circulars"


# Counters that also count against the person who replied (escalations and objections are the
# unit's).
PERSON_COUNTERS = frozenset(
    {"replied", "on_time", "base", "not_rated", "contacted", "resolved", "satisfied", "mostly",
     "dissatisfied", "reopens", "repeats"}
)  # fmt: skip


def expand(fact: Fact) -> Iterator[tuple[str, int]]:
    """The (level, key) rows one fact counts in."""
    _period, counter, unit_id, person_id, grid_id, area_ids, _concern = fact
    if unit_id:
        yield Level.UNIT, unit_id
    if person_id and counter in PERSON_COUNTERS:
        yield Level.PERSON, person_id
    if grid_id:
        yield Level.GRID, grid_id
    for area_id in area_ids:
        yield Level.AREA, area_id


def facts(events: Sequence[Ev | AuditEvent], repeats: RepeatIndex | None = None) -> Iterator[Fact]:
    """Score facts of ``events`` (in seq order), each attributed by its concern's history."""
    events = [e for e in events if e.object_type == "concern" and e.verb in COUNTED_VERBS]
    if not events:
        return
    ids = {e.object_id for e in events}
    histories = load_histories(ids, events[-1].seq)
    places = load_places(ids, repeats)
    for event in events:
        place = places.get(event.object_id)
        history = histories[event.object_id]
        before = history.at(event.seq)
        ctx = history.at(event.seq, inclusive=True)
        if place is None or place.excluded:
            continue
        period = period_of(event.occurred_at)
        concern_id = int(event.object_id)
        for counter in _counters(event, ctx, place):
            # An upheld objection counts beside the unit that objected (the one before the
            # event); the unit it is re-dispatched to gets "received".
            unit_id = before.unit_id if counter == "obj_upheld" else ctx.unit_id
            yield (
                period,
                counter,
                int(unit_id) if unit_id else None,
                int(ctx.replier_id) if ctx.replier_id else None,
                place.grid_id,
                place.area_ids,
                concern_id,
            )
