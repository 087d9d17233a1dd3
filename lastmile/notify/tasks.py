"""Background delivery (django-tasks). Thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from lastmile.notify.services import notification_deliver, notification_retry_due


@task()
def deliver_notification(pk: int) -> str:
    n = notification_deliver(pk=pk)
    return n.status if n else "missing"


@task()
def retry_notifications() -> int:
    """Retry failed deliveries that are due (bounded attempts); schedule it like the sweep."""
    return notification_retry_due()
