"""Background tasks for the signal analyses (django-tasks). Thin wrappers over services.

The scheduler enqueues every periodic task each sweep (about a minute); a surge scan is only
worth running about hourly, so ``surge_scan`` skips while a recent run is remembered in the
cache (per process with the default local-memory cache; a second worker only repeats an
idempotent scan)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task

from lastmile.insight import surges

SCAN_EVERY_SECONDS = 3600
_CACHE_KEY = "lastmile.insight.surge_scan.ran"


@task()
def surge_scan() -> int:
    """Run the surge scan at most once per ``SCAN_EVERY_SECONDS``; returns new alerts (-1 when
    skipped)."""
    if not cache.add(_CACHE_KEY, 1, timeout=SCAN_EVERY_SECONDS):
        return -1
    return len(surges.surge_scan())
