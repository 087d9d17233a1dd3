"""The endpoint, driven as the WeChat server would: signed plain and encrypted messages."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
from django.test import Client

from lastmile.concerns.models import Concern
from lastmile.orgs.testing import World
from lastmile.wechat.models import WechatMessage, WechatSession
from lastmile.wechat.tests.conftest import TOKEN, URL, WechatServer, message_xml, signature

pytestmark = pytest.mark.urls("lastmile.wechat.tests.urls")

OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"
OTHER = "o6_bmasdasdsad6_2sgVt7hMZOPfL"
IN_C1G1 = {"Location_X": "28.205", "Location_Y": "112.905", "Scale": "15", "Label": "东风路12号"}


def test_verification_get_echoes_echostr(wx: WechatServer) -> None:
    q = wx.params(echostr="4721508841516930461")
    response = wx.client.get(URL, q)
    assert response.status_code == 200
    assert response.content == b"4721508841516930461"


@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_signature_is_refused(wx: WechatServer, method: str) -> None:
    q = wx.params(signature="0" * 40, echostr="x")
    if method == "get":
        response = wx.client.get(URL, q)
    else:
        response = wx.client.post(
            f"{URL}?{urlencode(q)}",
            data=message_xml(OPENID, "text", 1, Content="路灯坏了好几天了"),
            content_type="text/xml",
        )
    assert response.status_code == 403
    assert not WechatMessage.objects.exists() and not Concern.objects.exists()


def test_missing_or_stale_timestamp_is_refused(wx: WechatServer) -> None:
    assert wx.client.get(URL, {"echostr": "x"}).status_code == 403
    old = str(int(time.time()) - 3600)
    q = {"timestamp": old, "nonce": "n", "signature": signature(TOKEN, old, "n"), "echostr": "x"}
    assert wx.client.get(URL, q).status_code == 403


def test_endpoint_is_absent_without_a_token(settings, client: Client, db) -> None:  # type: ignore[no-untyped-def]
    settings.LASTMILE_CHANNELS = {**settings.LASTMILE_CHANNELS, "WECHAT_TOKEN": ""}
    assert client.get(URL, {"echostr": "x"}).status_code == 404


def test_text_then_location_makes_a_placed_concern(world: World, wx: WechatServer) -> None:
    first = wx.text(OPENID, "小区门口的路灯坏了一个星期，晚上很黑")
    assert "提交" in first and not Concern.objects.exists()
    reply = wx.reply(wx.send(OPENID, "location", **IN_C1G1))
    concern = Concern.objects.get()
    assert concern.code in reply
    assert concern.channel == "wechat" and concern.resident_openid == OPENID
    assert concern.area == world.areas["c1g1"] and concern.address == "东风路12号"
    assert concern.lat == pytest.approx(28.205) and concern.lng == pytest.approx(112.905)
    assert not WechatSession.objects.get(openid=OPENID).draft_text


def test_location_then_text_makes_a_placed_concern(world: World, wx: WechatServer) -> None:
    assert not Concern.objects.exists() and wx.reply(wx.send(OPENID, "location", **IN_C1G1))
    reply = wx.text(OPENID, "楼道里堆满了杂物，存在消防隐患")
    concern = Concern.objects.get()
    assert concern.code in reply and concern.area == world.areas["c1g1"]


def test_submit_word_sends_without_location(world: World, wx: WechatServer) -> None:
    wx.text(OPENID, "建议在小区里多装几个健身器材")
    reply = wx.text(OPENID, "提交")
    concern = Concern.objects.get()
    assert concern.code in reply and concern.lat is None and concern.kind == "suggestion"


def test_safe_mode_roundtrip_is_encrypted(world: World, wx_safe: WechatServer) -> None:
    response = wx_safe.send(OPENID, "location", **IN_C1G1)
    assert b"<Encrypt>" in response.content and "东风" not in response.content.decode()
    reply = wx_safe.text(OPENID, "下水道堵塞，污水漫到路面上了")
    concern = Concern.objects.get()
    assert concern.code in reply and concern.resident_openid == OPENID


def test_safe_mode_bad_msg_signature_is_refused(wx_safe: WechatServer) -> None:
    body = message_xml(OPENID, "text", 9, Content="路灯坏了好几天了")
    q = wx_safe.params()
    response = wx_safe.client.post(
        f"{URL}?{urlencode({**q, 'encrypt_type': 'aes', 'msg_signature': '1' * 40})}",
        data=f"<xml><Encrypt><![CDATA[{'A' * 64}]]></Encrypt></xml>",
        content_type="text/xml",
    )
    assert response.status_code == 403
    assert body and not WechatMessage.objects.exists()


def test_retry_of_the_same_msgid_is_deduplicated(world: World, wx: WechatServer) -> None:
    wx.send(OPENID, "location", **IN_C1G1)
    first = wx.reply(wx.send(OPENID, "text", msg_id=42, Content="路边井盖丢失了，非常危险"))
    again = wx.reply(wx.send(OPENID, "text", msg_id=42, Content="路边井盖丢失了，非常危险"))
    assert first == again
    assert Concern.objects.count() == 1
    assert WechatMessage.objects.filter(msg_id="42").count() == 1


def test_query_answers_only_the_sender(world: World, wx: WechatServer) -> None:
    wx.send(OPENID, "location", **IN_C1G1)
    wx.text(OPENID, "垃圾桶满了好几天没人清理")
    code = Concern.objects.get().code
    mine = wx.text(OPENID, f"查询 {code}")
    assert code in mine and ("已受理" in mine or "Received" in mine)
    theirs = wx.text(OTHER, f"查询 {code}")
    assert code in theirs  # echoed back as "not found"…
    assert "已受理" not in theirs and "Received" not in theirs  # …without its status
    listing = wx.text(OPENID, "查询")
    assert code in listing


def test_image_is_kept_as_a_note_not_fetched(world: World, wx: WechatServer) -> None:
    wx.text(OPENID, "违章停车堵住了消防通道")
    pic = "http://mmbiz.qpic.cn/mmbiz_jpg/abc/0"
    assert wx.reply(wx.send(OPENID, "image", PicUrl=pic, MediaId="m1"))
    wx.send(OPENID, "location", **IN_C1G1)
    concern = Concern.objects.get()
    assert WechatMessage.objects.get(msg_type="image").concern == concern
    assert pic not in concern.text  # the photo link never reaches the public text


def test_unknown_type_gets_a_polite_reply(wx: WechatServer) -> None:
    reply = wx.reply(wx.send(OPENID, "voice", MediaId="m", Format="amr"))
    assert reply and not Concern.objects.exists()


def test_subscribe_event_gets_help(wx: WechatServer) -> None:
    reply = wx.reply(wx.send(OPENID, "event", msg_id=None, Event="subscribe"))
    assert "查询" in reply


def test_xml_entities_are_refused(wx: WechatServer) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<xml><ToUserName>x</ToUserName><FromUserName>{OPENID}</FromUserName>"
        "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&b;</Content>"
        "<MsgId>7</MsgId></xml>"
    )
    assert wx.post_raw(bomb).status_code == 400
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<xml><FromUserName>{OPENID}</FromUserName><MsgType>text</MsgType>"
        "<Content>&x;</Content><MsgId>8</MsgId></xml>"
    )
    assert wx.post_raw(xxe).status_code == 400
    assert not WechatMessage.objects.exists()


def test_oversize_body_is_413(wx: WechatServer) -> None:
    big = message_xml(OPENID, "text", 5, Content="很长" * 40_000)
    assert wx.post_raw(big).status_code == 413
    assert not WechatMessage.objects.exists()


def test_garbage_is_400(wx: WechatServer) -> None:
    assert wx.post_raw(b"not xml at all").status_code == 400
    assert wx.post_raw(b"<xml><Content>no type</Content></xml>").status_code == 400


def test_short_text_gets_the_rule_and_nothing_is_saved(world: World, wx: WechatServer) -> None:
    wx.send(OPENID, "location", **IN_C1G1)
    reply = wx.text(OPENID, "灯坏")
    assert reply and not Concern.objects.exists()
