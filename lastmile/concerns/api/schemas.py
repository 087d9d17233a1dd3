"""Input and output schemas of the concern API (separate on purpose: inputs forbid unknown
fields; outputs say exactly what leaves the server)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from lastmile.concerns.choices import Channel, Diversion, Kind, Satisfaction, Status, Urgency
from lastmile.core.apischema import Id, InputSchema, StrictBool, Text, When

ShortText = Annotated[Text, Field(max_length=200)]
LongText = Annotated[Text, Field(max_length=5000)]
Code = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[0-9A-Za-z]+$")]
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]


# ---- inputs ---------------------------------------------------------------------------------


class ConcernIn(InputSchema):
    text: LongText
    title: Annotated[Text, Field(max_length=120)] = ""
    kind: Kind = Kind.HELP
    urgency: Urgency = Urgency.NORMAL
    address: ShortText = ""
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lng: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    name: Annotated[Text, Field(max_length=64)] = ""
    phone: Annotated[Text, Field(max_length=32)] = ""
    idempotency_key: Annotated[Text, Field(max_length=64)] = Field(
        "", description="Also accepted as the Idempotency-Key header (the header wins)."
    )


class ActionIn(InputSchema):
    expected_version: Version | None = Field(
        None, description="The version you saw; if the concern changed since, 409 conflict."
    )


class DispatchIn(ActionIn):
    unit: Id | None = Field(None, description="Lead unit id; empty: the dispatch table decides.")
    assist_units: Annotated[list[Id], Field(max_length=20)] = []
    category: Id | None = None
    kind: Kind | None = None
    urgency: Urgency | None = None
    note: LongText = ""


class DivertIn(ActionIn):
    case: Diversion
    note: LongText


class AnswerIn(ActionIn):
    answer: LongText


class SignIn(ActionIn):
    pass


class ObjectIn(ActionIn):
    reason: LongText
    suggested_unit: Id | None = None


class ReviewObjectionIn(ActionIn):
    upheld: StrictBool
    unit: Id | None = Field(None, description="New lead unit when upheld.")
    note: LongText


class ContactIn(ActionIn):
    note: LongText


class ExtensionRequestIn(ActionIn):
    reason: LongText
    new_due: When


class DecideIn(ActionIn):
    approve: StrictBool
    note: LongText = ""


class ReplyIn(ActionIn):
    text: LongText
    resolved: StrictBool


class StopRequestIn(ActionIn):
    reason: LongText


class DecideStopIn(ActionIn):
    approve: StrictBool
    note: LongText


class CallbackIn(ActionIn):
    contacted: StrictBool
    resolved: StrictBool
    satisfaction: Satisfaction
    comment: Annotated[Text, Field(max_length=1000)] = ""


class ReopenIn(ActionIn):
    reason: LongText


class AssistReportIn(InputSchema):
    report: LongText


class MergeIn(ActionIn):
    parent: Code = Field(description="Tracking code of the concern to merge into.")


class DispatchRuleIn(InputSchema):
    area: Id
    category: Id | None = Field(None, description="Empty: any category in this area.")
    unit: Id
    assist_units: Annotated[list[Id], Field(max_length=20)] = []


# ---- outputs --------------------------------------------------------------------------------


class SubmittedOut(Schema):
    code: str
    pin: str
    status: Status
    created: bool


class TimelineItemOut(Schema):
    at: datetime
    verb: str
    text: str
    actor: str
    note: str


class ConcernListItemOut(Schema):
    code: str
    version: int
    status: Status
    status_label: str
    kind: Kind
    urgency: Urgency
    channel: Channel
    title: str
    category_id: int | None
    category: str | None
    area_id: int | None
    area: str | None
    lead_unit_id: int | None
    lead_unit: str | None
    created_at: datetime
    sign_due: datetime | None
    resolve_due: datetime | None
    overdue: bool


class ConcernPageOut(Schema):
    count: int = Field(
        ..., description="Exact up to 10,100; 10,100 means that many or more (see selectors_api)."
    )
    limit: int
    offset: int
    items: list[ConcernListItemOut]


class ConcernDetailOut(ConcernListItemOut):
    text: str
    address: str
    lat: float | None
    lng: float | None
    resident_name: str
    resident_phone: str
    parent: str | None
    reply_text: str
    reply_resolved: bool | None
    replied_at: datetime | None
    callback_due: datetime | None
    cb_contacted: bool | None
    cb_resolved: bool | None
    cb_satisfaction: str
    outcome: str
    closed_at: datetime | None
    reopen_count: int
    objection_count: int
    me_too: int
    actions: list[str] = Field(description="What you may do now (role and status).")
    timeline: list[TimelineItemOut]


class PublicConcernOut(Schema):
    code: str
    title: str
    text: str
    status: Status
    status_label: str
    category: str | None
    area: str | None
    created_at: datetime
    reply: str
    me_too: int


class BoardPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PublicConcernOut]


class TrackOut(PublicConcernOut):
    parent: str | None
    reply_resolved: bool | None
    callback_open: bool = Field(description="Whether the three callback answers are awaited.")
    timeline: list[TimelineItemOut]


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    level: int
    parent_id: int | None


class UnitRefOut(Schema):
    id: int
    name: str


class DispatchRuleOut(Schema):
    id: int
    area_id: int
    area: str
    category_id: int | None
    category: str | None
    unit: UnitRefOut
    assist_units: list[UnitRefOut]
    bounce_count: int
