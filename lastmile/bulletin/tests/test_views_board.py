"""Message-board pages: posting (throttle, honeypot, kept input), the public list and post
(masked, escaped, the concern code), and the desk (queue, reply, moderation, convert, 404)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from lastmile.bulletin.models import BoardPost, ModerationRecord
from lastmile.bulletin.services import board, moderation
from lastmile.bulletin.tests.helpers import login, submit
from lastmile.concerns.models import Concern
from lastmile.concerns.services.intake import pin_for

pytestmark = pytest.mark.django_db


def form(world, **over):
    data = {
        "kind": "question",
        "area": world.areas["c1"].pk,
        "title": "垃圾分类亭什么时候开放",
        "text": "小区新建的垃圾分类亭一直锁着，请问什么时候开放？我的电话13812345678。",
        "name": "李四光",
        "phone": "13812345678",
        "website": "",
    }
    data.update(over)
    return data


def test_post_form_and_public_page_hide_contact(client, world):
    response = client.post("/messages/new/", form(world), REMOTE_ADDR="10.1.1.1")
    post = BoardPost.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/messages/{post.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "垃圾分类亭什么时候开放" in html
    assert "李四光" not in html and "李**" in html
    assert "13812345678" not in html and "138****5678" in html  # masked inside the text too
    listing = client.get("/messages/").content.decode()
    assert "李四光" not in listing and "13812345678" not in listing


def test_logged_in_form_has_no_contact_fields(client, world):
    login(client, world, "c1_handler")
    page = client.get("/messages/new/").content.decode()
    assert 'name="phone"' not in page and "东风社工" in page
    client.post("/messages/new/", form(world, name="", phone=""))
    assert BoardPost.objects.get().person == world.people["c1_handler"]


def test_post_errors_keep_the_text(client, world):
    response = client.post("/messages/new/", form(world, phone="123", text="要保留的留言内容"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "请输入 11 位手机号" in html and "要保留的留言内容" in html


@override_settings(LASTMILE_BULLETIN={"MESSAGE_POST_RATE": "2/h"})
def test_throttled_with_a_clear_message_and_text_kept(client, world):
    for i in range(2):
        client.post(
            "/messages/new/", form(world, title=f"第{i}条", phone=""), REMOTE_ADDR="10.2.2.2"
        )
    response = client.post(
        "/messages/new/",
        form(world, title="第三条", text="第三条留言的内容要保留", phone=""),
        REMOTE_ADDR="10.2.2.2",
    )
    html = response.content.decode()
    assert response.status_code == 429
    assert "留言过于频繁，请稍候再试" in html and "第三条留言的内容要保留" in html
    assert BoardPost.objects.count() == 2


def test_honeypot(client, world):
    response = client.post("/messages/new/", form(world, website="http://seo.example"))
    assert response.status_code == 400 and "留言未能提交" in response.content.decode()
    assert not BoardPost.objects.exists()


def test_held_post_waits_for_review(client, world):
    response = client.post(
        "/messages/new/", form(world, text="优惠活动详见 http://promo.example 快来"), follow=True
    )
    assert "经工作人员审核后显示" in response.content.decode()
    post = BoardPost.objects.get()
    assert post.visibility == "held"
    assert client.get(f"/messages/{post.pk}/").status_code == 404
    assert "promo" not in client.get("/messages/").content.decode()


def test_script_in_a_post_is_escaped(client, world):
    post = submit(
        world,
        title="<script>alert(1)</script>标题",
        text='<img src=x onerror="alert(2)"> <style>body{}</style>内容',
    )
    board.post_reply(actor=world.actor("c1_handler"), post=post, text="<b onmouseover=x>答复</b>")
    html = client.get(f"/messages/{post.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<style>body" not in html
    assert "<b onmouseover" not in html
    login(client, world, "c1_handler")
    desk = client.get(f"/messages/desk/{post.pk}/").content.decode()
    assert "<script>alert(1)" not in desk and "<img src=x" not in desk


def test_public_list_queries_and_filters(client, world, django_assert_max_num_queries):
    for i in range(6):
        post = submit(world, title=f"留言{i}号", ip=f"10.3.0.{i}", phone="")
        if i % 2:
            board.post_reply(actor=world.actor("c1_handler"), post=post, text="已收到。")
    submit(world, title="向阳的留言", area=world.areas["c2"], ip="10.3.1.1", phone="")
    hidden = submit(world, title="被隐藏的", ip="10.3.1.2", phone="")
    moderation.post_moderate(
        actor=world.actor("c1_handler"), post=hidden, action="hide", reason="广告"
    )
    with django_assert_max_num_queries(6):
        response = client.get("/messages/")
    html = response.content.decode()
    assert response.status_code == 200 and "留言5号" in html and "被隐藏的" not in html
    assert "共 7 条留言" in html
    html = client.get("/messages/", {"answered": "yes"}).content.decode()
    assert "留言1号" in html and "留言2号" not in html
    html = client.get("/messages/", {"area": world.areas["c2"].pk}).content.decode()
    assert "向阳的留言" in html and "留言1号" not in html
    html = client.get("/messages/", {"q": "不存在的词"}).content.decode()
    assert "没有符合条件的留言" in html


def test_desk_queue_and_scope(client, world, django_assert_max_num_queries):
    mine = submit(world, title="东风的留言")
    submit(
        world, title="含链接的", text="看这里 www.spam.example.com 领奖", ip="10.4.0.2", phone=""
    )
    other = submit(world, title="向阳的留言", area=world.areas["c2"], ip="10.4.0.3", phone="")
    login(client, world, "c1_handler")
    with django_assert_max_num_queries(12):
        html = client.get("/messages/desk/").content.decode()
    assert "东风的留言" in html and "含链接的" in html and "向阳的留言" not in html
    assert client.get(f"/messages/desk/{mine.pk}/").status_code == 200
    assert client.get(f"/messages/desk/{other.pk}/").status_code == 404
    for action in ("reply", "moderate", "convert"):
        response = client.post(
            f"/messages/desk/{other.pk}/{action}/",
            {"text": "越权答复", "action": "hide", "reason": "x", "version": 1, "kind": "consult"},
        )
        assert response.status_code == 404
    client.logout()
    login(client, world, "handler")  # a district department is not staff of the community
    assert client.get(f"/messages/desk/{mine.pk}/").status_code == 404
    client.logout()
    login(client, world, "dispatcher")  # the street above both communities
    assert client.get(f"/messages/desk/{other.pk}/").status_code == 200


def test_desk_shows_contact_to_area_staff(client, world):
    post = submit(world)
    login(client, world, "gridder")
    html = client.get(f"/messages/desk/{post.pk}/").content.decode()
    assert "张三丰" in html and "13812345678" in html


def test_reply_moderate_convert_journey(client, world):
    post = submit(world)
    login(client, world, "c1_handler")
    url = f"/messages/desk/{post.pk}/"
    response = client.post(url + "reply/", {"text": "已安排物业检修，预计周五恢复。"}, follow=True)
    assert "答复已发布。" in response.content.decode()
    response = client.post(url + "reply/", {"text": ""})
    assert response.status_code == 400
    response = client.post(url + "moderate/", {"action": "hold", "reason": "", "version": 1})
    assert response.status_code == 400
    response = client.post(
        url + "moderate/", {"action": "hold", "reason": "核实中", "version": 1}, follow=True
    )
    assert "审核处理已记录。" in response.content.decode()
    assert "核实中" in response.content.decode()
    response = client.post(
        url + "moderate/", {"action": "approve", "reason": "已核实", "version": 1}
    )
    assert response.status_code == 409 and "其他人刚刚修改了这条留言" in response.content.decode()
    post.refresh_from_db()
    client.post(
        url + "moderate/", {"action": "approve", "reason": "已核实", "version": post.version}
    )
    response = client.post(url + "convert/", {"kind": "help"}, follow=True)
    concern = Concern.objects.get()
    assert f"留言已转为诉求 {concern.code}" in response.content.decode()
    assert concern.kind == "help"
    again = client.post(url + "convert/", {"kind": "help"}, follow=True)
    assert Concern.objects.count() == 1 and concern.code in again.content.decode()
    client.logout()
    public = client.get(f"/messages/{post.pk}/").content.decode()
    assert "已转为诉求" in public and concern.code in public
    assert f"/board/{concern.code}/" in public
    assert pin_for(concern.code) not in public
    assert "已安排物业检修" in public and "东风社区党委" in public
    assert list(ModerationRecord.objects.filter(post=post).values_list("to_status", flat=True)) == [
        "held",
        "visible",
    ]
