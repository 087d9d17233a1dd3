"""Writes of a spreadsheet import: concerns in bulk (``imports_bulk``: the same concerns and audit
events as ``concern_submit`` and the transition service would write, in a few queries per batch),
row by row through ``concern_submit`` and the transition service where the bulk path does not
apply, and one audit event per import (and per export, which hands out personal data).

Imported replies: a board message that already has the government's official reply (答复意见,
答复时间) is received, then closed by the ``import_reply`` transition (received → closed) with
the reply stored as ``reply_text`` at ``replied_at`` and the outcome "not rated". It therefore
ends closed with its reply on record instead of sitting in the dispatch queue as new work, and
it is honestly "not rated": the resident never rated it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.concerns.choices import Channel, Outcome, Status
from lastmile.concerns.models import Category, Concern
from lastmile.concerns.services import imports_bulk, transition
from lastmile.concerns.services.intake import concern_submit
from lastmile.core import audit
from lastmile.core.errors import DomainError, InvalidInput
from lastmile.orgs.selectors import Actor

BATCH = 2000


@dataclass(frozen=True)
class ImportRow:
    row: int
    external_id: str
    text: str
    kind: str
    created_at: datetime
    title: str = ""
    category: Category | None = None
    reply: str = ""
    replied_at: datetime | None = None


@dataclass
class ImportWrite:
    created: int = 0
    existing: int = 0
    replied: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (row, field, message)


class _RollBack(Exception):
    """Raised inside the all-or-nothing transaction to undo every row."""


@transaction.atomic
def concern_import_reply(
    *, actor: Actor, concern: Concern, reply: str, replied_at: datetime
) -> Concern:
    """Record a historical official reply on a just-received imported concern and close it as
    not rated (see the module docstring)."""
    concern = transition.lock(concern)
    transition.check("import_reply", concern)
    # Who may import is decided where an import starts (the desk allows dispatchers and admins;
    # the command line is the operator's), as for concern_submit.
    if not reply.strip():
        raise InvalidInput(_("The official reply is empty."), field="reply")
    return transition.apply(
        actor=actor,
        concern=concern,
        action="import_reply",
        fields={
            "reply_text": reply.strip(),
            "replied_at": replied_at,
            "reply_resolved": None,
            "outcome": Outcome.NOT_RATED,
            "closed_at": replied_at,
            "callback_due": None,
        },
        data={"imported": True, "replied_at": replied_at.isoformat()},
    )


def _write_row(actor: Actor, item: ImportRow, result: ImportWrite) -> None:
    submitted = concern_submit(
        actor=actor,
        channel=Channel.IMPORT,
        kind=item.kind,
        text=item.text,
        title=item.title,
        category=item.category,
        created_at=item.created_at,
        external_id=item.external_id,
    )
    if submitted.created:
        result.created += 1
    else:
        result.existing += 1
    if not (item.reply and item.replied_at and submitted.concern.status == Status.RECEIVED):
        return
    concern_import_reply(
        actor=actor, concern=submitted.concern, reply=item.reply, replied_at=item.replied_at
    )
    result.replied += 1


def _write_batch(
    actor: Actor, rows: list[ImportRow], result: ImportWrite, strict: bool, bulk: bool
) -> None:
    """The bulk path, with the row-by-row path for what it leaves over (see imports_bulk)."""
    if not bulk:
        _write_rows(actor, rows, result, strict)
        return

    def slow(subset: list[ImportRow], into: ImportWrite) -> None:
        _write_rows(actor, subset, into, strict)

    imports_bulk.write_batch(actor=actor, rows=rows, result=result, strict=strict, slow=slow)


def _write_rows(actor: Actor, rows: list[ImportRow], result: ImportWrite, strict: bool) -> None:
    """Row by row: ``concern_submit``, then ``concern_import_reply`` for a replied row."""
    known = dict(
        Concern.objects.filter(
            channel=Channel.IMPORT, external_id__in=[r.external_id for r in rows]
        ).values_list("external_id", "status")
    )
    for item in rows:
        status = known.get(item.external_id)
        if status is not None and not (item.reply and status == Status.RECEIVED):
            result.existing += 1  # already imported: nothing to do (fast re-import)
            continue
        try:
            with transaction.atomic():
                _write_row(actor, item, result)
        except DomainError as exc:
            result.failed.append((item.row, exc.field, str(exc.message)))
            if strict:
                raise _RollBack from exc


def concerns_import(
    *,
    actor: Actor,
    rows: list[ImportRow],
    mode: str,
    summary: dict[str, Any],
    bulk: bool = True,
) -> ImportWrite:
    """Write checked rows in batches. ``all``: one transaction, the first failure undoes
    everything. ``skip``: a transaction per batch, a failing row is left out and reported.
    ``bulk=False`` writes every row through the row-by-row path (the reference the bulk path is
    compared with in tests and benchmarks)."""
    result = ImportWrite()
    batches = [rows[start : start + BATCH] for start in range(0, len(rows), BATCH)]
    if mode == "all":
        try:
            with transaction.atomic():
                for batch in batches:
                    _write_batch(actor, batch, result, strict=True, bulk=bulk)
                _audit_import(actor, result, summary)
        except _RollBack:
            return ImportWrite(failed=result.failed)
        return result
    for batch in batches:
        with transaction.atomic():
            _write_batch(actor, batch, result, strict=False, bulk=bulk)
    with transaction.atomic():
        _audit_import(actor, result, summary)
    return result


def _audit_import(actor: Actor, result: ImportWrite, summary: dict[str, Any]) -> None:
    audit.record(
        verb="concerns.imported",
        obj_type="concern",
        obj_id="*",
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={
            **summary,
            "created": result.created,
            "existing": result.existing,
            "replied": result.replied,
            "failed": len(result.failed),
        },
    )


@transaction.atomic
def concerns_export_record(*, actor: Actor, count: int, filters: dict[str, str]) -> None:
    """An export hands personal data out of the system: who, how many rows, which filters."""
    audit.record(
        verb="concerns.exported",
        obj_type="concern",
        obj_id="*",
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"rows": count, "filters": {k: v for k, v in filters.items() if v}},
    )
