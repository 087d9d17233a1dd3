"""Message-board services: posting (private contact, automatic holds, throttling, honeypot),
moderation with history, replies and the one-step concern."""

from __future__ import annotations

import pytest
from django.test import override_settings

from lastmile.bulletin.choices import POST_TRANSITIONS, Visibility
from lastmile.bulletin.models import BlockedWord, BoardPost, ModerationRecord
from lastmile.bulletin.services import board, moderation
from lastmile.bulletin.services.board import Throttled, parse_rate
from lastmile.bulletin.tests.helpers import post_input, submit
from lastmile.concerns.models import Concern
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from lastmile.core.models import AuditEvent
from lastmile.orgs.selectors import actor_for_user

pytestmark = pytest.mark.django_db


def test_anonymous_post_keeps_contact_private(world):
    post = submit(world, phone="138-1234-5678")
    assert post.visibility == Visibility.VISIBLE
    assert (post.name, post.phone, post.person) == ("张三丰", "13812345678", None)
    event = AuditEvent.objects.get(verb="bulletin.post.submit", object_id=str(post.pk))
    assert "13812345678" not in str(event.data) and "张三丰" not in str(event.data)
    assert event.actor_label == "anonymous"


def test_logged_in_people_post_as_themselves(world):
    post = submit(world, who="c1_handler", name="冒名", phone="13900000000")
    assert post.person == world.people["c1_handler"]
    assert post.name == "东风社工" and post.phone == ""


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"title": "a"}, "title"),
        ({"text": "太短"}, "text"),
        ({"text": "长" * 3001}, "text"),
        ({"kind": "rant"}, "kind"),
        ({"area": None}, "area"),
        ({"phone": "12345"}, "phone"),
        ({"name": "名" * 65}, "name"),
    ],
)
def test_invalid_post(world, over, field):
    with pytest.raises(InvalidInput) as exc:
        submit(world, **over)
    assert exc.value.field == field


def test_post_must_be_for_a_community(world):
    with pytest.raises(InvalidInput):
        submit(world, area=world.areas["c1g1"])


@pytest.mark.parametrize(
    "text",
    [
        "详情见 http://spam.example/xx 速来",
        "加我 www.spam-site.com 领取补贴",
        "访问 lottery.top 立即中奖",
    ],
)
def test_links_are_held_with_history(world, text):
    post = submit(world, text=text)
    assert post.visibility == Visibility.HELD
    record = ModerationRecord.objects.get(post=post)
    assert (record.from_status, record.to_status, record.by) == ("", "held", None)
    assert "链接" in record.reason


def test_blocked_words_are_held(world):
    BlockedWord.objects.create(word="代开发票")
    BlockedWord.objects.create(word="停用词", is_active=False)
    held = submit(world, text="专业代开发票，价格优惠，请联系")
    assert held.visibility == Visibility.HELD
    assert "屏蔽词" in ModerationRecord.objects.get(post=held).reason
    fine = submit(world, text="这个停用词已经停用了，不应拦截", ip="10.0.0.2", phone="")
    assert fine.visibility == Visibility.VISIBLE


def test_parse_rate():
    assert parse_rate("5/h") == (5, 3600)
    assert parse_rate("10/30m") == (10, 1800)
    assert parse_rate("20/d") == (20, 86400)
    with pytest.raises(ValueError):
        parse_rate("lots")


@override_settings(LASTMILE_BULLETIN={"MESSAGE_POST_RATE": "2/h"})
def test_throttled_per_ip(world):
    submit(world, ip="10.9.9.9", phone="")
    submit(world, ip="10.9.9.9", phone="", title="第二条留言")
    with pytest.raises(Throttled) as exc:
        submit(world, ip="10.9.9.9", phone="", title="第三条留言")
    assert exc.value.http_status == 429
    assert "稍候" in str(exc.value) or "频繁" in str(exc.value)
    assert BoardPost.objects.count() == 2
    submit(world, ip="10.9.9.10", phone="")  # another address may post


@override_settings(LASTMILE_BULLETIN={"MESSAGE_POST_RATE": "2/h"})
def test_throttled_per_phone_across_addresses(world):
    submit(world, ip="10.0.0.1")
    submit(world, ip="10.0.0.2")
    with pytest.raises(Throttled):
        submit(world, ip="10.0.0.3")
    submit(world, ip="10.0.0.4", phone="13900001111")


def test_refused_posts_do_not_count(world):
    with override_settings(LASTMILE_BULLETIN={"MESSAGE_POST_RATE": "1/h"}):
        with pytest.raises(InvalidInput):
            submit(world, text="短")
        submit(world)


def test_honeypot_refuses_bots(world):
    with pytest.raises(InvalidInput):
        board.post_submit(
            actor=actor_for_user(None),
            data=post_input(world),
            ip="10.0.0.1",
            honeypot="http://buy.example",
        )
    assert not BoardPost.objects.exists()


def test_moderation_history(world):
    post = submit(world)
    staff = world.actor("c1_handler")
    moderation.post_moderate(actor=staff, post=post, action="hold", reason="核实情况")
    moderation.post_moderate(actor=staff, post=post, action="hide", reason="含他人隐私")
    post = moderation.post_moderate(actor=staff, post=post, action="approve", reason="已删改")
    assert post.visibility == Visibility.VISIBLE
    history = list(post.moderation.values_list("from_status", "to_status", "reason", "by_label"))
    assert history == [
        ("visible", "held", "核实情况", "东风社工"),
        ("held", "hidden", "含他人隐私", "东风社工"),
        ("hidden", "visible", "已删改", "东风社工"),
    ]
    assert AuditEvent.objects.filter(object_type="board_post", verb="bulletin.post.hide").exists()


def test_moderation_needs_a_reason_and_the_area(world):
    post = submit(world)
    with pytest.raises(InvalidInput) as exc:
        moderation.post_moderate(
            actor=world.actor("c1_handler"), post=post, action="hide", reason=" "
        )
    assert exc.value.field == "reason"
    with pytest.raises(NotPermitted):
        moderation.post_moderate(
            actor=world.actor("c2_handler"), post=post, action="hide", reason="越权"
        )
    with pytest.raises(Conflict):
        moderation.post_moderate(
            actor=world.actor("c1_handler"),
            post=post,
            action="hide",
            reason="过期版本",
            expected_version=post.version + 3,
        )


@pytest.mark.parametrize("status", Visibility.values)
@pytest.mark.parametrize("action", sorted(POST_TRANSITIONS))
def test_moderation_table_exhaustive(world, status, action):
    post = submit(world)
    BoardPost.objects.filter(pk=post.pk).update(visibility=status)
    staff = world.actor("c1_handler")
    if status in POST_TRANSITIONS[action].sources:
        done = moderation.post_moderate(actor=staff, post=post, action=action, reason="理由")
        assert done.visibility == POST_TRANSITIONS[action].target
    else:
        with pytest.raises(TransitionNotAllowed):
            moderation.post_moderate(actor=staff, post=post, action=action, reason="理由")


def test_reply_by_area_staff_only(world):
    post = submit(world)
    reply = board.post_reply(
        actor=world.actor("gridder"), post=post, text="已联系物业，周五前修复。"
    )
    assert reply.unit == world.units["c1_org"]
    assert (
        board.post_reply(actor=world.actor("dispatcher"), post=post, text="街道已督办。").unit
        == world.units["street_gov"]
    )
    for outsider in ("c2_handler", "handler", "outsider"):
        with pytest.raises(NotPermitted):
            board.post_reply(actor=world.actor(outsider), post=post, text="不该能回复")
    with pytest.raises(InvalidInput):
        board.post_reply(actor=world.actor("c1_handler"), post=post, text=" ")


def test_no_reply_to_a_hidden_post(world):
    post = submit(world)
    moderation.post_moderate(
        actor=world.actor("c1_handler"), post=post, action="hide", reason="广告"
    )
    with pytest.raises(InvalidInput):
        board.post_reply(actor=world.actor("c1_handler"), post=post, text="回复")


def test_convert_once(world):
    post = submit(world)
    staff = world.actor("c1_handler")
    concern = board.post_convert(actor=staff, post=post)
    assert concern.channel == "board" and concern.kind == "consult"
    assert concern.idempotency_key == f"board-post-{post.pk}"
    assert (concern.resident_name, concern.resident_phone) == ("张三丰", "13812345678")
    assert concern.area == world.areas["c1"]
    again = board.post_convert(actor=staff, post=post)
    assert again == concern
    # Even if the link were lost, the idempotency key finds the same concern.
    BoardPost.objects.filter(pk=post.pk).update(concern=None)
    assert board.post_convert(actor=staff, post=post) == concern
    assert Concern.objects.count() == 1
    post.refresh_from_db()
    assert post.concern == concern


def test_convert_outside_the_area_is_refused(world):
    post = submit(world)
    with pytest.raises(NotPermitted):
        board.post_convert(actor=world.actor("c2_handler"), post=post)
    assert not Concern.objects.exists()


def test_suggestion_becomes_a_suggestion(world):
    post = submit(world, kind="suggestion", text="建议在小区门口增设快递柜，方便老人取件。")
    assert board.post_convert(actor=world.actor("c1_handler"), post=post).kind == "suggestion"
