"""Staff endpoints: the scoped list, the detail with its timeline, and one POST per transition.

Every read goes through the actor's scope (outside it: 404). Every transition is
``POST /concerns/{code}/{action}`` with its own input schema and ``expected_version`` (409 when
the concern changed meanwhile); each calls exactly one service, like the desk does, and answers
with the concern's detail.

(No ``from __future__ import annotations`` here: the endpoints are built in a loop and ninja
reads their annotations as real objects.)
"""

from collections.abc import Callable
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query
from ninja import Schema as _Schema

from lastmile.concerns import services
from lastmile.concerns.api import present
from lastmile.concerns.api import schemas as s
from lastmile.concerns.api.router import router
from lastmile.concerns.choices import Kind, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import concern_get_for_actor
from lastmile.concerns.selectors_api import (
    ConcernFilter,
    category_for_input,
    concern_list_for_actor,
    page,
    unit_for_input,
    units_for_input,
)
from lastmile.core.apischema import ERRORS, Id, Text, When
from lastmile.core.errors import InvalidInput
from lastmile.orgs.selectors import Actor, actor_for_user

TAGS = ["concerns"]


class ConcernQuery(_Schema):
    status: Status | None = None
    kind: Kind | None = None
    category: Id | None = Field(None, description="Category id (its subcategories included).")
    area: Id | None = Field(None, description="Area id (its whole subtree).")
    unit: Id | None = Field(None, description="Lead or assisting unit id.")
    created_after: When | None = None
    created_before: When | None = None
    overdue: bool | None = None
    q: Annotated[Text, Field(max_length=50)] = Field("", description="Code, subject or text.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000)


@router.get(
    "/concerns", tags=TAGS, response={200: s.ConcernPageOut, **ERRORS}, summary="Concerns in scope"
)
def concern_list(request: HttpRequest, filters: Query[ConcernQuery]) -> dict:
    actor = actor_for_user(request.user)
    data = filters.dict(exclude={"limit", "offset"})
    data["status"] = data["status"] or ""
    data["kind"] = data["kind"] or ""
    count, rows = page(
        concern_list_for_actor(actor, ConcernFilter(**data)),
        limit=filters.limit,
        offset=filters.offset,
    )
    return {
        "count": count,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [present.list_item(c) for c in rows],
    }


@router.get(
    "/concerns/{code}",
    tags=TAGS,
    response={200: s.ConcernDetailOut, **ERRORS},
    summary="One concern with its timeline",
)
def concern_detail(request: HttpRequest, code: s.Code) -> dict:
    actor = actor_for_user(request.user)
    return present.detail(actor, concern_get_for_actor(actor, code.upper()))


def _parent(actor: Actor, code: str) -> Concern:
    try:
        return concern_get_for_actor(actor, code.upper())
    except Http404:
        raise InvalidInput(
            _("No concern %(code)s in your area.") % {"code": code}, field="parent"
        ) from None


Runner = Callable[[Actor, Concern, Any], object]

# action → (input schema, service call); mirrors views/desk_actions.py RUNNERS.
ACTIONS: dict[str, tuple[type[_Schema], Runner, str]] = {
    "dispatch": (
        s.DispatchIn,
        lambda a, c, d: services.concern_dispatch(
            actor=a,
            concern=c,
            unit=unit_for_input(d.unit),
            assist_units=units_for_input(d.assist_units),
            category=category_for_input(d.category),
            kind=d.kind,
            urgency=d.urgency,
            note=d.note,
            expected_version=d.expected_version,
        ),
        "Dispatch to a lead unit (dispatcher)",
    ),
    "divert": (
        s.DivertIn,
        lambda a, c, d: services.concern_divert(
            actor=a, concern=c, case=d.case, note=d.note, expected_version=d.expected_version
        ),
        "Close without dispatch, telling the resident where to go (dispatcher)",
    ),
    "answer": (
        s.AnswerIn,
        lambda a, c, d: services.concern_answer(
            actor=a, concern=c, answer=d.answer, expected_version=d.expected_version
        ),
        "Answer a consultation at intake (dispatcher)",
    ),
    "sign": (
        s.SignIn,
        lambda a, c, d: services.concern_sign(
            actor=a, concern=c, expected_version=d.expected_version
        ),
        "Sign for the concern (lead unit)",
    ),
    "object": (
        s.ObjectIn,
        lambda a, c, d: services.concern_object(
            actor=a,
            concern=c,
            reason=d.reason,
            suggested_unit=unit_for_input(d.suggested_unit, field="suggested_unit"),
            expected_version=d.expected_version,
        ),
        "Object to the dispatch before signing (lead unit)",
    ),
    "review_objection": (
        s.ReviewObjectionIn,
        lambda a, c, d: services.concern_objection_review(
            actor=a,
            concern=c,
            upheld=d.upheld,
            new_unit=unit_for_input(d.unit),
            note=d.note,
            expected_version=d.expected_version,
        ),
        "Uphold or reject an objection (dispatcher; supervisor on a second dispute)",
    ),
    "contact": (
        s.ContactIn,
        lambda a, c, d: services.concern_contact(
            actor=a, concern=c, note=d.note, expected_version=d.expected_version
        ),
        "Record first contact with the resident (lead unit)",
    ),
    "request_extension": (
        s.ExtensionRequestIn,
        lambda a, c, d: services.concern_extension_request(
            actor=a,
            concern=c,
            reason=d.reason,
            new_due=d.new_due,
            expected_version=d.expected_version,
        ),
        "Ask for a later deadline (lead unit)",
    ),
    "decide_extension": (
        s.DecideIn,
        lambda a, c, d: services.concern_extension_decide(
            actor=a, concern=c, approve=d.approve, note=d.note, expected_version=d.expected_version
        ),
        "Approve or refuse an extension (dispatcher or supervisor)",
    ),
    "reply": (
        s.ReplyIn,
        lambda a, c, d: services.concern_reply(
            actor=a,
            concern=c,
            text=d.text,
            resolved=d.resolved,
            expected_version=d.expected_version,
        ),
        "Reply to the resident (lead unit); evidence files go through the desk",
    ),
    "request_stop": (
        s.StopRequestIn,
        lambda a, c, d: services.concern_stop_request(
            actor=a, concern=c, reason=d.reason, expected_version=d.expected_version
        ),
        "Ask to stop handling (lead unit)",
    ),
    "decide_stop": (
        s.DecideStopIn,
        lambda a, c, d: services.concern_stop_decide(
            actor=a, concern=c, approve=d.approve, note=d.note, expected_version=d.expected_version
        ),
        "Approve or refuse stopping (supervisor)",
    ),
    "callback": (
        s.CallbackIn,
        lambda a, c, d: services.concern_callback(
            actor=a,
            concern=c,
            contacted=d.contacted,
            resolved=d.resolved,
            satisfaction=d.satisfaction,
            comment=d.comment,
            by_staff=True,
            expected_version=d.expected_version,
        ),
        "Record the resident's callback answers given by phone (dispatcher or supervisor)",
    ),
    "reopen": (
        s.ReopenIn,
        lambda a, c, d: services.concern_reopen(
            actor=a, concern=c, reason=d.reason, expected_version=d.expected_version
        ),
        "Reopen a closed concern (supervisor)",
    ),
    "assist_report": (
        s.AssistReportIn,
        lambda a, c, d: services.concern_assist_report(actor=a, concern=c, report=d.report),
        "Report to the lead unit (assisting unit)",
    ),
    "merge": (
        s.MergeIn,
        lambda a, c, d: services.concern_merge(
            actor=a, concern=c, parent=_parent(a, d.parent), expected_version=d.expected_version
        ),
        "Merge into another concern (dispatcher)",
    ),
}


def _register(action: str, schema: type[_Schema], run: Runner, summary: str) -> None:
    def endpoint(request: HttpRequest, code: s.Code, payload: schema) -> dict:  # type: ignore[valid-type]
        actor = actor_for_user(request.user)
        concern = concern_get_for_actor(actor, code.upper())
        run(actor, concern, payload)
        return present.detail(actor, concern_get_for_actor(actor, code.upper()))

    endpoint.__name__ = f"concern_{action}"
    router.post(
        f"/concerns/{{code}}/{action}",
        tags=TAGS,
        response={200: s.ConcernDetailOut, **ERRORS},
        summary=summary,
        operation_id=f"concern_{action}",
        url_name=f"concern_{action}",
    )(endpoint)


for _action, (_schema, _run, _summary) in ACTIONS.items():
    _register(_action, _schema, _run, _summary)
