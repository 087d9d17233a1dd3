"""WeChat XML: anything that is not a readable message is BadMessage (400); DTDs and entities
are refused before any parser expands them; a reply carries any text back exactly."""

from __future__ import annotations

import contextlib

import pytest
from defusedxml import ElementTree as SafeET
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lastmile.wechat import protocol

from .nasty import nasty_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_any_body_is_read_or_refused_as_bad_message(raw):
    with contextlib.suppress(protocol.BadMessage):
        protocol.xml_fields(raw)
    with contextlib.suppress(protocol.BadMessage):
        protocol.to_inbound(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


xml_safe = nasty_text.map(
    lambda s: "".join(c for c in s if c in "\t\n" or (c.isprintable() and c != "\r"))
)


@FAST
@given(
    content=xml_safe,
    openid=st.from_regex(r"\Ao[A-Za-z0-9_-]{5,27}\Z"),
    msg_type=st.sampled_from(["text", "image", "location", "event", "voice", "weird"]),
    extra=st.dictionaries(st.from_regex(r"\A[A-Z][A-Za-z]{0,10}\Z"), xml_safe, max_size=3),
)
def test_generated_messages_are_read_with_their_fields(content, openid, msg_type, extra):
    fields = {
        "ToUserName": "gh_lastmile",
        "FromUserName": openid,
        "CreateTime": "1767225600",
        "MsgType": msg_type,
        "Content": content,
        "MsgId": "1234567890",
        **{k: v for k, v in extra.items() if k not in ("MsgType", "FromUserName")},
    }
    xml = "<xml>" + "".join(f"<{k}>{_cdata(v)}</{k}>" for k, v in fields.items()) + "</xml>"
    try:
        inbound = protocol.to_inbound(xml)
    except protocol.BadMessage:
        return
    assert inbound.openid == openid
    assert inbound.msg_type == msg_type
    if msg_type == "text":
        assert inbound.content.strip() == fields["Content"].strip()


@FAST
@given(text=xml_safe.filter(bool))
def test_a_reply_carries_any_text_back_exactly(text):
    inbound = protocol.Inbound(key="1", openid="oABC123", account="gh_x", msg_type="text")
    xml = protocol.render_reply(text, inbound)
    root = SafeET.fromstring(xml)
    assert root.findtext("Content") == text
    assert root.findtext("ToUserName") == "oABC123"


XXE = [
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<xml><ToUserName>a</ToUserName><FromUserName>o1</FromUserName><MsgType>text</MsgType>"
    "<Content>&x;</Content></xml>",
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
    '&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><FromUserName>o1'
    "</FromUserName><MsgType>text</MsgType><Content>&c;</Content></xml>",
    '<!DOCTYPE xml SYSTEM "http://127.0.0.1:1/x.dtd"><xml><MsgType>text</MsgType></xml>',
]


@pytest.mark.parametrize("xml", XXE, ids=["xxe", "billion-laughs", "external-dtd"])
def test_entities_and_dtds_are_refused(xml):
    with pytest.raises(protocol.BadMessage):
        protocol.xml_fields(xml)
    with pytest.raises(protocol.BadMessage):
        protocol.to_inbound(xml)
