from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lastmile.concerns.models import Concern
from lastmile.orgs.testing import World
from lastmile.wechat.models import WechatSession
from lastmile.wechat.protocol import Inbound
from lastmile.wechat.services import guess_kind, wechat_drafts_flush, wechat_receive

OPENID = "oTESTopenid0001"


def text(key: str, content: str) -> Inbound:
    return Inbound(key=key, openid=OPENID, account="gh", msg_type="text", content=content)


def test_stale_draft_is_flushed_without_a_place(world: World) -> None:
    wechat_receive(inbound=text("1", "小区里有人私拉电线给电动车充电"))
    WechatSession.objects.update(draft_at=timezone.now() - timedelta(hours=1))
    assert wechat_drafts_flush() == 1
    concern = Concern.objects.get()
    assert concern.resident_openid == OPENID and concern.lat is None
    assert wechat_drafts_flush() == 0


def test_new_text_after_a_stale_draft_submits_the_old_one_first(world: World) -> None:
    wechat_receive(inbound=text("1", "小区里有人私拉电线给电动车充电"))
    WechatSession.objects.update(draft_at=timezone.now() - timedelta(hours=1))
    reply = wechat_receive(inbound=text("2", "另外楼下的垃圾站很臭"))
    old = Concern.objects.get()
    assert old.code in reply
    assert WechatSession.objects.get().draft_text == "另外楼下的垃圾站很臭"


def test_kind_is_guessed_from_words() -> None:
    assert guess_kind("我要投诉噪音") == "complaint"
    assert guess_kind("请问社保卡在哪里办") == "consult"
    assert guess_kind("路灯坏了") == "help"
