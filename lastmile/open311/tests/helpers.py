"""Helpers for the Open311 tests: read a response in either format into the same plain shape."""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from django.http import HttpResponse

from lastmile.open311.formats import ITEM_TAGS

BASE = "/open311/v2"
FORMATS = ("xml", "json")


def _from_xml(element: Element) -> Any:
    children = list(element)
    if element.tag in ITEM_TAGS:
        return [_from_xml(c) for c in children]
    if not children:
        return element.text if element.text not in (None, "") else None
    return {c.tag: _from_xml(c) for c in children}


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if value is None or value == "":
        return None
    return str(value)


def load(response: HttpResponse, fmt: str) -> Any:
    """The document as plain lists, dicts and strings (XML and JSON give the same result)."""
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return _as_text(json.loads(response.content))
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = SafeET.fromstring(response.content)
    return _from_xml(root)


def root_tag(response: HttpResponse) -> str:
    return str(SafeET.fromstring(response.content).tag)


def error_of(response: HttpResponse, fmt: str) -> dict[str, Any]:
    """The single error of an <errors> document (checked to be shaped as the spec says)."""
    if fmt == "xml":
        assert root_tag(response) == "errors"
    errors = load(response, fmt)
    assert isinstance(errors, list) and len(errors) == 1
    assert set(errors[0]) == {"code", "description"}
    assert errors[0]["code"] == str(response.status_code)
    return dict(errors[0])
