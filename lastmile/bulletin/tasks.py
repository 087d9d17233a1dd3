"""Background tasks (django-tasks; run by ``lastmile db_worker``). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.bulletin.services.notices import notices_notify_due


@task()
def notify_due_notices() -> int:
    """Tell the audiences of scheduled notices whose publish time has come (once each)."""
    return notices_notify_due()
