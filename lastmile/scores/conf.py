"""Score settings (``settings.LASTMILE_SCORES``), checked: bad weights are refused by name."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput

WEIGHT_NAMES = ("response", "resolution", "satisfaction")
PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


def scores_setting(name: str) -> Any:
    value: dict[str, Any] = settings.LASTMILE_SCORES
    return value[name]


@dataclass(frozen=True)
class Weights:
    response: float
    resolution: float
    satisfaction: float


def check_weights(raw: Any) -> Weights:
    """Three non-negative numbers that sum to 1; anything else is refused with a clear message."""
    if isinstance(raw, str):
        parts = [p.strip() for p in raw.split(",")]
        raw = dict(zip(WEIGHT_NAMES, parts, strict=False)) if len(parts) == 3 else {}
    if not isinstance(raw, dict) or set(raw) != set(WEIGHT_NAMES):
        raise InvalidInput(
            _("Weights must be three numbers: response, resolution and satisfaction."),
            field="weights",
        )
    try:
        values = {k: float(raw[k]) for k in WEIGHT_NAMES}
    except (TypeError, ValueError):
        raise InvalidInput(_("Weights must be numbers."), field="weights") from None
    if any(not math.isfinite(v) or v < 0 for v in values.values()):
        raise InvalidInput(_("Weights must not be negative."), field="weights")
    total = sum(values.values())
    if abs(total - 1.0) > 1e-9:
        raise InvalidInput(
            _("Weights must sum to 1; these sum to %(total)s.") % {"total": f"{total:g}"},
            field="weights",
        )
    return Weights(**values)


def weights() -> Weights:
    return check_weights(scores_setting("WEIGHTS"))


def period_of(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


def current_period(now: datetime | None = None) -> str:
    return period_of(now or timezone.now())


def shift(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:])
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_period(raw: str | None, *, now: datetime | None = None, default: str = "") -> str:
    """'YYYY-MM', not in the future. Empty → ``default`` (or the current month)."""
    raw = (raw or "").strip()
    if not raw:
        return default or current_period(now)
    match = PERIOD_RE.match(raw)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise InvalidInput(
            _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2026-09.") % {"value": raw},
            field="period",
        )
    if raw > current_period(now):
        raise InvalidInput(
            _("%(value)s is in the future: no figures exist for it yet.") % {"value": raw},
            field="period",
        )
    return raw


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """[start, end) of the month in the project's time zone."""
    year, month = int(period[:4]), int(period[5:])
    nxt = shift(period, 1)
    start = timezone.make_aware(datetime(year, month, 1))
    end = timezone.make_aware(datetime(int(nxt[:4]), int(nxt[5:]), 1))
    return start, end


def periods_between(first: str, last: str) -> list[str]:
    out, p = [], first
    while p <= last:
        out.append(p)
        p = shift(p, 1)
    return out
