"""Report periods: a month (2025-11), a quarter (2025-Q4) or a year (2025), as local dates
[start, end) — a study at 23:59 on 31 March counts in March and Q1, one at 00:00 on 1 April in
April and Q2."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput
from lastmile.learning.choices import PeriodKind

PATTERNS = {
    PeriodKind.MONTH: re.compile(r"^(\d{4})-(\d{1,2})$"),
    PeriodKind.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE),
    PeriodKind.YEAR: re.compile(r"^(\d{4})$"),
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # exclusive

    @property
    def key(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return _("%(year)d/%(month)d") % {"year": self.start.year, "month": self.start.month}
        if self.kind == PeriodKind.QUARTER:
            return _("%(year)d Q%(q)d") % {
                "year": self.start.year,
                "q": (self.start.month - 1) // 3 + 1,
            }
        return _("Year %(year)d") % {"year": self.start.year}

    def previous(self) -> Period:
        return containing(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        return containing(self.kind, self.end)


def _month(year: int, month: int) -> dt.date:
    year += (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1)


def containing(kind: str, day: dt.date) -> Period:
    if kind == PeriodKind.MONTH:
        start = dt.date(day.year, day.month, 1)
        return Period(kind, start, _month(day.year, day.month + 1))
    if kind == PeriodKind.QUARTER:
        first = (day.month - 1) // 3 * 3 + 1
        return Period(kind, dt.date(day.year, first, 1), _month(day.year, first + 3))
    if kind == PeriodKind.YEAR:
        return Period(kind, dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1))
    raise InvalidInput(_("Choose a month, a quarter or a year."), field="period")


def parse(kind: str, value: str, today: dt.date) -> Period:
    """The period named by ``value`` (or the one containing ``today`` when it is blank)."""
    if kind not in PeriodKind.values:
        raise InvalidInput(_("Choose a month, a quarter or a year."), field="period")
    value = (value or "").strip()
    if not value:
        return containing(kind, today)
    match = PATTERNS[PeriodKind(kind)].match(value)
    if not match:
        examples = {"month": "2025-11", "quarter": "2025-Q4", "year": "2025"}
        raise InvalidInput(
            _("Write the period like %(example)s.") % {"example": examples[kind]}, field="value"
        )
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("That year is out of range."), field="value")
    if kind == PeriodKind.MONTH:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise InvalidInput(_("A month is from 1 to 12."), field="value")
        return containing(kind, dt.date(year, month, 1))
    if kind == PeriodKind.QUARTER:
        return containing(kind, dt.date(year, (int(match.group(2)) - 1) * 3 + 1, 1))
    return containing(kind, dt.date(year, 1, 1))
