"""Concern → response dicts, one function per audience (staff, public board, resident)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from lastmile.concerns.choices import AWAITING_CALLBACK
from lastmile.concerns.models import Concern
from lastmile.concerns.presenters import PUBLIC, RESIDENT, STAFF, describe
from lastmile.concerns.selectors import timeline
from lastmile.concerns.selectors_api import is_overdue
from lastmile.concerns.selectors_public import public_area_name
from lastmile.concerns.views.desk_actions import visible_actions
from lastmile.core.masking import mask_text
from lastmile.orgs.selectors import Actor


def _timeline(concern: Concern, audience: str) -> list[dict[str, Any]]:
    return [
        {"at": i.at, "verb": i.verb, "text": i.text, "actor": i.actor, "note": i.note}
        for i in describe(timeline(concern), audience=audience)
    ]


def list_item(concern: Concern, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    return {
        "code": concern.code,
        "version": concern.version,
        "status": concern.status,
        "status_label": str(concern.get_status_display()),
        "kind": concern.kind,
        "urgency": concern.urgency,
        "channel": concern.channel,
        "title": concern.title,
        "category_id": concern.category_id,
        "category": concern.category.name if concern.category else None,
        "area_id": concern.area_id,
        "area": concern.area.name if concern.area else None,
        "lead_unit_id": concern.lead_unit_id,
        "lead_unit": concern.lead_unit.name if concern.lead_unit else None,
        "created_at": concern.created_at,
        "sign_due": concern.sign_due,
        "resolve_due": concern.resolve_due,
        "overdue": is_overdue(concern, now),
    }


def detail(actor: Actor, concern: Concern) -> dict[str, Any]:
    return {
        **list_item(concern),
        "text": concern.text,
        "address": concern.address,
        "lat": concern.lat,
        "lng": concern.lng,
        "resident_name": concern.resident_name,
        "resident_phone": concern.resident_phone,
        "parent": concern.parent.code if concern.parent_id and concern.parent else None,
        "reply_text": concern.reply_text,
        "reply_resolved": concern.reply_resolved,
        "replied_at": concern.replied_at,
        "callback_due": concern.callback_due,
        "cb_contacted": concern.cb_contacted,
        "cb_resolved": concern.cb_resolved,
        "cb_satisfaction": concern.cb_satisfaction,
        "outcome": concern.outcome,
        "closed_at": concern.closed_at,
        "reopen_count": concern.reopen_count,
        "objection_count": concern.objection_count,
        "me_too": concern.me_too_count,
        "actions": visible_actions(actor, concern),
        "timeline": _timeline(concern, STAFF),
    }


def public(concern: Concern) -> dict[str, Any]:
    names = (concern.resident_name,)
    return {
        "code": concern.code,
        "title": mask_text(concern.title, names=names),
        "text": mask_text(concern.text, names=names),
        "status": concern.status,
        "status_label": str(concern.get_status_display()),
        "category": concern.category.name if concern.category else None,
        "area": public_area_name(concern.area) or None,
        "created_at": concern.created_at,
        "reply": mask_text(concern.reply_text, names=names),
        "me_too": concern.me_too_count,
    }


def tracked(concern: Concern) -> dict[str, Any]:
    """The resident's own view: the public view plus progress, never staff names or notes."""
    return {
        **public(concern),
        "parent": concern.parent.code if concern.parent_id and concern.parent else None,
        "reply_resolved": concern.reply_resolved,
        "callback_open": concern.status in AWAITING_CALLBACK,
        "timeline": _timeline(concern, RESIDENT),
    }


def board_timeline(concern: Concern) -> list[dict[str, Any]]:
    return _timeline(concern, PUBLIC)
