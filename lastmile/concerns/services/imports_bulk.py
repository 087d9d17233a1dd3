"""The bulk write path of a spreadsheet import: a batch of checked rows in a handful of queries.

Each new row becomes exactly the concern ``concern_submit`` would make for an import row (same
validation, tracking code, content hash, ``created_by``/``resident_user_id`` rule, ``title or
text[:30]``), written with one ``COPY`` (PostgreSQL) or ``executemany`` INSERT (SQLite); a row
with an official reply is written already closed as ``concern_import_reply`` would leave it. The
audit events are the slow path's, in the slow path's order (``concern.received``, then
``concern.import_reply`` for a replied row), written by one ``audit.record_many``. Everything
reading the log (scores, the integrity scan, a concern's history) therefore sees the same thing
whichever path wrote it.

Rows this path does not handle go to the row-by-row path (``slow``): a row whose concern already
exists and still waits for its reply, a row repeating an earlier row's id or (within the
double-submit window) its text. A batch whose insert fails (a tracking code taken meanwhile) is
redone row by row.

Notifications: the slow path's ``transition.apply`` schedules
``notify.concern_events.concern_changed(pk, "import_reply")`` after commit, which returns at once:
``import_reply`` is neither a resident template action nor a staff action there, and an imported
concern has no resident OpenID and no lead unit. So the bulk path has nothing to notify.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.choices import TRANSITIONS, Channel, Outcome, Status, Urgency
from lastmile.concerns.models import Concern
from lastmile.concerns.services import intake, transition
from lastmile.core import audit, workflow
from lastmile.core.conf import setting
from lastmile.core.errors import DomainError, InvalidInput
from lastmile.orgs.selectors import Actor

if TYPE_CHECKING:
    from lastmile.concerns.services.imports import ImportRow, ImportWrite

SlowPath = Callable[[list["ImportRow"], "ImportWrite"], None]
CODE_ROUNDS = 8


@dataclass(slots=True)
class _New:
    """A new concern's values that differ from row to row (the rest are the same for the batch:
    see ``_insert``)."""

    item: ImportRow
    kind: str
    title: str
    text: str
    category_id: int | None
    content_hash: str
    created_at: datetime
    external_id: str
    reply: str = ""
    code: str = ""
    pk: int | None = None
    status: str = Status.RECEIVED
    version: int = 1
    outcome: str = ""
    replied_at: datetime | None = None


# The columns a row sets (``_New``'s fields under the model's names); every other column is the
# same for the whole batch, as ``concern_submit`` leaves it for an import row.
VARIABLE = {
    "code": "code",
    "kind": "kind",
    "status": "status",
    "version": "version",
    "title": "title",
    "text": "text",
    "category_id": "category_id",
    "content_hash": "content_hash",
    "external_id": "external_id",
    "created_at": "created_at",
    "reply_text": "reply",
    "replied_at": "replied_at",
    "outcome": "outcome",
    "closed_at": "replied_at",
}


@dataclass
class _Counts:
    created: int = 0
    existing: int = 0
    replied: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (row, field, message)


class _Fallback(Exception):
    """The batch cannot be written in bulk: redo it row by row."""


def write_batch(
    *, actor: Actor, rows: list[ImportRow], result: ImportWrite, strict: bool, slow: SlowPath
) -> None:
    """Write one batch (inside the caller's transaction). ``slow(rows, result)`` is the
    row-by-row path; in strict mode it raises on the first failing row."""
    part = _Counts()
    try:
        with transaction.atomic():
            tail = _write_bulk(actor, rows, part, strict)
    except (_Fallback, IntegrityError, DomainError):
        slow(rows, result)
        return
    result.created += part.created
    result.existing += part.existing
    result.replied += part.replied
    result.failed += part.failed
    if tail:
        slow(tail, result)


def _write_bulk(
    actor: Actor, rows: list[ImportRow], part: _Counts, strict: bool
) -> list[ImportRow]:
    known = dict(
        Concern.objects.filter(
            channel=Channel.IMPORT, external_id__in=[_external_id(r) for r in rows]
        ).values_list("external_id", "status")
    )
    now = timezone.now()
    window = now - timedelta(seconds=setting("DUPLICATE_SUBMIT_SECONDS"))
    # An imported reply is the checked ``import_reply`` transition from received (once a batch).
    transition.check("import_reply", Concern(status=Status.RECEIVED))
    closed = workflow.resolve_target(TRANSITIONS, "import_reply", None)
    prepared: list[_New] = []
    tail: list[ImportRow] = []
    for item in rows:
        status = known.get(_external_id(item))
        if status is not None:
            if item.reply and status == Status.RECEIVED:
                tail.append(item)  # exists, still waits for its reply: the slow path adds it
            else:
                part.existing += 1  # already imported: nothing to do (fast re-import)
            continue
        try:
            prepared.append(_prepare(item, now, closed))
        except InvalidInput as exc:
            if strict:
                raise _Fallback from exc  # the slow path reports the row and undoes everything
            part.failed.append((item.row, exc.field, str(exc.message)))
    prepared, repeated = _split_repeats(prepared, window)
    tail += repeated
    if not prepared:
        return tail
    _assign_codes(prepared)
    _insert(actor, prepared)
    audit.record_many(_events(actor, prepared))
    part.created += len(prepared)
    part.replied += sum(1 for p in prepared if p.reply)
    return tail


def _external_id(item: ImportRow) -> str:
    return (item.external_id or "").strip()[:64]


def _prepare(item: ImportRow, now: datetime, closed: str) -> _New:
    """The concern ``concern_submit`` (and ``concern_import_reply``) would make of the row."""
    text, title = item.text.strip(), (item.title or "").strip()
    intake._validate(
        title=title,
        text=text,
        kind=item.kind,
        urgency=Urgency.NORMAL,
        phone="",
        name="",
        lat=None,
        lng=None,
    )
    new = _New(
        item=item,
        kind=item.kind,
        title=title or text[:30],
        text=text,
        category_id=item.category.pk if item.category else None,
        content_hash=intake._content_hash(text, "", "", "", None, None, None, ""),
        created_at=item.created_at or now,
        external_id=_external_id(item),
    )
    if item.reply and item.replied_at:
        new.reply = item.reply.strip()
        if not new.reply:
            raise InvalidInput(_("The official reply is empty."), field="reply")
        # as concern_import_reply leaves it: closed, not rated, reply on record (callback_due
        # and reply_resolved stay empty, closed_at is the reply time)
        new.status, new.version, new.outcome = closed, 2, Outcome.NOT_RATED
        new.replied_at = item.replied_at
    return new


def _insert(actor: Actor, prepared: list[_New]) -> None:
    """One ``COPY`` (PostgreSQL) or ``executemany`` INSERT (SQLite) of the batch, then the new
    ids in one query.

    Not ``bulk_create``: for a 60-column model its per-field SQL compilation was the largest
    cost of an import (bench/README.md). The values are prepared by the model's own fields:
    the columns a row does not set once per batch from a template concern (defaults, blind
    indexes, ``updated_at``), the row's own through each field's ``get_db_prep_save``."""
    connection = connections[router.db_for_write(Concern)]
    template = Concern(
        channel=Channel.IMPORT,
        urgency=Urgency.NORMAL,
        created_by=actor.person,
        # a signed-in resident raising their own concern: it is theirs to follow
        resident_user_id=None if actor.is_staff_member else actor.user_id,
    )
    fields = [f for f in Concern._meta.concrete_fields if not f.primary_key]
    fixed = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]
    own = [(i, f, VARIABLE[f.attname]) for i, f in enumerate(fields) if f.attname in VARIABLE]
    params = []
    for new in prepared:
        values = list(fixed)
        for i, f, name in own:
            values[i] = f.get_db_prep_save(getattr(new, name), connection)
        params.append(values)
    quote = connection.ops.quote_name
    table = quote(Concern._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: PostgreSQL's own bulk load
            # (the driver's own cursor: its errors become Django's, e.g. IntegrityError)
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for values in params:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)
    ids = dict(
        Concern.objects.filter(
            channel=Channel.IMPORT, external_id__in=[p.external_id for p in prepared]
        ).values_list("external_id", "pk")
    )
    for new in prepared:
        new.pk = ids[new.external_id]


def _split_repeats(prepared: list[_New], window: datetime) -> tuple[list[_New], list[ImportRow]]:
    """Rows the slow path would find as already there: an id repeated in the batch, or the text
    of a concern received within the double-submit window (in the database or earlier in the
    batch). They go to the slow path, which then finds that concern."""
    hashes = {p.content_hash for p in prepared}
    recent = set(
        Concern.objects.filter(content_hash__in=hashes, created_at__gte=window).values_list(
            "content_hash", flat=True
        )
    )
    ids: set[str] = set()
    keep: list[_New] = []
    repeated: list[ImportRow] = []
    for p in prepared:
        if p.external_id in ids or p.content_hash in recent:
            repeated.append(p.item)
            continue
        ids.add(p.external_id)
        if p.created_at >= window:
            recent.add(p.content_hash)
        keep.append(p)
    return keep, repeated


def _assign_codes(concerns: list[_New]) -> None:
    """Fresh tracking codes (``intake._new_code``), unique in the batch and in the database;
    a code taken meanwhile by another writer makes the insert fail and the batch go slow."""
    kept: set[str] = set()  # codes of this batch already settled
    pending = concerns
    for _round in range(CODE_ROUNDS):
        drawn: dict[str, _New] = {}
        clashed: list[_New] = []
        for concern in pending:
            code = intake._new_code()
            if code in drawn or code in kept:
                clashed.append(concern)
                continue
            concern.code = code
            drawn[code] = concern
        taken = set(Concern.objects.filter(code__in=list(drawn)).values_list("code", flat=True))
        clashed += [drawn[code] for code in taken]
        kept.update(code for code in drawn if code not in taken)
        if not clashed:
            return
        pending = clashed
    raise _Fallback("could not allocate tracking codes")


def _events(actor: Actor, prepared: list[_New]) -> list[audit.EventSpec]:
    """Exactly the events of the slow path, in its order."""
    events: list[audit.EventSpec] = []
    for p in prepared:
        events.append(
            audit.EventSpec(
                verb="concern.received",
                obj_type="concern",
                obj_id=p.pk,
                actor_id=actor.user_id,
                actor_label=actor.label,
                data={
                    "channel": Channel.IMPORT,
                    "kind": p.kind,
                    "to": Status.RECEIVED,
                    "area": None,
                },
                at=p.created_at,
            )
        )
        if p.reply:
            assert p.replied_at is not None
            events.append(
                audit.EventSpec(
                    verb="concern.import_reply",
                    obj_type="concern",
                    obj_id=p.pk,
                    actor_id=actor.user_id,
                    actor_label=actor.label,
                    data={
                        "from": Status.RECEIVED,
                        "to": p.status,
                        "imported": True,
                        "replied_at": p.replied_at.isoformat(),
                    },
                )
            )
    return events
