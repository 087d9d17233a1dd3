"""Briefing periods: a month ``2026-10`` or a quarter ``2026-Q3``, in local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from lastmile.core.errors import InvalidInput

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER_RE = re.compile(r"^(\d{4})-[Qq]([1-4])$")

BAD_FORMAT = (
    "期间格式不对：请写成 YYYY-MM（如 2026-10）或 YYYY-Qn（如 2026-Q3）。"
    " / Period must be YYYY-MM (e.g. 2026-10) or YYYY-Qn (e.g. 2026-Q3)."
)
FUTURE = "该期间尚未开始，无法生成简报。 / This period has not started yet: no briefing for it."


@dataclass(frozen=True)
class Period:
    key: str  # "2026-10" or "2026-Q3"
    start: date  # first day
    end: date  # the day after the last day

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.key

    @property
    def label(self) -> str:
        if self.is_quarter:
            return f"{self.start.year}年第{self.key[-1]}季度"
        return f"{self.start.year}年{self.start.month}月"

    @property
    def start_dt(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_dt(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end, time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def _next_month(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def parse_period(raw: str, *, today: date | None = None) -> Period:
    """The period named by ``raw``; InvalidInput (field ``period``) if malformed or future."""
    today = today or timezone.localdate()
    text = (raw or "").strip()
    if m := MONTH_RE.match(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12 or year < 2000:
            raise InvalidInput(BAD_FORMAT, field="period")
        period = Period(f"{year}-{month:02d}", date(year, month, 1), _next_month(year, month))
    elif m := QUARTER_RE.match(text):
        year, quarter = int(m[1]), int(m[2])
        if year < 2000:
            raise InvalidInput(BAD_FORMAT, field="period")
        first = 3 * (quarter - 1) + 1
        period = Period(f"{year}-Q{quarter}", date(year, first, 1), _next_month(year, first + 2))
    else:
        raise InvalidInput(BAD_FORMAT, field="period")
    if period.start > today:
        raise InvalidInput(FUTURE, field="period")
    return period


def default_period(today: date | None = None) -> Period:
    """Last month: the monthly meeting looks back at the month just ended."""
    today = today or timezone.localdate()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return parse_period(f"{year}-{month:02d}", today=today)
