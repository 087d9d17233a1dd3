"""The village agent (代办员): appointment, and the request's life — register, forward to the
town service centre, accept, reply, hand back to the resident (closed), or withdraw."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit, workcal
from lastmile.core.errors import InvalidInput, NotFound
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor, area_ancestors
from lastmile.stations import notices, permissions
from lastmile.stations.choices import StationKind
from lastmile.stations.models import AgentAssignment, AgentRequest, ServiceGuide, Station
from lastmile.stations.services import transition

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def _conf(key: str) -> int:
    return int(settings.LASTMILE_STATIONS[key])


def forward_due_for(start: datetime) -> datetime:
    """Forward within ``AGENT_FORWARD_WORKING_DAYS`` working days, and never later than
    ``AGENT_FORWARD_MAX_DAYS`` calendar days: the earlier of the two."""
    by_work = workcal.add_working_days(start, _conf("AGENT_FORWARD_WORKING_DAYS"))
    cap = start + timedelta(days=_conf("AGENT_FORWARD_MAX_DAYS"))
    return min(by_work, cap)


def clean_phone(value: str) -> str:
    raw = (value or "").strip()
    compact = re.sub(r"[\s-]", "", raw)
    if _MOBILE.match(compact):
        return compact
    if _LANDLINE.match(raw.replace(" ", "")):
        return raw.replace(" ", "")
    if not raw:
        raise InvalidInput(
            _("Give the resident's phone so the centre can reach them."), field="resident_phone"
        )
    raise InvalidInput(
        _("Enter an 11-digit mobile number or a landline with its area code."),
        field="resident_phone",
    )


def _text(value: str, field: str, message: str, limit: int = 2000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value[:limit]


def centre_for(area: Area) -> Station | None:
    """The service centre of the street (town) above the area."""
    ids = [a.pk for a in area_ancestors(area) if a.level == AreaLevel.STREET]
    return (
        Station.objects.filter(kind=StationKind.CENTRE, area_id__in=ids, is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def agent_assign(
    *, actor: Actor, person: Person, area: Area, centre: Station | None = None
) -> AgentAssignment:
    """Appoint ``person`` as the agent of a village (or community), forwarding to ``centre``
    (by default the service centre of its street)."""
    if area.level != AreaLevel.COMMUNITY:
        raise InvalidInput(_("An agent serves a village or community."), field="area")
    permissions.require_assign_agents(actor, area)
    centre = centre or centre_for(area)
    if centre is None or centre.kind != StationKind.CENTRE:
        raise InvalidInput(
            _("There is no service centre above this village to forward requests to."),
            field="centre",
        )
    existing = AgentAssignment.objects.filter(person=person, area=area, is_active=True).first()
    if existing is not None:
        raise InvalidInput(_("This person is already the village's agent."), field="person")
    assignment = AgentAssignment.objects.create(
        person=person,
        area=area,
        centre=centre,
        since=timezone.localdate(),
        created_at=timezone.now(),
    )
    audit.record(
        verb="stations.agent.assigned",
        obj_type="agent_assignment",
        obj_id=assignment.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"person": person.pk, "area": area.pk, "centre": centre.pk},
    )
    return assignment


@transaction.atomic
def agent_unassign(*, actor: Actor, assignment: AgentAssignment) -> AgentAssignment:
    permissions.require_assign_agents(actor, assignment.area)
    AgentAssignment.objects.filter(pk=assignment.pk).update(is_active=False)
    assignment.is_active = False
    audit.record(
        verb="stations.agent.unassigned",
        obj_type="agent_assignment",
        obj_id=assignment.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"person": assignment.person_id, "area": assignment.area_id},
    )
    return assignment


@transaction.atomic
def request_register(
    *,
    actor: Actor,
    area: Area,
    service: ServiceGuide,
    resident_name: str,
    resident_phone: str,
    notes: str = "",
    materials: str = "",
) -> AgentRequest:
    """The agent registers a resident's request; it must reach the centre by ``forward_due``."""
    assignment = (
        AgentAssignment.objects.select_related("centre")
        .filter(person=actor.person, area=area, is_active=True)
        .first()
        if actor.person
        else None
    )
    if assignment is None or actor.person is None:
        # Outside the agent's village: as if it did not exist.
        raise NotFound(_("You are not the agent of this village."), field="area")
    if not service.is_active:
        raise InvalidInput(_("Choose a service from the list."), field="service")
    name = _text(resident_name, "resident_name", _("Write the resident's name."), 64)
    phone = clean_phone(resident_phone)
    now = timezone.now()
    request = AgentRequest.objects.create(
        agent=actor.person,
        area=area,
        centre=assignment.centre,
        service=service,
        resident_name=name,
        resident_phone=phone,
        notes=(notes or "").strip()[:2000],
        materials=(materials or "").strip()[:2000],
        registered_at=now,
        forward_due=forward_due_for(now),
        created_at=now,
        updated_at=now,
    )
    transition.record(
        actor=actor,
        request=request,
        verb="registered",
        data={
            "service": service.code,
            "area": area.pk,
            "centre": assignment.centre_id,
            "forward_due": request.forward_due,
        },
    )
    return request


@transaction.atomic
def request_forward(
    *, actor: Actor, request: AgentRequest, note: str = "", expected_version: int | None = None
) -> AgentRequest:
    """报送: the agent passes the request to the centre. After ``forward_due`` it is still
    allowed, and marked late."""
    request = transition.lock(request, expected_version)
    permissions.require_agent(actor, request)
    now = timezone.now()
    late = now > request.forward_due
    request = transition.apply(
        actor=actor,
        request=request,
        action="forward",
        fields={
            "forwarded_at": now,
            "forwarded_late": late,
            "forward_note": (note or "").strip()[:2000],
        },
        data={"late": late},
    )
    notices.tell_centre(request, "agent_request_forwarded")
    return request


@transaction.atomic
def request_accept(
    *, actor: Actor, request: AgentRequest, expected_version: int | None = None
) -> AgentRequest:
    """受理: the centre takes the request on."""
    request = transition.lock(request, expected_version)
    permissions.require_centre_staff(actor, request)
    return transition.apply(
        actor=actor,
        request=request,
        action="accept",
        fields={"accepted_at": timezone.now(), "accepted_by": actor.person},
    )


@transaction.atomic
def request_reply(
    *,
    actor: Actor,
    request: AgentRequest,
    reply: str,
    documents_ready: bool = False,
    expected_version: int | None = None,
) -> AgentRequest:
    """答复: the centre's result (approved, documents ready for pickup, what is missing…)."""
    request = transition.lock(request, expected_version)
    permissions.require_centre_staff(actor, request)
    transition.check("reply", request)
    text = _text(reply, "reply", _("Write the result for the resident."))
    request = transition.apply(
        actor=actor,
        request=request,
        action="reply",
        fields={"replied_at": timezone.now(), "reply": text, "documents_ready": documents_ready},
        data={"documents_ready": documents_ready},
    )
    notices.tell_agent(request, "agent_request_replied")
    return request


@transaction.atomic
def request_hand_back(
    *, actor: Actor, request: AgentRequest, note: str = "", expected_version: int | None = None
) -> AgentRequest:
    """送达: the agent hands the result (and documents) back to the resident; closed."""
    request = transition.lock(request, expected_version)
    permissions.require_agent(actor, request)
    return transition.apply(
        actor=actor,
        request=request,
        action="hand_back",
        fields={"closed_at": timezone.now(), "handback_note": (note or "").strip()[:2000]},
    )


@transaction.atomic
def request_cancel(
    *, actor: Actor, request: AgentRequest, reason: str, expected_version: int | None = None
) -> AgentRequest:
    """The resident withdrew the request (before the centre accepted it)."""
    request = transition.lock(request, expected_version)
    permissions.require_agent(actor, request)
    transition.check("cancel", request)
    text = _text(reason, "reason", _("Say why the request is withdrawn."))
    return transition.apply(
        actor=actor,
        request=request,
        action="cancel",
        fields={"cancel_reason": text, "closed_at": timezone.now()},
    )
