"""Every write to notifications. ``notify`` is the one entry point any app may call: it stores the
message and delivers it after the caller's transaction commits; delivery never raises into the
caller (a failure is recorded on the row and retried a bounded number of times)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lastmile.notify import adapters
from lastmile.notify.messages import TEMPLATES
from lastmile.notify.models import Notification, NotifyChannel, NotifyStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 60  # 1, 2, 4, 8 minutes between attempts


def notify(
    *,
    channel: str,
    template: str,
    payload: dict[str, Any],
    user: Any = None,
    openid: str = "",
    phone: str = "",
    email: str = "",
) -> Notification:
    """Queue one message; it is sent after the surrounding transaction commits.

    An unknown channel or template is a programming error (``ValueError``); delivery problems
    are never raised here."""
    if channel not in NotifyChannel.values:
        raise ValueError(f"unknown notification channel {channel!r}")
    if template not in TEMPLATES:
        raise ValueError(f"unknown notification template {template!r}")
    with transaction.atomic():
        n = Notification.objects.create(
            recipient_user=user,
            recipient_openid=(openid or "")[:64],
            recipient_phone=(phone or "")[:32],
            recipient_email=(email or "")[:254],
            channel=channel,
            template=template,
            payload=payload,
        )
        pk = n.pk
        transaction.on_commit(lambda: _enqueue(pk))
    return n


def _enqueue(pk: int) -> None:
    from lastmile.notify.tasks import deliver_notification

    try:
        deliver_notification.enqueue(pk)
    except Exception:  # the retry sweep picks up rows left queued
        logger.exception("notification %s: could not enqueue delivery", pk)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))


def notification_deliver(*, pk: int) -> Notification | None:
    """Send one queued (or retryable) notification and record the outcome. Never raises for a
    delivery failure."""
    with transaction.atomic():
        qs = Notification.objects.select_for_update(of=("self",)).select_related("recipient_user")
        n = qs.filter(pk=pk).first()
        if n is None or n.status == NotifyStatus.SENT or n.attempts >= MAX_ATTEMPTS:
            return n
        n.attempts += 1
        now = timezone.now()
        try:
            adapters.deliver(n)
        except adapters.NotConfigured as exc:
            n.status, n.last_error, n.next_attempt_at = NotifyStatus.FAILED, str(exc)[:500], None
            logger.warning("notification %s (%s) not sent: %s", n.pk, n.channel, exc)
        except adapters.DeliveryError as exc:
            n.status, n.last_error = NotifyStatus.FAILED, str(exc)[:500]
            n.next_attempt_at = now + _backoff(n.attempts) if n.attempts < MAX_ATTEMPTS else None
            logger.warning("notification %s (%s) failed: %s", n.pk, n.channel, exc)
        else:
            n.status, n.sent_at, n.last_error, n.next_attempt_at = NotifyStatus.SENT, now, "", None
        n.save(update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"])
    return n


def notification_retry_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Re-deliver failed notifications whose retry time has come, and queued ones that never
    reached the worker (older than a minute). Returns how many were tried."""
    now = now or timezone.now()
    failed = Notification.objects.filter(
        status=NotifyStatus.FAILED, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS
    )
    stuck = Notification.objects.filter(
        status=NotifyStatus.QUEUED, created_at__lte=now - timedelta(minutes=1)
    )
    pks = list((failed | stuck).order_by("pk").values_list("pk", flat=True)[:limit])
    for pk in pks:
        notification_deliver(pk=pk)
    return len(pks)


def notification_mark_read(*, user: Any, pk: int | None = None) -> int:
    """Mark one of the user's in-app notifications (or all of them) read. Returns the count."""
    qs = Notification.objects.filter(
        recipient_user=user, channel=NotifyChannel.INAPP, read_at__isnull=True
    )
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
