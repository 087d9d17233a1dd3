"""The app's settings: ``settings.LASTMILE_LEARNING`` with these defaults for keys it lacks."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "DIGEST_WEEKDAY": 0,  # weekly digests go out on Monday (0) …
    "DIGEST_HOUR": 7,  # … at 07:00 local time; daily digests at this hour every day
    "HEARTBEAT_SECONDS": 30,  # the study page reports every 30 s while it is visible
    "BEAT_MAX_SECONDS": 60,  # one report never credits more than this (a late timer)
    "CAP_RATIO": 1.5,  # an item never counts more than its expected time × this
    "COMPLETE_RATIO": 1.0,  # an item is studied once this share of its expected time is spent
    "DIGEST_BATCH": 500,  # members handled per run of the digest task
    "DOCUMENT_MAX_BYTES": 20 * 1024 * 1024,
    "SITE_URL": "",  # e.g. https://lastmile.example.org: digest links in email and SMS
}


def setting(key: str) -> Any:
    return getattr(settings, "LASTMILE_LEARNING", {}).get(key, DEFAULTS[key])
