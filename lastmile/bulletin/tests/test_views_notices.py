"""Notice pages: the public list and detail (audiences, schedule, expiry, injection), files,
and the desk (reach, writing, publishing, errors kept next to the field)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lastmile.bulletin.models import Notice
from lastmile.bulletin.services import notices
from lastmile.bulletin.tests.helpers import draft, login, published
from lastmile.orgs import services as org_services
from lastmile.orgs.testing import PASSWORD

pytestmark = pytest.mark.django_db

LIST = "/notices/"


def test_public_list_shows_only_live_public_notices(client, world, django_assert_max_num_queries):
    for i in range(5):
        published(world, title=f"公开通知{i}")
    published(world, title="居民专属", audience="residents")
    draft(world, title="还是草稿")
    gone = published(world, title="已撤回的")
    notices.notice_withdraw(actor=world.actor("c1_handler"), notice=gone)
    old = published(world, title="过期通知")
    Notice.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    notices.notice_publish(
        actor=world.actor("c1_handler"),
        notice=draft(world, title="明天发布"),
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("公开通知") == 5
    for hidden in ("居民专属", "还是草稿", "已撤回的", "过期通知", "明天发布"):
        assert hidden not in html
    assert "共 5 条" in html


def test_pinned_first_and_filters(client, world):
    published(world, title="普通通知")
    published(world, title="置顶通知", is_pinned=True)
    published(world, title="高龄津贴申领", kind="policy", body="80周岁以上老人可申领高龄津贴。")
    published(world, who="c2_handler", title="向阳社区停电", area=world.areas["c2"])
    html = client.get(LIST).content.decode()
    assert html.index("置顶通知") < html.index("普通通知")
    html = client.get(LIST, {"kind": "policy"}).content.decode()
    assert "高龄津贴申领" in html and "普通通知" not in html
    html = client.get(LIST, {"q": "津贴"}).content.decode()  # the body is searched too
    assert "高龄津贴申领" in html and "置顶通知" not in html
    html = client.get(LIST, {"area": world.areas["c2"].pk}).content.decode()
    assert "向阳社区停电" in html and "普通通知" not in html
    street = published(world, who="dispatcher", title="街道通知", area=world.areas["street"])
    assert street.title in client.get(LIST, {"area": world.areas["c2"].pk}).content.decode()
    html = client.get(LIST, {"q": "没有这个词"}).content.decode()
    assert "没有符合条件的通知" in html
    assert client.get(LIST, {"area": "abc", "kind": "nope"}).status_code == 200


def test_empty_list_says_something_useful(client, db):
    assert "停水停电等紧急事项" in client.get(LIST).content.decode()


def test_detail_404_for_scheduled_expired_withdrawn_and_drafts(client, world):
    live = published(world)
    assert client.get(live.get_absolute_url()).status_code == 200
    scheduled = notices.notice_publish(
        actor=world.actor("c1_handler"),
        notice=draft(world),
        publish_at=timezone.now() + dt.timedelta(hours=3),
    )
    expired = published(world)
    Notice.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    withdrawn = notices.notice_withdraw(actor=world.actor("c1_handler"), notice=published(world))
    for notice in (scheduled, expired, withdrawn, draft(world)):
        assert client.get(f"/notices/{notice.pk}/").status_code == 404
    assert client.get("/notices/999999/").status_code == 404


def test_audience_notices(client, world, village):
    residents = published(world, title="东风居民会议", audience="residents")
    party = published(
        world, who="v_secretary", title="桃园党员大会", audience="party_members", area=village.area
    )
    cadres = published(world, title="东风干部例会", audience="cadres")
    org_services.person_create(
        name="东风居民", home_area=world.areas["c1g2"], username="r1", password=PASSWORD
    )
    org_services.person_create(
        name="向阳居民", home_area=world.areas["c2g1"], username="r2", password=PASSWORD
    )
    for notice in (residents, party, cadres):  # the public
        assert client.get(notice.get_absolute_url()).status_code == 404
    assert client.login(username="r1", password=PASSWORD)
    html = client.get(LIST).content.decode()
    assert "东风居民会议" in html and "桃园党员大会" not in html and "东风干部例会" not in html
    assert client.get(residents.get_absolute_url()).status_code == 200
    assert client.get(cadres.get_absolute_url()).status_code == 404
    client.logout()
    assert client.login(username="r2", password=PASSWORD)  # another area
    assert client.get(residents.get_absolute_url()).status_code == 404
    assert "东风居民会议" not in client.get(LIST).content.decode()
    client.logout()
    login(client, world, "v_secretary")
    assert client.get(party.get_absolute_url()).status_code == 200
    assert client.get(cadres.get_absolute_url()).status_code == 404
    client.logout()
    login(client, world, "gridder")
    assert client.get(cadres.get_absolute_url()).status_code == 200
    client.logout()
    login(client, world, "c2_handler")
    assert client.get(cadres.get_absolute_url()).status_code == 404


def test_injection_is_not_rendered(client, world):
    notice = published(world, title="<script>alert('t')</script>通知", body="x")
    # Even HTML stored around the service (an old row, a raw import) is cleaned when rendered.
    Notice.objects.filter(pk=notice.pk).update(
        body="<p>正文<script>alert(1)</script><img src=x onerror=alert(2)>"
        '<a href="javascript:alert(3)">链接</a><style>p{}</style></p>'
    )
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;通知" in html
    for bad in ("onerror", "javascript:", "alert(1)", "<style>p"):
        assert bad not in html, bad
    assert "正文" in html


# Header, an object, a trailer and the end marker: passes the upload structure check.
MINI_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf():
    return SimpleUploadedFile("政策.pdf", MINI_PDF, content_type="application/pdf")


def test_attachment_is_served_through_a_checked_view(client, world):
    notice = published(world)
    item = notices.notice_attach(
        actor=world.actor("c1_handler"), notice=notice, name="政策.pdf", content=MINI_PDF
    )
    url = reverse("notices:attachment", args=[item.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert "/media/" not in client.get(notice.get_absolute_url()).content.decode()
    private = published(world, audience="cadres")
    hidden = notices.notice_attach(
        actor=world.actor("c1_handler"), notice=private, name="内部.pdf", content=MINI_PDF
    )
    assert client.get(reverse("notices:attachment", args=[hidden.pk])).status_code == 404
    login(client, world, "c1_handler")
    response = client.get(reverse("notices:attachment", args=[hidden.pk]))
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    # A draft's file is for the staff of its area only.
    drafted = draft(world)
    d_file = notices.notice_attach(
        actor=world.actor("c1_handler"), notice=drafted, name="草稿.pdf", content=MINI_PDF
    )
    client.logout()
    assert client.get(reverse("notices:attachment", args=[d_file.pk])).status_code == 404
    login(client, world, "c2_handler")
    assert client.get(reverse("notices:attachment", args=[d_file.pk])).status_code == 404


# --- desk ------------------------------------------------------------------------------------


def test_desk_needs_staff(client, world):
    assert client.get("/notices/desk/").status_code == 302  # to the login page
    login(client, world, "outsider")
    assert client.get("/notices/desk/").status_code == 403


def test_desk_scoped_404_outside(client, world, django_assert_max_num_queries):
    notice = draft(world)
    for i in range(4):
        draft(world, title=f"草稿{i}号")
    login(client, world, "c1_handler")
    with django_assert_max_num_queries(12):
        response = client.get("/notices/desk/")
    assert response.status_code == 200 and "草稿3号" in response.content.decode()
    assert client.get(f"/notices/desk/{notice.pk}/").status_code == 200
    client.logout()
    login(client, world, "c2_handler")
    assert "草稿3号" not in client.get("/notices/desk/").content.decode()
    assert client.get(f"/notices/desk/{notice.pk}/").status_code == 404
    assert client.post(f"/notices/desk/{notice.pk}/publish/", {"version": 1}).status_code == 404
    client.logout()
    login(client, world, "dispatcher")  # the street covers the community
    assert client.get(f"/notices/desk/{notice.pk}/").status_code == 200


def test_write_and_publish_through_the_desk(client, world):
    login(client, world, "c1_handler")
    response = client.post(
        "/notices/desk/new/",
        {
            "kind": "notice",
            "title": "停水通知",
            "body": "周六停水<script>alert(1)</script>",
            "audience": "public",
            "area": world.areas["c1"].pk,
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/notices/desk/{notice.pk}/"
    assert "<script" not in notice.body
    page = client.get(response["Location"]).content.decode()
    assert "草稿已保存" in page and "发布" in page
    response = client.post(
        f"/notices/desk/{notice.pk}/publish/", {"version": notice.version}, follow=True
    )
    assert "通知已发布。" in response.content.decode()
    assert "停水通知" in client.get(LIST).content.decode()


def test_desk_form_errors_keep_the_input(client, world):
    login(client, world, "c1_handler")
    response = client.post(
        "/notices/desk/new/",
        {
            "kind": "notice",
            "title": "疫苗接种安排",
            "body": "<script>only a script</script>",
            "audience": "public",
            "area": world.areas["c1"].pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写通知正文。" in html and "疫苗接种安排" in html
    # An area outside the reach is not even offered.
    response = client.post(
        "/notices/desk/new/",
        {
            "kind": "notice",
            "title": "越界",
            "body": "正文内容",
            "audience": "public",
            "area": world.areas["c2"].pk,
        },
    )
    assert response.status_code == 400 and not Notice.objects.exists()


def test_schedule_then_withdraw_with_messages(client, world):
    notice = draft(world)
    login(client, world, "c1_handler")
    later = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(
        f"/notices/desk/{notice.pk}/publish/",
        {"version": notice.version, "publish_at": later.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    html = response.content.decode()
    assert "通知已设为定时发布" in html and "定时发布" in html
    notice.refresh_from_db()
    assert notice.status == "published" and not notice.is_live()
    assert client.get(notice.get_absolute_url()).status_code == 404
    # A wrong move names the status; a stale version says someone else changed it.
    response = client.post(f"/notices/desk/{notice.pk}/republish/", {"version": notice.version})
    assert response.status_code == 409 and "已发布" in response.content.decode()
    response = client.post(f"/notices/desk/{notice.pk}/withdraw/", {"version": 1, "reason": "x"})
    assert response.status_code == 409 and "其他人刚刚修改了这条通知" in response.content.decode()
    response = client.post(
        f"/notices/desk/{notice.pk}/withdraw/",
        {"version": notice.version, "reason": "时间待定"},
        follow=True,
    )
    assert "通知已撤回。" in response.content.decode()
    past = (timezone.localtime() - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    notice.refresh_from_db()
    response = client.post(
        f"/notices/desk/{notice.pk}/republish/", {"version": notice.version, "publish_at": past}
    )
    assert response.status_code == 400 and "发布时间已过" in response.content.decode()


def test_edit_attach_and_remove_at_the_desk(client, world):
    notice = draft(world)
    login(client, world, "c1_handler")
    response = client.post(
        f"/notices/desk/{notice.pk}/",
        {
            "kind": "policy",
            "title": "高龄津贴申领",
            "body": "材料：身份证、户口本。",
            "audience": "public",
            "area": world.areas["c1"].pk,
            "version": notice.version,
            "is_pinned": "on",
        },
        follow=True,
    )
    assert "修改已保存。" in response.content.decode()
    notice.refresh_from_db()
    assert notice.kind == "policy" and notice.is_pinned
    response = client.post(
        f"/notices/desk/{notice.pk}/attach/", {"attachment": _pdf()}, follow=True
    )
    assert "附件已上传。" in response.content.decode()
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    response = client.post(f"/notices/desk/{notice.pk}/attach/", {"attachment": fake})
    assert response.status_code == 400 and "病毒.pdf" in response.content.decode()
    item = notice.attachments.get()
    response = client.post(f"/notices/desk/{notice.pk}/files/{item.pk}/delete/", follow=True)
    assert "附件已删除。" in response.content.decode()
    assert not notice.attachments.exists()


def test_home_panel_lists_latest_public_notices(client, world):
    for i in range(4):
        published(world, title=f"首页通知{i}", at=timezone.now() - dt.timedelta(hours=4 - i))
    published(world, title="干部专属", audience="cadres")
    html = client.get("/").content.decode()
    assert "首页通知3" in html and "首页通知1" in html and "首页通知0" not in html
    assert "干部专属" not in html
    assert 'href="/notices/"' in html and 'href="/messages/"' in html
