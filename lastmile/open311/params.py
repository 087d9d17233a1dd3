"""Parsing of Open311 parameters (query strings, form-encoded and XML bodies) into typed values.
Every problem is an Open311Error(400) naming the parameter; XML is parsed with defusedxml only."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from lastmile.open311.choices import CLOSED, OPEN, statuses_for
from lastmile.open311.formats import Open311Error
from lastmile.open311.services import RequestInput

MAX_SPAN = timedelta(days=90)
MIN_YEAR, MAX_YEAR = 1970, 2100
MAX_PAGE_SIZE = 1000
Form = Mapping[str, list[str]]
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,64})\](\[\])?$")
_SPACED_OFFSET = re.compile(r" (\d\d:?\d\d)$")  # a "+08:00" whose "+" became a space


def bad(message: str) -> Open311Error:
    return Open311Error(400, message)


def one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return (values[-1] or "").strip()


def parse_when(value: str, name: str, *, end_of_day: bool = False) -> datetime | None:
    """A W3C datetime (2010-01-01T00:00:00Z, …+08:00) or a date; naive means local time."""
    value = _SPACED_OFFSET.sub(r"+\1", value.strip())
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is not None:
                moment = datetime.combine(day, time.max if end_of_day else time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise bad(
            _("%(name)s must be a W3C date and time, e.g. 2026-05-01T00:00:00+08:00.")
            % {"name": name}
        )
    # Far dates overflow the 90-day window arithmetic and time zone conversions.
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise bad(
            _("%(name)s must be between the years %(first)d and %(last)d.")
            % {"name": name, "first": MIN_YEAR, "last": MAX_YEAR}
        )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@dataclass(frozen=True)
class Window:
    start: datetime | None
    end: datetime | None


def window(form: Form, *, now: datetime | None = None) -> Window:
    """start_date/end_date, defaulting to the most recent 90 days, never spanning more."""
    start = parse_when(one(form, "start_date"), "start_date")
    end = parse_when(one(form, "end_date"), "end_date", end_of_day=True)
    if start is None and end is None:
        return Window(start=(now or timezone.now()) - MAX_SPAN, end=None)
    if start is None:
        assert end is not None
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if start > end:
        raise bad(_("start_date must not be after end_date."))
    if end - start > MAX_SPAN:
        raise bad(_("start_date and end_date may not span more than 90 days."))
    return Window(start=start, end=end)


def csv_values(form: Form, name: str) -> list[str]:
    values: list[str] = []
    for raw in form.get(name) or []:
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    return values


def statuses(form: Form) -> frozenset[str] | None:
    wanted = {v.lower() for v in csv_values(form, "status")}
    if not wanted:
        return None
    if not wanted <= {OPEN, CLOSED}:
        raise bad(_("status must be open, closed, or both separated by a comma."))
    result: frozenset[str] = frozenset()
    for value in wanted:
        result |= statuses_for(value)
    return result


def _positive(form: Form, name: str, default: int, maximum: int | None = None) -> int:
    raw = one(form, name)
    if not raw:
        return default
    if not raw.isdecimal() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        limit = f" (1–{maximum})" if maximum else ""
        raise bad(
            _("%(name)s must be a positive whole number%(limit)s.") % {"name": name, "limit": limit}
        )
    return int(raw)


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def page(form: Form) -> Page:
    return Page(
        number=_positive(form, "page", 1),
        size=_positive(form, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE),
    )


def flag(form: Form, name: str) -> bool:
    return one(form, name).lower() in ("true", "1", "yes")


def _coordinate(form: Form, name: str, limit: float) -> float | None:
    raw = one(form, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise bad(
            _("%(name)s must be a number between -%(limit)d and %(limit)d.")
            % {"name": name, "limit": limit}
        )
    return value


def request_input(form: Form) -> RequestInput:
    attributes: dict[str, list[str]] = {}
    for key, values in form.items():
        match = _ATTRIBUTE.match(key)
        if match:
            attributes.setdefault(match.group(1), []).extend(values)
    return RequestInput(
        description=one(form, "description"),
        lat=_coordinate(form, "lat", 90),
        long=_coordinate(form, "long", 180),
        address_string=one(form, "address_string")[:200],
        address_id=one(form, "address_id")[:32],
        attributes=attributes,
        first_name=one(form, "first_name")[:32],
        last_name=one(form, "last_name")[:32],
        email=one(form, "email"),
        phone=one(form, "phone"),
        device_id=one(form, "device_id"),
        account_id=one(form, "account_id"),
        media_url=one(form, "media_url"),
    )


def xml_form(body: bytes) -> dict[str, list[str]]:
    """An XML body (a non-standard convenience) as form fields: each child element is a field;
    <attribute code="CODE">value</attribute> is attribute[CODE] (repeat it for a list).
    DTDs, entities and external references are refused (no XXE, no entity expansion)."""
    try:
        root = SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise bad(_("XML with a DTD or entities is not accepted.")) from exc
    except SafeET.ParseError as exc:
        raise bad(_("The XML body is not well-formed.")) from exc
    form: dict[str, list[str]] = {}
    for child in root:
        if child.tag == "attribute" and child.get("code"):
            form.setdefault(f"attribute[{child.get('code')}][]", []).append(child.text or "")
        elif len(child) == 0:
            form.setdefault(child.tag, []).append(child.text or "")
    return form
