"""Anonymous endpoints: submit, the public board, and the resident's own concern by code + PIN."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Header, Query, Status
from ninja import Schema as _Schema

from lastmile.concerns import selectors, services
from lastmile.concerns.api import present
from lastmile.concerns.api.router import router
from lastmile.concerns.api.schemas import (
    BoardPageOut,
    CallbackIn,
    Code,
    ConcernIn,
    PublicConcernOut,
    SubmittedOut,
    TrackOut,
)
from lastmile.concerns.choices import Channel
from lastmile.concerns.choices import Status as ConcernStatus
from lastmile.concerns.models import Concern
from lastmile.concerns.selectors_api import page
from lastmile.concerns.selectors_public import board_list_qs
from lastmile.core.apischema import ERRORS, Id, Text
from lastmile.orgs.selectors import Actor, actor_for_user

TAGS = ["public"]
# The resident answering on their own concern (after the PIN check), never as staff.
RESIDENT = Actor(user_id=None, label="resident")

Pin = Annotated[str, Header(alias="X-Tracking-Pin", min_length=1, max_length=12)]


@router.post(
    "/concerns",
    tags=TAGS,
    response={201: SubmittedOut, 200: SubmittedOut, **ERRORS},
    auth=None,
    summary="Submit a concern (anonymous allowed)",
    description="201 with the tracking code and PIN; 200 with the same on an idempotent repeat "
    "(same Idempotency-Key header or body field).",
)
def concern_create(
    request: HttpRequest,
    payload: ConcernIn,
    idempotency_key: Annotated[
        str, Header(alias="Idempotency-Key", max_length=64, pattern=r"^[\x21-\x7e]*$")
    ] = "",
) -> Status:
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
        idempotency_key=idempotency_key or payload.idempotency_key,
        fingerprint=request.META.get("REMOTE_ADDR", ""),
    )
    body = {
        "code": result.concern.code,
        "pin": result.pin,
        "status": result.concern.status,
        "created": result.created,
    }
    return Status(201 if result.created else 200, body)


class BoardFilter(_Schema):
    status: ConcernStatus | None = None
    category: Id | None = None
    area: Id | None = None
    q: Annotated[Text, Field(max_length=50)] = ""
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


@router.get(
    "/board", tags=TAGS, response={200: BoardPageOut, **ERRORS}, auth=None, summary="Public board"
)
def board_list(request: HttpRequest, filters: Query[BoardFilter]) -> dict:
    qs = board_list_qs(
        status=filters.status or "",
        category_id=filters.category,
        area_id=filters.area,
        query=filters.q,
    )
    count, rows = page(qs, limit=filters.limit, offset=filters.offset)
    return {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [present.public(c) for c in rows],
    }


@router.get(
    "/board/{code}",
    tags=TAGS,
    response={200: PublicConcernOut, **ERRORS},
    auth=None,
    summary="One concern on the public board (masked; community level at most)",
)
def board_detail(request: HttpRequest, code: Code) -> dict:
    return present.public(selectors.board_get(code.upper()))


def _tracked(code: str, pin: str) -> Concern:
    concern = selectors.track_get(code, pin)
    if concern is None:
        raise Http404("wrong code or PIN")  # never tell which
    return concern


@router.get(
    "/track/{code}",
    tags=TAGS,
    response={200: TrackOut, **ERRORS},
    auth=None,
    summary="The resident's own concern (header X-Tracking-Pin)",
)
def track(request: HttpRequest, code: Code, pin: Pin) -> dict:
    return present.tracked(_tracked(code, pin))


@router.post(
    "/track/{code}/callback",
    tags=TAGS,
    response={200: TrackOut, **ERRORS},
    auth=None,
    summary="The resident's callback answers (header X-Tracking-Pin)",
)
def track_callback(request: HttpRequest, code: Code, pin: Pin, payload: CallbackIn) -> dict:
    concern = services.concern_callback(
        actor=RESIDENT,
        concern=_tracked(code, pin),
        contacted=payload.contacted,
        resolved=payload.resolved,
        satisfaction=payload.satisfaction,
        comment=payload.comment,
        by_staff=False,
        expected_version=payload.expected_version,
    )
    return present.tracked(_tracked(concern.code, pin))
