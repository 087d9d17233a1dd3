"""Rendering of Open311 documents in the two formats the specification defines, and its errors.

XML is built with ElementTree (writing is safe); incoming XML is only ever parsed with defusedxml.
Every text response is UTF-8 and says so; XML starts with its declaration.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

XML = "xml"
JSON = "json"
FORMATS = (XML, JSON)
CONTENT_TYPES = {XML: "text/xml; charset=utf-8", JSON: "application/json; charset=utf-8"}
MEDIA_TYPES = ["text/xml", "application/json"]  # as listed in discovery

# The element name of one item inside a list element, as the specification names them.
ITEM_TAGS = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "notes": "note",
    "service_requests": "request",
    "services": "service",
    "errors": "error",
    "service_requests_updates": "request_update",
}


class Open311Error(Exception):
    """A failure the client must see as <errors><error><code/><description/></error></errors>."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def w3c(value: datetime | None) -> str | None:
    """ISO 8601 (W3C profile) with the offset, in the platform's time zone: …T08:15:30+08:00."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value) or ""
    return str(value)


def _fill(parent: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _fill(ET.SubElement(parent, key), inner)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        tag = ITEM_TAGS.get(parent.tag, "item")
        for inner in value:
            _fill(ET.SubElement(parent, tag), inner)
    else:
        parent.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    body: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return w3c(value)
    return str(value)


def render(fmt: str, root: str, value: Any, *, status: int = 200) -> HttpResponse:
    """``root`` names the XML document element; JSON is ``value`` itself (a list or object)."""
    if fmt == JSON:
        body = json.dumps(value, ensure_ascii=False, default=_json_default).encode()
    else:
        body = to_xml(root, value)
    return HttpResponse(
        body, status=status, content_type=CONTENT_TYPES.get(fmt, CONTENT_TYPES[XML])
    )


def render_error(fmt: str, error: Open311Error) -> HttpResponse:
    items = [{"code": error.status, "description": error.description}]
    return render(fmt if fmt in FORMATS else XML, "errors", items, status=error.status)
