"""Periodic work (django-tasks). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.learning.services.digest import digests_send


@task()
def send_digests_task() -> int:
    """Make and send the member digests that are due; idempotent, run it every minute."""
    return digests_send().sent
