"""The app's settings: ``settings.LASTMILE_MERITS``, with defaults here for keys not (yet) set."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "POINTS_PER_YUAN": 1,  # 爱心超市: 1 point buys 1 yuan of goods
    "MAX_HOURS_PER_DAY": 24,  # service hours one person can log for one day, all deeds together
    "REPORT_WITHIN_DAYS": 180,  # a deed older than this cannot be recorded any more
    "MAX_QUANTITY": 10,  # pieces of one goods in one redemption
    "RESERVATION_HOLD_DAYS": 14,  # a reservation not collected by then is cancelled
    "TOP_LIST_SIZE": 10,  # people on the public top list
}


def merits_setting(name: str) -> Any:
    configured: dict[str, Any] = getattr(settings, "LASTMILE_MERITS", {})
    return configured.get(name, DEFAULTS[name])
