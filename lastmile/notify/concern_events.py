"""Who hears about a concern's state change. Called once per transition, after commit, from
``concerns/services/transition.apply``: at most two queries, and it never raises."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.notify.models import NotifyChannel
from lastmile.notify.services import notify
from lastmile.orgs.choices import Role

logger = logging.getLogger(__name__)

# action → template for the resident (on WeChat, when the concern came with an OpenID)
RESIDENT_TEMPLATES = {
    "dispatch": "concern_dispatched",
    "reply": "concern_replied",
    "callback": "concern_closed",
    "expire_callback": "concern_closed",
}
# actions after which the lead unit's handlers must act
STAFF_ACTIONS = frozenset({"dispatch", "review_objection"})
STAFF_ROLES = (Role.HANDLER, Role.UNIT_LEADER)


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def concern_changed(concern_id: int, action: str) -> None:
    if action not in RESIDENT_TEMPLATES and action not in STAFF_ACTIONS:
        return
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _announce(concern_id, action)
    except Exception:  # a notification problem must never affect the concern
        logger.exception("concern %s: notifications after %s failed", concern_id, action)


def _payload(concern: Concern) -> dict[str, str]:
    return {
        "code": concern.code,
        "title": concern.title,
        "status": str(concern.get_status_display()),
        "unit": concern.lead_unit.name if concern.lead_unit else "",
        "due": _when(concern.resolve_due),
        "sign_due": _when(concern.sign_due),
        "reply": concern.reply_text[:200],
    }


def _announce(concern_id: int, action: str) -> None:
    concern = Concern.objects.select_related("lead_unit").filter(pk=concern_id).first()
    if concern is None:
        return
    payload = _payload(concern)
    template = RESIDENT_TEMPLATES.get(action)
    if template == "concern_closed" and concern.status != Status.CLOSED:
        template = None  # a callback that reopened the concern is not a closure
    if template and concern.resident_openid:
        notify(
            channel=NotifyChannel.WECHAT,
            template=template,
            payload=payload,
            openid=concern.resident_openid,
        )
    if action in STAFF_ACTIONS and concern.lead_unit_id and concern.status == Status.DISPATCHED:
        users = get_user_model().objects.filter(
            person__memberships__unit_id=concern.lead_unit_id,
            person__memberships__role__in=STAFF_ROLES,
            person__memberships__is_active=True,
            is_active=True,
        )
        for user in users.distinct():
            notify(
                channel=NotifyChannel.INAPP, template="concern_assigned", payload=payload, user=user
            )
