"""Concern endpoints of the API (the full transition API is part of the APIs issue)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lastmile.concerns import selectors, services
from lastmile.concerns.choices import Channel, Kind, Urgency
from lastmile.concerns.selectors_public import public_area_name
from lastmile.core.masking import mask_text
from lastmile.orgs.selectors import actor_for_user

router = Router(tags=["concerns"])


class ConcernIn(Schema):
    text: str
    title: str = ""
    kind: str = Kind.HELP
    urgency: str = Urgency.NORMAL
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    name: str = ""
    phone: str = ""
    idempotency_key: str = ""


class SubmittedOut(Schema):
    code: str
    pin: str
    status: str
    created: bool


class PublicConcernOut(Schema):
    code: str
    title: str
    text: str
    status: str
    status_label: str
    category: str | None
    area: str | None
    created_at: datetime
    reply: str
    me_too: int


@router.post("/concerns", response={201: SubmittedOut, 200: SubmittedOut}, auth=None)
def concern_create(request: HttpRequest, payload: ConcernIn) -> Status:
    result = services.concern_submit(
        actor=actor_for_user(request.user),
        channel=Channel.API,
        kind=payload.kind,
        text=payload.text,
        title=payload.title,
        urgency=payload.urgency,
        address=payload.address,
        lat=payload.lat,
        lng=payload.lng,
        resident_name=payload.name,
        resident_phone=payload.phone,
        idempotency_key=payload.idempotency_key,
        fingerprint=request.META.get("REMOTE_ADDR", ""),
    )
    body = {
        "code": result.concern.code,
        "pin": result.pin,
        "status": result.concern.status,
        "created": result.created,
    }
    return Status(201 if result.created else 200, body)


@router.get("/board/{code}", response=PublicConcernOut, auth=None)
def board_detail(request: HttpRequest, code: str) -> dict:
    concern = selectors.board_get(code)
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
