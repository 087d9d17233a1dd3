"""Every Open311 write: a POSTed service request becomes a concern (through concern_submit), with
its answers, the client's metadata and — for batch services — a token, in one transaction.
Anything invalid raises InvalidInput before the first row is written, so nothing partial is saved.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lastmile.api.models import ApiToken
from lastmile.concerns.choices import Channel, Kind
from lastmile.concerns.models import Concern
from lastmile.concerns.services import concern_submit
from lastmile.core.errors import InvalidInput
from lastmile.open311.choices import Datatype
from lastmile.open311.models import (
    RequestAttributeValue,
    RequestMeta,
    RequestToken,
    ServiceAttribute,
)
from lastmile.open311.selectors import ServiceInfo, service_attributes
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor

DESCRIPTION_MAX = 4000  # the specification's limit
STRING_MAX = 500
TEXT_MAX = 4000
KIND = Kind.HELP  # an Open311 report asks the platform to fix something


@dataclass
class RequestInput:
    """A POST service request as the client sent it (strings, already decoded)."""

    description: str = ""
    lat: float | None = None
    long: float | None = None
    address_string: str = ""
    address_id: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    device_id: str = ""
    account_id: str = ""
    media_url: str = ""


@dataclass(frozen=True)
class Submission:
    concern: Concern
    token: str  # empty for realtime services
    created: bool


def _bad(message: str, field_name: str) -> InvalidInput:
    return InvalidInput(message, field=field_name)


def _answer(attr: ServiceAttribute, raw: list[str]) -> list[str]:
    """The stored values of one answer, or InvalidInput naming attribute[CODE]."""
    name = f"attribute[{attr.code}]"
    values = [v.strip() for v in raw if v.strip()]
    if not values:
        if attr.required:
            raise _bad(_("%(name)s is required.") % {"name": name}, name)
        return []
    if attr.datatype != Datatype.MULTIVALUELIST and len(values) > 1:
        raise _bad(_("%(name)s takes one value.") % {"name": name}, name)
    if attr.datatype in (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST):
        keys = attr.keys()
        unknown = [v for v in values if v not in keys]
        if unknown:
            raise _bad(
                _("%(name)s: %(value)s is not one of the choices.")
                % {"name": name, "value": unknown[0]},
                name,
            )
        return list(dict.fromkeys(values))
    value = values[0]
    if attr.datatype == Datatype.NUMBER:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise _bad(_("%(name)s must be a number.") % {"name": name}, name)
    elif attr.datatype == Datatype.DATETIME:
        moment = _datetime(value)
        if moment is None:
            raise _bad(
                _("%(name)s must be a date and time, e.g. 2026-05-01T09:30:00+08:00.")
                % {"name": name},
                name,
            )
        value = moment.isoformat()
    limit = TEXT_MAX if attr.datatype == Datatype.TEXT else STRING_MAX
    if len(value) > limit:
        raise _bad(
            _("%(name)s is too long (at most %(n)d characters).") % {"name": name, "n": limit}, name
        )
    return [value]


def _datetime(value: str) -> datetime | None:
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def clean_answers(
    attributes: list[ServiceAttribute], given: dict[str, list[str]]
) -> list[tuple[ServiceAttribute, list[str]]]:
    """Check every answer against its question. Unknown codes are ignored (the specification
    does not forbid extra attributes, and clients send the whole form)."""
    return [(a, _answer(a, given.get(a.code, []))) for a in attributes if a.variable]


def _area(address_id: str) -> Area | None:
    if not address_id:
        return None
    area = Area.objects.filter(code=address_id.strip()).first()
    if area is None:
        raise _bad(
            _("address_id %(id)s is not a known area code.") % {"id": address_id[:32]}, "address_id"
        )
    return area


def _contact(data: RequestInput) -> None:
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError as exc:
            raise _bad(_("Enter a valid email address."), "email") from exc
    if data.media_url:
        try:
            URLValidator(schemes=["http", "https"])(data.media_url)
        except ValidationError as exc:
            raise _bad(_("media_url must be an http or https address."), "media_url") from exc
        if len(data.media_url) > 500:
            raise _bad(_("media_url is too long."), "media_url")


def _resident_name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    if any(ch.isascii() and ch.isalpha() for ch in first + last):
        return " ".join(p for p in (first, last) if p)
    return last + first  # Chinese order: family name first


def _text(
    data: RequestInput, service: ServiceInfo, answers: list[tuple[ServiceAttribute, list[str]]]
) -> str:
    text = data.description.strip()
    if len(text) > DESCRIPTION_MAX:
        raise _bad(_("description is limited to 4000 characters."), "description")
    if text:
        return text
    lines = [service.category.name] + [f"{a.description}：{'、'.join(v)}" for a, v in answers if v]
    return "\n".join(lines)


def _location_given(data: RequestInput) -> None:
    has_point = data.lat is not None or data.long is not None
    if not (has_point or data.address_string.strip() or data.address_id.strip()):
        raise _bad(_("A location is required: lat and long, address_string or address_id."), "lat")
    if (data.lat is None) != (data.long is None):
        raise _bad(_("A location needs both lat and long."), "lat")


def request_create(
    *, actor: Actor, client: ApiToken | None, service: ServiceInfo, data: RequestInput
) -> Submission:
    """POST Service Request. A repeat of the same submission within the duplicate window
    returns the first request (and, for batch services, its token)."""
    _location_given(data)
    _contact(data)
    answers = clean_answers(service_attributes(service.category), data.attributes)
    area = _area(data.address_id)
    text = _text(data, service, answers)
    with transaction.atomic():
        result = concern_submit(
            actor=actor,
            channel=Channel.OPEN311,
            kind=KIND,
            text=text,
            category=service.category,
            area=area,
            address=data.address_string,
            lat=data.lat,
            lng=data.long,
            resident_name=_resident_name(data.first_name, data.last_name)[:64],
            resident_phone=data.phone,
            fingerprint=f"open311:{client.pk if client else ''}:{data.device_id[:128]}",
        )
        concern = result.concern
        if result.created:
            _store(concern, client, data, answers)
        token = _token(concern) if service.is_batch else ""
    return Submission(concern=concern, token=token, created=result.created)


def _store(
    concern: Concern,
    client: ApiToken | None,
    data: RequestInput,
    answers: list[tuple[ServiceAttribute, list[str]]],
) -> None:
    RequestAttributeValue.objects.bulk_create(
        RequestAttributeValue(concern=concern, code=a.code, value=v)
        for a, vs in answers
        for v in vs
    )
    RequestMeta.objects.create(
        concern=concern,
        client=client,
        email=data.email.strip()[:254],
        device_id=data.device_id.strip()[:128],
        account_id=data.account_id.strip()[:128],
        media_url=data.media_url.strip(),
        created_at=timezone.now(),
    )


def _token(concern: Concern) -> str:
    existing = RequestToken.objects.filter(concern=concern).first()
    if existing:
        return existing.token
    return RequestToken.objects.create(
        token=secrets.token_urlsafe(18), concern=concern, created_at=timezone.now()
    ).token
