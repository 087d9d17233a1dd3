"""Open311 documents built from our records: field names, order and shapes as GeoReport v2
defines them. Nothing here carries a resident's personal data: names and phone numbers are
masked in free text, the address is the community at most, coordinates are the community's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from lastmile.concerns import presenters as timeline_words
from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.selectors_public import public_area_name
from lastmile.core.masking import mask_text
from lastmile.core.models import AuditEvent
from lastmile.open311.choices import LIST_DATATYPES, public_status
from lastmile.open311.formats import w3c
from lastmile.open311.models import ServiceAttribute
from lastmile.open311.selectors import ServiceInfo, Update
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area

REPLY_NOTE_CHARS = 300
UrlFor = Callable[[int], str]  # attachment pk → absolute URL


def service(info: ServiceInfo) -> dict[str, Any]:
    names = [c.name for c in info.lineage]
    return {
        "service_code": info.code,
        "service_name": info.category.name,
        "description": " > ".join(names),
        "metadata": info.has_attributes,
        "type": "batch" if info.is_batch else "realtime",
        "keywords": ", ".join(dict.fromkeys(names)),
        "group": names[0],
    }


def attribute(item: ServiceAttribute) -> dict[str, Any]:
    body: dict[str, Any] = {
        "variable": item.variable,
        "code": item.code,
        "datatype": item.datatype,
        "required": item.required,
        "datatype_description": item.datatype_description or None,
        "order": item.order,
        "description": item.description,
    }
    if item.datatype in LIST_DATATYPES:
        body["values"] = [{"key": str(v["key"]), "name": str(v["name"])} for v in item.values]
    return body


def definition(info: ServiceInfo, attributes: list[ServiceAttribute]) -> dict[str, Any]:
    return {"service_code": info.code, "attributes": [attribute(a) for a in attributes]}


def _community(area: Area | None) -> Area | None:
    if area is not None and area.level == AreaLevel.GRID and area.parent is not None:
        return area.parent
    return area


def _masked(concern: Concern, text: str) -> str:
    return mask_text(text, names=(concern.resident_name,))


def status_notes(concern: Concern, events: list[AuditEvent]) -> str:
    """Our richer status in words: the status, the latest public step, and the reply."""
    items = timeline_words.describe(events, audience=timeline_words.PUBLIC)
    parts = [str(concern.get_status_display())]
    if items:
        latest = items[-1]
        parts.append(latest.text + (f"（{_masked(concern, latest.note)}）" if latest.note else ""))
    reply = concern.reply_text.strip()
    if reply and concern.status in (Status.REPLIED, Status.ANSWERED, Status.CLOSED):
        if len(reply) > REPLY_NOTE_CHARS:
            reply = reply[:REPLY_NOTE_CHARS] + "…"
        parts.append(_("Reply: %(reply)s") % {"reply": _masked(concern, reply)})
    return "；".join(p for p in parts if p)


def request(
    concern: Concern,
    *,
    events: list[AuditEvent],
    notice: str,
    url_for: UrlFor,
    extensions: bool = False,
) -> dict[str, Any]:
    community = _community(concern.area)
    diverted = concern.status == Status.DIVERTED
    evidence = getattr(concern, "public_evidence", [])
    body: dict[str, Any] = {
        "service_request_id": concern.code,
        "status": public_status(concern.status),
        "status_notes": status_notes(concern, events),
        "service_name": concern.category.name if concern.category else None,
        "service_code": concern.category.code if concern.category else None,
        "description": None if diverted else _masked(concern, concern.text),
        "agency_responsible": concern.lead_unit.name if concern.lead_unit else None,
        "service_notice": notice or None,
        "requested_datetime": w3c(concern.created_at),
        "updated_datetime": w3c(concern.updated_at),
        "expected_datetime": w3c(concern.resolve_due),
        "address": public_area_name(concern.area) or None,
        "address_id": community.code if community else None,
        "zipcode": None,
        "lat": community.centre_lat if community else None,
        "long": community.centre_lng if community else None,
        "media_url": url_for(evidence[0].pk) if evidence and not diverted else None,
    }
    if extensions:
        body["extended_attributes"] = {
            "status_detail": concern.status,
            "status_detail_name": str(concern.get_status_display()),
            "channel": concern.channel,
            "me_too_count": concern.me_too_count,
        }
        body["notes"] = notes(concern, events)
    return body


def _note_type(event: AuditEvent) -> str:
    if event.verb == "concern.received":
        return "opened"
    to = (event.data or {}).get("to")
    if to and public_status(to) == "closed":
        return "closed"
    return "activity"


def notes(concern: Concern, events: list[AuditEvent]) -> list[dict[str, Any]]:
    items = timeline_words.describe(events, audience=timeline_words.PUBLIC)
    return [
        {
            "datetime": w3c(item.at),
            "summary": item.text,
            "description": _masked(concern, item.note) or None,
            "type": _note_type(event),
        }
        for item, event in zip(items, events, strict=True)
    ]


def update(item: Update) -> dict[str, Any]:
    (words,) = timeline_words.describe([item.event], audience=timeline_words.PUBLIC)
    text = words.text + (f"（{_masked(item.concern, words.note)}）" if words.note else "")
    return {
        "update_id": str(item.event.seq),
        "service_request_id": item.concern.code,
        "status": public_status(item.status),
        "updated_datetime": w3c(item.event.occurred_at),
        "description": text,
        "media_url": None,
        "external_status_code": item.status,
    }
