"""Background work for the WeChat channel (django-tasks). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.wechat.services import wechat_drafts_flush


@task()
def flush_wechat_drafts() -> int:
    """Submit descriptions that waited too long for a location; schedule it like the sweep."""
    return wechat_drafts_flush()
