"""Every write to notifications. ``notify`` is the one entry point any app may call: it stores the
message and delivers it after the caller's transaction commits; delivery never raises into the
caller (a failure is recorded on the row and retried a bounded number of times)."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import InvalidInput
from lastmile.notify import adapters
from lastmile.notify.messages import TEMPLATES
from lastmile.notify.models import (
    AttemptOutcome,
    DeliveryAttempt,
    Notification,
    NotifyChannel,
    NotifyPreference,
    NotifyStatus,
)

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
    urgent: bool = False,
) -> Notification:
    """Queue one message; it is sent after the surrounding transaction commits.

    The recipient's preferences decide at delivery: a channel they turned off is skipped (and
    logged), and outside the in-app inbox nothing non-urgent is sent during their quiet hours —
    it waits until the quiet hours end.

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
            urgent=urgent,
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


def notification_deliver(*, pk: int, now: datetime | None = None) -> Notification | None:
    """Send one queued (or retryable) notification and record the outcome. Never raises for a
    delivery failure."""
    with transaction.atomic():
        qs = Notification.objects.select_for_update(of=("self",)).select_related("recipient_user")
        n = qs.filter(pk=pk).first()
        done = (NotifyStatus.SENT, NotifyStatus.SKIPPED)
        if n is None or n.status in done or n.attempts >= MAX_ATTEMPTS:
            return n
        now = now or timezone.now()
        if n.status == NotifyStatus.QUEUED and n.next_attempt_at and n.next_attempt_at > now:
            return n  # deferred to the end of quiet hours; not yet
        preference = _preference(n)
        if preference is not None and not preference.allows(n.channel):
            n.status, n.next_attempt_at = NotifyStatus.SKIPPED, None
            n.save(update_fields=["status", "next_attempt_at"])
            _log(n, now, AttemptOutcome.SKIPPED)
            return n
        quiet_until = _quiet_until(preference, now) if not n.urgent else None
        if quiet_until is not None and n.channel != NotifyChannel.INAPP:
            n.status, n.next_attempt_at = NotifyStatus.QUEUED, quiet_until
            n.save(update_fields=["status", "next_attempt_at"])
            _log(n, now, AttemptOutcome.DEFERRED)
            return n
        n.attempts += 1
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
        outcome = AttemptOutcome.SENT if n.status == NotifyStatus.SENT else AttemptOutcome.FAILED
        _log(n, now, outcome, n.last_error)
    return n


def _log(n: Notification, at: datetime, outcome: str, error: str = "") -> None:
    DeliveryAttempt.objects.create(notification=n, at=at, outcome=outcome, error=error[:500])


def _preference(n: Notification) -> NotifyPreference | None:
    if n.recipient_user_id is None:
        return None
    return NotifyPreference.objects.filter(user_id=n.recipient_user_id).first()


def _quiet_until(preference: NotifyPreference | None, now: datetime) -> datetime | None:
    """When ``now`` falls in the recipient's quiet hours, the moment they end; else None.
    The window may wrap midnight (22:00–07:00)."""
    if preference is None or preference.quiet_start is None or preference.quiet_end is None:
        return None
    start, end = preference.quiet_start, preference.quiet_end
    if start == end:
        return None
    local = timezone.localtime(now)
    clock = local.time()
    inside = start <= clock < end if start < end else (clock >= start or clock < end)
    if not inside:
        return None
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, end))


def notification_retry_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Re-deliver failed notifications whose retry time has come, and queued ones that never
    reached the worker (older than a minute). Returns how many were tried."""
    now = now or timezone.now()
    failed = Notification.objects.filter(
        status=NotifyStatus.FAILED, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS
    )
    stuck = Notification.objects.filter(
        status=NotifyStatus.QUEUED,
        next_attempt_at__isnull=True,
        created_at__lte=now - timedelta(minutes=1),
    )
    woken = Notification.objects.filter(status=NotifyStatus.QUEUED, next_attempt_at__lte=now)
    pks = list((failed | stuck | woken).order_by("pk").values_list("pk", flat=True)[:limit])
    for pk in pks:
        notification_deliver(pk=pk, now=now)
    return len(pks)


def notification_mark_read(*, user: Any, pk: int | None = None) -> int:
    """Mark one of the user's in-app notifications (or all of them) read. Returns the count."""
    qs = Notification.objects.filter(
        recipient_user=user, channel=NotifyChannel.INAPP, read_at__isnull=True
    )
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def notify_preferences_set(
    *,
    user: Any,
    sms: bool,
    wechat: bool,
    email: bool,
    quiet_start: time | None,
    quiet_end: time | None,
) -> NotifyPreference:
    """A person chooses their channels and quiet hours (both times, or neither)."""
    if (quiet_start is None) != (quiet_end is None):
        raise InvalidInput(_("Give both ends of the quiet hours, or neither."), field="quiet_end")
    preference, _created = NotifyPreference.objects.update_or_create(
        user=user,
        defaults={
            "sms": sms,
            "wechat": wechat,
            "email": email,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
        },
    )
    audit.record(
        verb="notify.preferences_set",
        obj_type="user",
        obj_id=user.pk,
        actor_id=user.pk,
        actor_label=user.get_username(),
        data={"sms": sms, "wechat": wechat, "email": email, "quiet": bool(quiet_start)},
    )
    return preference
