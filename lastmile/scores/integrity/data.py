"""What the checks read: the concern rows and their audit events for a period, loaded once per scan,
and the ``Flag`` each check returns."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.utils import timezone

from lastmile.concerns.models import Concern
from lastmile.core.crypto import blind_index
from lastmile.core.models import AuditEvent


def conf(name: str) -> Any:
    """One threshold of ``settings.LASTMILE_INTEGRITY``."""
    value: dict[str, Any] = settings.LASTMILE_INTEGRITY
    return value[name]


def month_of(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


def when(moment: datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def contact_hash(contact: str) -> str:
    """A stable pseudonym for a phone number (or "wx:" + OpenID): evidence never shows the raw
    value. It is the start of the contact's keyed hash, so a row (holding the hash) gives it too."""
    if contact.startswith("wx:"):
        return blind_index(contact[3:], "exact")[:10]
    return blind_index(contact, "phone")[:10]


_NOISE = re.compile(r"[\s\d\W_a-zA-Z]+", re.UNICODE)


def normalise(text: str) -> str:
    """Text without spaces, punctuation, digits and Latin letters: templated copies collapse."""
    return _NOISE.sub("", text or "")


def digits(phone: str) -> str:
    return "".join(ch for ch in phone or "" if ch.isdecimal())


@dataclass
class Flag:
    """One finding: what, how bad, about whom, the evidence and a plain Chinese explanation.

    ``key`` identifies the finding across scans (e.g. unit and month), so a re-scan updates the
    stored flag instead of adding a new one."""

    kind: str
    severity: str
    subject: str
    evidence: list[dict[str, str]]
    explanation: str
    key: str
    area_id: int | None = None
    unit_id: int | None = None
    period: str = ""

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.kind}|{self.key}".encode()).hexdigest()

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys(e["code"] for e in self.evidence if e.get("code")))


def item(code: str, at: datetime | None, detail: str) -> dict[str, str]:
    return {"code": code, "at": when(at), "detail": detail}


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    verb: str
    concern_id: int
    actor_label: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Row:
    pk: int
    code: str
    channel: str
    text: str
    area_id: int | None
    area_path: str
    unit_id: int | None
    unit_name: str
    phone: str
    openid: str
    address: str
    kind: str
    urgency: str
    status: str
    outcome: str
    satisfaction: str
    reply_text: str
    replied_at: datetime | None
    created_at: datetime
    updated_at: datetime
    parent_id: int | None


ROW_FIELDS = {
    "pk": "pk",
    "code": "code",
    "channel": "channel",
    "text": "text",
    "area_id": "area_id",
    "area_path": "area__path",
    "unit_id": "lead_unit_id",
    "unit_name": "lead_unit__name",
    # Contacts as their keyed hashes (core/crypto.py): equal numbers group without decrypting.
    "phone": "resident_phone_hash",
    "openid": "resident_openid_hash",
    "address": "address",
    "kind": "kind",
    "urgency": "urgency",
    "status": "status",
    "outcome": "outcome",
    "satisfaction": "cb_satisfaction",
    "reply_text": "reply_text",
    "replied_at": "replied_at",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "parent_id": "parent_id",
}


@dataclass
class ScanData:
    """The period's concern events and every concern row, loaded once and shared by the checks.

    ``start``/``end`` bound the events that count (None: all history). State checks (satisfaction
    without a rating, deleted concerns, silent edits) look at every concern regardless."""

    start: datetime | None = None
    end: datetime | None = None
    label: str = ""
    _by_verb: dict[str, list[Event]] = field(default_factory=dict, repr=False)

    @cached_property
    def rows(self) -> dict[int, Row]:
        values = Concern.objects.order_by().values_list(*ROW_FIELDS.values())
        rows = {}
        for record in values.iterator(chunk_size=2000):
            row = Row(**dict(zip(ROW_FIELDS.keys(), record, strict=True)))
            rows[row.pk] = row
        return rows

    @cached_property
    def events(self) -> list[Event]:
        qs = AuditEvent.objects.filter(object_type="concern").order_by("seq")
        if self.start:
            qs = qs.filter(occurred_at__gte=self.start)
        if self.end:
            qs = qs.filter(occurred_at__lt=self.end)
        fields = ("seq", "occurred_at", "verb", "object_id", "actor_label", "data")
        out = []
        for seq, at, verb, object_id, label, data in qs.values_list(*fields).iterator(2000):
            if object_id.isdecimal():
                out.append(Event(seq, at, verb, int(object_id), label, data or {}))
        return out

    def of_verb(self, verb: str) -> list[Event]:
        if not self._by_verb:
            grouped: dict[str, list[Event]] = defaultdict(list)
            for event in self.events:
                grouped[event.verb].append(event)
            self._by_verb.update(grouped)
        return self._by_verb.get(verb, [])

    @cached_property
    def by_concern(self) -> dict[int, list[Event]]:
        grouped: dict[int, list[Event]] = defaultdict(list)
        for event in self.events:
            grouped[event.concern_id].append(event)
        return grouped

    def in_period(self, moment: datetime | None) -> bool:
        if moment is None:
            return False
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment < self.end
        )


def common_area(paths: list[str]) -> int | None:
    """The nearest area containing all the given materialised paths ("/1/4/17/")."""
    parts = [[p for p in path.strip("/").split("/") if p] for path in paths if path]
    if not parts:
        return None
    shared: list[str] = []
    for segment in zip(*parts, strict=False):
        if len(set(segment)) != 1:
            break
        shared.append(segment[0])
    return int(shared[-1]) if shared else None


def area_of(rows: list[Row]) -> int | None:
    return common_area([r.area_path for r in rows])
