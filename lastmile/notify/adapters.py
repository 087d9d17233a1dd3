"""Delivery adapters, one per channel. Each raises ``DeliveryError`` on failure; the caller
(``services.notification_deliver``) records it and schedules a retry."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail

from lastmile.notify.messages import render
from lastmile.notify.models import Notification, NotifyChannel


class DeliveryError(Exception):
    """The message could not be delivered; worth retrying."""


class NotConfigured(DeliveryError):
    """The channel has no endpoint configured; retrying will not help."""


def _channels(name: str) -> Any:
    return settings.LASTMILE_CHANNELS.get(name)


def post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST JSON with the configured timeout; a non-2xx answer or a WeChat-style ``errcode``
    other than 0 is a failure. Only http(s) URLs (never file: or ftp:)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise NotConfigured(f"unsupported endpoint scheme: {urlsplit(url).scheme or '(none)'}")
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    timeout = float(_channels("NOTIFY_TIMEOUT_SECONDS") or 5)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(64 * 1024)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"endpoint unreachable: {exc}") from exc
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0, "0"):
        raise DeliveryError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}"[:300])
    return answer if isinstance(answer, dict) else {}


def send_inapp(n: Notification) -> None:
    """Nothing to send: the inbox selector shows it."""


def send_email(n: Notification) -> None:
    address = n.recipient_email or getattr(n.recipient_user, "email", "")
    if not address:
        raise NotConfigured("no email address")
    text = render(n.template, n.payload)
    send_mail(text.title, text.body, None, [address], fail_silently=False)


def send_sms(n: Notification) -> None:
    url = _channels("NOTIFY_SMS_URL")
    if not url:
        raise NotConfigured("NOTIFY_SMS_URL is not set")
    if not n.recipient_phone:
        raise NotConfigured("no phone number")
    text = render(n.template, n.payload)
    post_json(
        url,
        {
            "phone": n.recipient_phone,
            "template": n.template,
            "params": n.payload,
            "text": f"{text.title}：{text.body}",
        },
    )


def wechat_template_body(n: Notification) -> dict[str, Any]:
    """The WeChat template-message shape: {touser, template_id, url, data:{first, keyword1…,
    remark}} with each data item {"value": …}."""
    text = render(n.template, n.payload)
    ids = _channels("WECHAT_TEMPLATE_IDS") or {}
    data: dict[str, dict[str, str]] = {"first": {"value": text.title}}
    for i, value in enumerate(text.keywords, start=1):
        data[f"keyword{i}"] = {"value": value}
    data["remark"] = {"value": text.body}
    return {
        "touser": n.recipient_openid,
        "template_id": ids.get(n.template, n.template),
        "url": str(n.payload.get("url", "")),
        "data": data,
    }


def send_wechat(n: Notification) -> None:
    url = _channels("NOTIFY_WECHAT_URL")
    if not url:
        raise NotConfigured("NOTIFY_WECHAT_URL is not set")
    if not n.recipient_openid:
        raise NotConfigured("no OpenID")
    post_json(url, wechat_template_body(n))


ADAPTERS: dict[str, Callable[[Notification], None]] = {
    NotifyChannel.INAPP: send_inapp,
    NotifyChannel.EMAIL: send_email,
    NotifyChannel.SMS: send_sms,
    NotifyChannel.WECHAT: send_wechat,
}


def deliver(n: Notification) -> None:
    try:
        ADAPTERS[n.channel](n)
    except DeliveryError:
        raise
    except Exception as exc:  # an adapter bug or a mail server error: still only a failed delivery
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
