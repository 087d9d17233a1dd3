"""A WeChat client as the WeChat server would be: signs (and in safe mode encrypts) messages with
wechatpy and posts them to the endpoint."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

TOKEN = "lastmile-test-token"
APPID = "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters
ACCOUNT = "gh_lastmile"
URL = "/wechat/"

pytestmark = pytest.mark.urls("lastmile.wechat.tests.urls")


def signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def message_xml(openid: str, msg_type: str, msg_id: int | None, **fields: str) -> str:
    body = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    mid = f"<MsgId>{msg_id}</MsgId>" if msg_id is not None else ""
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[{msg_type}]]></MsgType>{body}{mid}</xml>"
    )


@dataclass
class WechatServer:
    client: Client
    safe: bool = False
    next_id: int = 6_000_000_000_000_000_000

    def params(self, **override: str) -> dict[str, str]:
        ts, nonce = str(int(time.time())), "n0nce123"
        q = {"timestamp": ts, "nonce": nonce, "signature": signature(TOKEN, ts, nonce)}
        q.update(override)
        return q

    def post_raw(self, body: bytes | str, **override: str) -> Any:
        q = self.params(**override)
        if self.safe and "encrypt_type" not in override:
            crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)
            envelope = crypto.encrypt_message(body, q["nonce"], q["timestamp"])
            fields = parse_message_envelope(envelope)
            q.update(encrypt_type="aes", msg_signature=fields["MsgSignature"])
            body = (
                f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
                f"<Encrypt><![CDATA[{fields['Encrypt']}]]></Encrypt></xml>"
            )
        return self.client.post(f"{URL}?{urlencode(q)}", data=body, content_type="text/xml")

    def send(self, openid: str, msg_type: str, msg_id: Any = -1, **fields: str) -> Any:
        if msg_id == -1:
            self.next_id += 1
            msg_id = self.next_id
        return self.post_raw(message_xml(openid, msg_type, msg_id, **fields))

    def text(self, openid: str, content: str, **kw: Any) -> str:
        return self.reply(self.send(openid, "text", Content=content, **kw))

    def reply(self, response: Any) -> str:
        """The text of a passive reply (decrypted in safe mode)."""
        assert response.status_code == 200, response.content
        raw = response.content.decode()
        if raw == "success":
            return ""
        if self.safe:
            crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)
            fields = parse_message_envelope(raw)
            raw = crypto.decrypt_message(
                raw, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]
            )
        msg = parse_message(raw)
        assert msg.type == "text"
        assert msg.source == ACCOUNT or msg.target  # reply goes from our account to the sender
        return str(msg.content)


def parse_message_envelope(xml: str) -> dict[str, str]:
    import xmltodict

    return dict(xmltodict.parse(xml)["xml"])


@pytest.fixture
def wechat_settings(settings: Any) -> Any:
    settings.LASTMILE_CHANNELS = {
        **settings.LASTMILE_CHANNELS,
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_APPID": APPID,
        "WECHAT_AES_KEY": AES_KEY,
        "MAX_BODY_BYTES": 64 * 1024,
    }
    return settings


@pytest.fixture
def wx(wechat_settings: Any, client: Client, db: Any) -> WechatServer:
    return WechatServer(client)


@pytest.fixture
def wx_safe(wechat_settings: Any, client: Client, db: Any) -> WechatServer:
    return WechatServer(client, safe=True)
