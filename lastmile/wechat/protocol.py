"""The WeChat Official Account server protocol: signatures, safe-mode (AES) envelopes, XML
parsing without DTDs or entities, and passive replies. No database access here."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.replies import TextReply

from lastmile.core.crypto import blind_index


class Rejected(Exception):
    """The request is not from WeChat (bad signature, stale timestamp): 403."""


class BadMessage(Exception):
    """The body is not a WeChat message we can read: 400."""


@dataclass(frozen=True)
class Inbound:
    key: str  # MsgId, or "openid:CreateTime" for events
    openid: str  # FromUserName: the resident
    account: str  # ToUserName: our account, the reply's sender
    msg_type: str
    content: str = ""
    event: str = ""
    event_key: str = ""
    lat: str = ""
    lng: str = ""
    label: str = ""
    pic_url: str = ""


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def check_signature(token: str, signature: str, timestamp: str, nonce: str) -> None:
    """WeChat's ``signature``: sha1 of the sorted token, timestamp and nonce (constant-time)."""
    if not (signature and timestamp and nonce):
        raise Rejected("missing signature parameters")
    if not hmac.compare_digest(sign(token, timestamp, nonce), signature.lower()):
        raise Rejected("bad signature")


def check_fresh(timestamp: str, max_skew: int, now: float | None = None) -> None:
    try:
        stamp = int(timestamp)
    except ValueError:
        raise Rejected("bad timestamp") from None
    if max_skew and abs((now or time.time()) - stamp) > max_skew:
        raise Rejected("stale timestamp")


def xml_fields(raw: bytes | str) -> dict[str, str]:
    """Top-level fields of a WeChat XML document. DTDs, entities and external references are
    refused (defusedxml), so nothing is expanded or fetched."""
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError) as exc:
        raise BadMessage(f"unreadable XML: {type(exc).__name__}") from None
    if root.tag != "xml":
        raise BadMessage("not a WeChat message")
    return {child.tag: (child.text or "") for child in root}


def crypto_for(token: str, aes_key: str, appid: str) -> WeChatCrypto:
    try:
        return WeChatCrypto(token, aes_key, appid)
    except Exception as exc:  # a wrong-length EncodingAESKey is a configuration error
        raise BadMessage("WECHAT_AES_KEY must be the 43-character EncodingAESKey") from exc


def decrypt(crypto: WeChatCrypto, envelope: dict[str, str], q: dict[str, str]) -> str:
    """Check ``msg_signature`` over the Encrypt field and return the inner XML."""
    encrypted = envelope.get("Encrypt", "")
    expected = sign(crypto.token, q.get("timestamp", ""), q.get("nonce", ""), encrypted)
    if not encrypted or not hmac.compare_digest(expected, q.get("msg_signature", "").lower()):
        raise Rejected("bad msg_signature")
    try:
        return str(
            crypto.decrypt_message(
                {"Encrypt": encrypted}, q["msg_signature"], q["timestamp"], q["nonce"]
            )
        )
    except Exception as exc:  # bad padding, wrong AppID, garbage base64
        raise BadMessage(f"cannot decrypt: {type(exc).__name__}") from None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def to_inbound(xml: str) -> Inbound:
    fields = xml_fields(xml)  # refuses DTDs/entities before wechatpy's own parser sees it
    if not fields.get("MsgType") or not fields.get("FromUserName"):
        raise BadMessage("missing MsgType or FromUserName")
    try:
        msg = parse_message(xml)
    except Exception as exc:
        raise BadMessage(f"unparsable message: {type(exc).__name__}") from None
    openid = _text(fields.get("FromUserName"))[:64]
    # An event has no MsgId: its sender and time identify it (the OpenID as its keyed hash).
    sender = blind_index(openid, "exact")[:40]
    msg_id = fields.get("MsgId") or f"{sender}:{fields.get('CreateTime', '')}"
    return Inbound(
        key=msg_id[:96],
        openid=openid,
        account=_text(fields.get("ToUserName")),
        msg_type=_text(fields.get("MsgType")).lower(),
        content=_text(getattr(msg, "content", "") if msg.type == "text" else ""),
        event=_text(fields.get("Event")).lower(),
        event_key=_text(fields.get("EventKey")),
        lat=_text(fields.get("Location_X")),
        lng=_text(fields.get("Location_Y")),
        label=_text(fields.get("Label"))[:200],
        pic_url=_text(fields.get("PicUrl")),
    )


def _cdata(value: str) -> str:
    """wechatpy wraps fields in CDATA without escaping: split any "]]>" so it cannot end it."""
    return value.replace("]]>", "]]]]><![CDATA[>")


def render_reply(
    text: str,
    inbound: Inbound,
    *,
    crypto: WeChatCrypto | None = None,
    nonce: str = "",
    timestamp: str = "",
) -> str:
    """A passive text reply in the protocol's XML (encrypted in safe mode); "success" when there
    is nothing to say (WeChat then stops retrying)."""
    if not text:
        return "success"
    xml = TextReply(
        source=_cdata(inbound.account), target=_cdata(inbound.openid), content=_cdata(text)
    ).render()
    if crypto is None:
        return str(xml)
    return str(crypto.encrypt_message(xml, nonce, timestamp or None))
