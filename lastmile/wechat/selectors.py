"""Reads for the WeChat channel, scoped to the sender: a resident sees only the concerns sent
from their own OpenID."""

from __future__ import annotations

from django.db.models import QuerySet

from lastmile.concerns.models import Concern
from lastmile.core.crypto import blind_index
from lastmile.wechat.models import WechatMessage


def reply_for(key: str) -> str | None:
    """The reply already given to this message (a WeChat retry), or None if it is new."""
    return WechatMessage.objects.filter(msg_id=key).values_list("reply", flat=True).first()


def concern_for_sender(openid: str, code: str) -> Concern | None:
    if not openid or not code:
        return None
    return (
        Concern.objects.select_related("lead_unit")
        .filter(code=code.upper(), resident_openid_hash=blind_index(openid, "exact"))
        .first()
    )


def recent_for_sender(openid: str, limit: int = 5) -> QuerySet[Concern]:
    qs = Concern.objects.filter(resident_openid_hash=blind_index(openid, "exact"))
    return qs.order_by("-created_at")[:limit]
