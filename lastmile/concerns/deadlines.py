"""Deadline rules (per kind and urgency) applied to concerns on the working-day calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from lastmile.concerns.choices import Kind, Urgency
from lastmile.concerns.models import DeadlineRule
from lastmile.core import workcal

# Shipped defaults (domain-rules §1); administrators change them in the DeadlineRule table.
DEFAULTS: dict[tuple[str, str], tuple[int, str, int, str]] = {
    ("", Urgency.URGENT): (30, "m", 2, "h"),
    ("", Urgency.UTILITIES): (30, "m", 24, "h"),
    (Kind.CONSULT, Urgency.NORMAL): (2, "wh", 2, "wd"),
    (Kind.HELP, Urgency.NORMAL): (2, "wh", 10, "wd"),
    (Kind.SUGGESTION, Urgency.NORMAL): (2, "wh", 10, "wd"),
    (Kind.PRAISE, Urgency.NORMAL): (2, "wh", 10, "wd"),
    (Kind.COMPLAINT, Urgency.NORMAL): (2, "wh", 15, "wd"),
    (Kind.REPORT, Urgency.NORMAL): (2, "wh", 15, "wd"),
}


@dataclass(frozen=True)
class Deadlines:
    sign_due: datetime
    resolve_due: datetime


def _rule_values(kind: str, urgency: str) -> tuple[int, str, int, str]:
    rules = {(r.kind, r.urgency): r for r in DeadlineRule.objects.filter(urgency=urgency)}
    for key in ((kind, urgency), ("", urgency)):
        if key in rules:
            r = rules[key]
            return (r.sign_amount, r.sign_unit, r.resolve_amount, r.resolve_unit)
    for key in ((kind, urgency), ("", urgency), (kind, Urgency.NORMAL)):
        if key in DEFAULTS:
            return DEFAULTS[key]
    return DEFAULTS[(Kind.COMPLAINT, Urgency.NORMAL)]


def compute(*, kind: str, urgency: str, start: datetime) -> Deadlines:
    sign_amount, sign_unit, resolve_amount, resolve_unit = _rule_values(kind, urgency)
    return Deadlines(
        sign_due=workcal.add_duration(start, sign_amount, sign_unit),
        resolve_due=workcal.add_duration(start, resolve_amount, resolve_unit),
    )


def next_workday_start(moment: datetime) -> datetime:
    """Start of work on the first working day after ``moment``'s date (the 'next day' of 催办)."""
    day = timezone.localtime(moment).date() + timedelta(days=1)
    for _ in range(400):
        if workcal.is_workday(day):
            return workcal.add_working_minutes(
                timezone.make_aware(datetime.combine(day, datetime.min.time())), 0
            )
        day += timedelta(days=1)
    raise ValueError("no working day within a year")
