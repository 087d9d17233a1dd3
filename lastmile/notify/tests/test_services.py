from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from lastmile.concerns import services as concern_services
from lastmile.concerns.testing import submit
from lastmile.notify.models import Notification
from lastmile.notify.selectors import inbox_for_user, rendered, unread_count
from lastmile.notify.services import (
    MAX_ATTEMPTS,
    notification_mark_read,
    notification_retry_due,
    notify,
)
from lastmile.notify.tests.conftest import FakeEndpoint
from lastmile.orgs.testing import World

PAYLOAD = {"code": "2506011234", "status": "已派单", "unit": "区住建局", "due": "2025-06-05 17:30"}


def test_wechat_adapter_posts_a_template_message(
    db: Any, endpoint: FakeEndpoint, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="wechat", template="concern_dispatched", payload=PAYLOAD, openid="oX1")
    n.refresh_from_db()
    assert n.status == "sent" and n.attempts == 1 and n.sent_at
    (body,) = endpoint.received
    assert body["touser"] == "oX1" and body["template_id"] == "concern_dispatched"
    assert body["data"]["keyword1"] == {"value": "2506011234"}
    assert body["data"]["keyword3"] == {"value": "区住建局"}
    assert "2506011234" in body["data"]["remark"]["value"] and body["data"]["first"]["value"]


def test_sms_adapter_posts_json(
    db: Any, endpoint: FakeEndpoint, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", template="concern_closed", payload=PAYLOAD, phone="13800138000")
    n.refresh_from_db()
    assert n.status == "sent"
    assert endpoint.received[0]["phone"] == "13800138000"
    assert "2506011234" in endpoint.received[0]["text"]


def test_failure_is_recorded_retried_and_bounded(
    db: Any, endpoint: FakeEndpoint, django_capture_on_commit_callbacks: Any
) -> None:
    endpoint.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="wechat", template="concern_replied", payload=PAYLOAD, openid="oX")
    n.refresh_from_db()
    assert n.status == "failed" and n.attempts == 1 and "500" in n.last_error
    assert n.next_attempt_at and n.next_attempt_at > timezone.now()
    assert notification_retry_due() == 0  # not due yet
    for day in range(1, MAX_ATTEMPTS + 3):  # each retry once its backoff has passed
        notification_retry_due(now=timezone.now() + timedelta(days=day))
    n.refresh_from_db()
    assert n.attempts == MAX_ATTEMPTS and n.status == "failed" and n.next_attempt_at is None
    endpoint.status = 200
    endpoint.answer = {"errcode": 40003, "errmsg": "invalid openid"}
    with django_capture_on_commit_callbacks(execute=True):
        m = notify(channel="wechat", template="concern_replied", payload=PAYLOAD, openid="oX")
    m.refresh_from_db()
    assert m.status == "failed" and "40003" in m.last_error


def test_unreachable_or_unconfigured_never_raises(
    db: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LASTMILE_CHANNELS = {
        **settings.LASTMILE_CHANNELS,
        "NOTIFY_SMS_URL": "http://127.0.0.1:9/nothing",
        "NOTIFY_WECHAT_URL": "",
        "NOTIFY_TIMEOUT_SECONDS": 1,
    }
    with django_capture_on_commit_callbacks(execute=True):
        sms = notify(channel="sms", template="concern_closed", payload=PAYLOAD, phone="13800138000")
        wx = notify(channel="wechat", template="concern_closed", payload=PAYLOAD, openid="o")
    sms.refresh_from_db()
    wx.refresh_from_db()
    assert sms.status == "failed" and sms.next_attempt_at
    assert wx.status == "failed" and wx.next_attempt_at is None  # not configured: no retry


def test_file_urls_are_refused(
    db: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LASTMILE_CHANNELS = {
        **settings.LASTMILE_CHANNELS,
        "NOTIFY_SMS_URL": "file:///etc/passwd",
    }
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", template="concern_closed", payload=PAYLOAD, phone="13800138000")
    n.refresh_from_db()
    assert n.status == "failed" and "scheme" in n.last_error


def test_email_and_inapp(world: World, django_capture_on_commit_callbacks: Any) -> None:
    user = world.people["handler"].user
    with django_capture_on_commit_callbacks(execute=True):
        notify(channel="email", template="concern_closed", payload=PAYLOAD, email="a@example.org")
        n = notify(channel="inapp", template="concern_assigned", payload=PAYLOAD, user=user)
    assert len(mail.outbox) == 1 and "2506011234" in mail.outbox[0].body
    assert list(inbox_for_user(user)) == [n] and unread_count(user) == 1
    assert "2506011234" in rendered(n).body
    assert notification_mark_read(user=user) == 1 and unread_count(user) == 0


def test_nothing_is_sent_when_the_transaction_rolls_back(db: Any, endpoint: FakeEndpoint) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(channel="wechat", template="concern_closed", payload=PAYLOAD, openid="o")
        raise RuntimeError
    assert not Notification.objects.exists() and endpoint.received == []


def test_unknown_template_is_a_programming_error(db: Any) -> None:
    with pytest.raises(ValueError):
        notify(channel="inapp", template="nope", payload={})


def test_dispatch_tells_the_resident_and_the_unit(
    world: World, endpoint: FakeEndpoint, django_capture_on_commit_callbacks: Any
) -> None:
    concern = submit(world, channel="wechat", resident_openid="oRESIDENT")
    with django_capture_on_commit_callbacks(execute=True):
        concern_services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
        )
    assert [b["touser"] for b in endpoint.received] == ["oRESIDENT"]
    staff = Notification.objects.filter(channel="inapp").values_list(
        "recipient_user__username", flat=True
    )
    assert sorted(staff) == ["t_handler", "t_leader"]


def test_hook_failure_never_breaks_the_transition(
    world: World, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lastmile.notify import concern_events

    def boom(**kwargs: Any) -> None:
        raise RuntimeError("notify is down")

    monkeypatch.setattr(concern_events, "notify", boom)
    concern = submit(world, channel="wechat", resident_openid="oR")
    with django_capture_on_commit_callbacks(execute=True):
        done = concern_services.concern_dispatch(
            actor=world.actor("dispatcher"), concern=concern, unit=world.units["housing"]
        )
    assert done.status == "dispatched"
