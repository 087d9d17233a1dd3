"""Per-person channels and quiet hours, the delivery log, and the inbox page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from lastmile.core.errors import InvalidInput
from lastmile.notify.models import DeliveryAttempt, Notification
from lastmile.notify.services import (
    notification_deliver,
    notification_retry_due,
    notify,
    notify_preferences_set,
)
from lastmile.notify.tests.conftest import FakeEndpoint
from lastmile.orgs.testing import PASSWORD, World

PAYLOAD = {"code": "2506011234", "status": "已派单", "unit": "区住建局", "due": "6月5日"}


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def queue(user: Any, channel: str = "sms", urgent: bool = False) -> Notification:
    return notify(
        channel=channel,
        template="concern_assigned",
        payload=PAYLOAD,
        user=user,
        phone="13800138000",
        urgent=urgent,
    )


def outcomes(n: Notification) -> list[str]:
    return list(DeliveryAttempt.objects.filter(notification=n).values_list("outcome", flat=True))


def test_a_turned_off_channel_is_skipped_and_logged(world: World, endpoint: FakeEndpoint) -> None:
    user = world.people["handler"].user
    notify_preferences_set(
        user=user, sms=False, wechat=True, email=True, quiet_start=None, quiet_end=None
    )
    n = notification_deliver(pk=queue(user).pk)
    assert n is not None and n.status == "skipped"
    assert endpoint.received == [] and outcomes(n) == ["skipped"]
    assert notification_retry_due(now=timezone.now() + timedelta(days=1)) == 0
    inapp = notification_deliver(pk=queue(user, channel="inapp").pk)
    assert inapp is not None and inapp.status == "sent"  # the inbox always receives


def test_quiet_hours_defer_until_they_end(world: World, endpoint: FakeEndpoint) -> None:
    user = world.people["handler"].user
    notify_preferences_set(
        user=user, sms=True, wechat=True, email=True, quiet_start=time(22), quiet_end=time(7)
    )
    n = queue(user)
    late = at(23, 30)
    deferred = notification_deliver(pk=n.pk, now=late)
    assert deferred is not None and deferred.status == "queued"
    assert deferred.next_attempt_at == at(7, days=1)
    assert endpoint.received == []
    assert notification_retry_due(now=at(6, 59, days=1)) == 0  # still quiet
    assert notification_retry_due(now=at(7, 0, days=1)) == 1
    n.refresh_from_db()
    assert n.status == "sent" and len(endpoint.received) == 1
    assert outcomes(n) == ["deferred", "sent"]


def test_quiet_hours_inside_one_day_and_at_the_boundaries(world: World) -> None:
    user = world.people["handler"].user
    notify_preferences_set(
        user=user, sms=True, wechat=True, email=True, quiet_start=time(12), quiet_end=time(14)
    )
    before = notification_deliver(pk=queue(user, channel="email").pk, now=at(11, 59))
    assert before is not None and before.status != "queued"  # not quiet: tried at once
    start = notification_deliver(pk=queue(user, channel="email").pk, now=at(12, 0))
    assert start is not None and start.next_attempt_at == at(14)
    end = notification_deliver(pk=queue(user, channel="email").pk, now=at(14, 0))
    assert end is not None and end.status != "queued"


def test_urgent_messages_ignore_quiet_hours(world: World, endpoint: FakeEndpoint) -> None:
    user = world.people["handler"].user
    notify_preferences_set(
        user=user, sms=True, wechat=True, email=True, quiet_start=time(0), quiet_end=time(23, 59)
    )
    n = notification_deliver(pk=queue(user, urgent=True).pk, now=at(3))
    assert n is not None and n.status == "sent" and len(endpoint.received) == 1


def test_failures_are_logged_per_attempt(world: World, endpoint: FakeEndpoint) -> None:
    endpoint.status = 503
    n = queue(world.people["handler"].user)
    notification_deliver(pk=n.pk)
    notification_retry_due(now=timezone.now() + timedelta(hours=1))
    log = list(DeliveryAttempt.objects.filter(notification=n))
    assert [a.outcome for a in log] == ["failed", "failed"]
    assert all("503" in a.error for a in log)


def test_quiet_hours_need_both_ends(world: World) -> None:
    with pytest.raises(InvalidInput) as error:
        notify_preferences_set(
            user=world.people["handler"].user,
            sms=True,
            wechat=True,
            email=True,
            quiet_start=time(22),
            quiet_end=None,
        )
    assert error.value.field == "quiet_end"


def test_the_inbox_page_lists_marks_read_and_saves_preferences(client: Any, world: World) -> None:
    user: Any = world.people["handler"].user
    notification_deliver(pk=queue(user, channel="inapp").pk)
    assert client.get("/notifications/").status_code == 302  # login first
    client.login(username=user.username, password=PASSWORD)
    page = client.get("/notifications/").content.decode()
    assert "新的诉求" in page or "2506011234" in page
    assert "未读消息：1" in page
    assert client.post("/notifications/read/").status_code == 302
    assert "未读消息" not in client.get("/notifications/").content.decode()
    bad = client.post("/notifications/", {"sms": "on", "quiet_start": "22:00"})
    assert bad.status_code == 400 and "请同时填写免打扰的开始和结束时间" in bad.content.decode()
    good = client.post(
        "/notifications/", {"wechat": "on", "quiet_start": "22:00", "quiet_end": "07:00"}
    )
    assert good.status_code == 302
    preference = user.notify_preference
    assert not preference.sms and preference.wechat and preference.quiet_end == time(7)


def test_nobody_reads_anyone_elses_inbox(client: Any, world: World) -> None:
    notification_deliver(pk=queue(world.people["handler"].user, channel="inapp").pk)
    client.login(username=world.username("handler2"), password=PASSWORD)
    page = client.get("/notifications/").content.decode()
    assert "2506011234" not in page
