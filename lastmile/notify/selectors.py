"""Reads of notifications: a user's in-app inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lastmile.notify.messages import Rendered, render
from lastmile.notify.models import Notification, NotifyChannel, NotifyPreference


def inbox_for_user(
    user: Any, *, unread_only: bool = False, limit: int = 50
) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient_user=user, channel=NotifyChannel.INAPP)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")[:limit]


def unread_count(user: Any) -> int:
    return Notification.objects.filter(
        recipient_user=user, channel=NotifyChannel.INAPP, read_at__isnull=True
    ).count()


def rendered(n: Notification) -> Rendered:
    """Title and body of a notification in the site language."""
    return render(n.template, n.payload)


def preference_for(user: Any) -> NotifyPreference:
    """The user's preferences, or the defaults (every channel on, no quiet hours) unsaved."""
    found = NotifyPreference.objects.filter(user=user).first()
    return found or NotifyPreference(user=user)
