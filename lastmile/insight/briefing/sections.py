"""Briefing sections that stand apart: repeat complaints, long-overdue concerns, perfunctory
replies; and access to the optional analysis parts (hotspots, surges, reply quality)."""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

from django.db.models import Q, QuerySet

from lastmile.concerns.choices import HANDLING, Status
from lastmile.concerns.models import Concern
from lastmile.core.masking import mask_phone
from lastmile.insight.briefing.period import Period

REPEAT_DAYS = 30
OVERDUE_LIMIT = 20
QUESTION_CHARS = 60
REPLY_CHECK_LIMIT = 300
QUESTION_REASON = "未回应诉求要点"


@dataclass
class RepeatGroup:
    kind: str  # "phone" or "place"
    label: str
    category: str
    codes: list[str]
    titles: list[str]
    first_at: datetime
    last_at: datetime

    @property
    def count(self) -> int:
        return len(self.codes)


@dataclass
class OverdueRow:
    code: str
    title: str
    status: str
    category: str
    area: str
    unit_id: int | None
    unit_name: str
    due: datetime
    days_overdue: int


@dataclass
class FlaggedReply:
    code: str
    title: str
    unit_name: str
    reply: str
    score: float
    reasons: list[str]


def part(name: str) -> ModuleType | None:
    """``lastmile.insight.<name>`` if that part is installed; None (section left out) if not."""
    module = f"lastmile.insight.{name}"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def _coordinates(row: dict) -> str:
    if row["lat"] is not None and row["lng"] is not None:
        return f"{row['lat']:.4f},{row['lng']:.4f}"
    return ""


def _place_key(row: dict) -> str:
    if row["address_hash"]:  # the address's keyed hash (white space ignored)
        return row["address_hash"]
    return _coordinates(row)


def repeat_groups(rows: list[dict], period: Period, roots: dict[int, str]) -> list[RepeatGroup]:
    """Same phone, or same place and category, at least twice within 30 days (one in period)."""
    buckets: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["resident_phone_hash"]:
            buckets[("phone", row["resident_phone_hash"])].append(row)
        place = _place_key(row)
        if place and row["category_id"]:
            buckets[("place", f"{place}|{row['category_id']}")].append(row)
    groups = []
    for (kind, _key), items in buckets.items():
        items.sort(key=lambda r: r["created_at"])
        if len(items) < 2 or items[-1]["created_at"] < period.start_dt:
            continue
        span = [
            r for r in items if items[-1]["created_at"] - r["created_at"] <= timedelta(REPEAT_DAYS)
        ]
        if len(span) < 2:
            continue
        first = span[0]
        if kind == "phone":
            label = f"来电 {mask_phone(first['resident_phone'])}"
        else:
            label = (first["address"] or "").strip() or _coordinates(first)
        groups.append(
            RepeatGroup(
                kind=kind,
                label=label,
                category=roots.get(first["category_id"] or 0, "未分类"),
                codes=[r["code"] for r in span],
                titles=[r["title"] for r in span],
                first_at=span[0]["created_at"],
                last_at=span[-1]["created_at"],
            )
        )
    groups.sort(key=lambda g: (-g.count, -g.last_at.timestamp()))
    return groups[:30]


def overdue_rows(qs: QuerySet[Concern], period: Period, now: datetime) -> list[OverdueRow]:
    late = Q(status=Status.DISPATCHED, sign_due__lt=now) | Q(
        status__in=HANDLING, resolve_due__lt=now
    )
    rows = (
        qs.filter(late, created_at__lt=period.end_dt)
        .select_related("category", "area", "lead_unit")
        .order_by("resolve_due", "sign_due")[:OVERDUE_LIMIT]
    )
    out = []
    for c in rows:
        due = c.resolve_due if c.status in HANDLING else c.sign_due
        assert due is not None
        out.append(
            OverdueRow(
                code=c.code,
                title=c.title,
                status=c.get_status_display(),
                category=c.category.name if c.category else "未分类",
                area=c.area.name if c.area else "",
                unit_id=c.lead_unit_id,
                unit_name=c.lead_unit.name if c.lead_unit else "",
                due=due,
                days_overdue=max(0, (now - due).days),
            )
        )
    return out


def _assess(quality: ModuleType, row: Mapping[str, Any]) -> Any:
    """``quality.assess`` for one reply, or None when it cannot be perfunctory.

    The question only adds one reason (未回应诉求要点), and segmenting it (jieba) is the costly
    part, ~2 ms per 100 characters. So the reply is first judged alone; only when the
    question's reason could tip it over the threshold is it judged with the question. The
    question is the subject and the opening of the text, which carry its key terms."""
    weights = getattr(quality, "WEIGHTS", None)
    threshold = getattr(quality, "THRESHOLD", None)
    if isinstance(weights, dict) and isinstance(threshold, float) and QUESTION_REASON in weights:
        alone = quality.assess(row["reply_text"], "")
        if alone.score + weights[QUESTION_REASON] < threshold:
            return None
    question = f"{row['title']}。{row['text'][:QUESTION_CHARS]}"
    return quality.assess(row["reply_text"], question)


def flagged_replies(
    qs: QuerySet[Concern], period: Period
) -> tuple[list[FlaggedReply], int, int] | None:
    """Perfunctory replies of the period (most perfunctory first), how many replies were
    checked and how many there were. The shortest replies are checked first, at most
    ``REPLY_CHECK_LIMIT``, which bounds the time a briefing takes."""
    quality = part("replyquality")
    if quality is None:
        return None
    rows = list(
        qs.filter(replied_at__gte=period.start_dt, replied_at__lt=period.end_dt)
        .exclude(reply_text="")
        .values("code", "title", "text", "reply_text", "lead_unit__name")
    )
    rows.sort(key=lambda r: (len(r["reply_text"]), r["code"]))
    flagged = []
    for row in rows[:REPLY_CHECK_LIMIT]:
        verdict = _assess(quality, row)
        if verdict is not None and verdict.perfunctory:
            flagged.append(
                FlaggedReply(
                    code=row["code"],
                    title=row["title"],
                    unit_name=row["lead_unit__name"] or "",
                    reply=row["reply_text"],
                    score=float(verdict.score),
                    reasons=[str(r) for r in verdict.reasons],
                )
            )
    flagged.sort(key=lambda f: (-f.score, f.code))
    return flagged, min(len(rows), REPLY_CHECK_LIMIT), len(rows)
