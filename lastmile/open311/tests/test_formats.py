from __future__ import annotations

from datetime import UTC, datetime

from defusedxml import ElementTree as SafeET

from lastmile.open311.formats import Open311Error, render_error, to_xml, w3c


def test_w3c_has_the_offset():
    assert w3c(datetime(2026, 5, 1, 1, 30, tzinfo=UTC)) == "2026-05-01T09:30:00+08:00"
    assert w3c(None) is None


def test_xml_lists_booleans_and_empty_values():
    body = to_xml("service_definition", {"a": True, "b": None, "values": [{"key": "1"}]})
    root = SafeET.fromstring(body)
    assert root.findtext("a") == "true" and root.findtext("b") == ""
    assert root.find("values/value/key").text == "1"  # type: ignore[union-attr]


def test_error_document_escapes_text():
    response = render_error("xml", Open311Error(400, "<bad> & worse"))
    assert b"<description>&lt;bad&gt; &amp; worse</description>" in response.content
    assert render_error("csv", Open311Error(404, "x"))["Content-Type"].startswith("text/xml")
