"""Tally periods: a month, a quarter or a year, as [start, end) dates and a label."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lastmile.merits.choices import PeriodKind


def period_start(kind: str, day: dt.date) -> dt.date:
    if kind == PeriodKind.MONTH:
        return day.replace(day=1)
    if kind == PeriodKind.QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, 1, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # exclusive

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start)

    def previous(self) -> Period:
        return period_of(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        return period_of(self.kind, self.end)


def period_of(kind: str, day: dt.date) -> Period:
    if kind not in PeriodKind.values:
        kind = PeriodKind.QUARTER
    start = period_start(kind, day)
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[PeriodKind(kind)]
    return Period(kind, start, _add_months(start, months))


def period_label(kind: str, start: dt.date) -> str:
    if kind == PeriodKind.MONTH:
        return _("%(year)d/%(month)d") % {"year": start.year, "month": start.month}
    if kind == PeriodKind.QUARTER:
        return _("Q%(q)d %(year)d") % {"year": start.year, "q": (start.month - 1) // 3 + 1}
    return _("Year %(year)d") % {"year": start.year}
