"""The staff desk: inbox, queue, supervision, intake and the concern page with its actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind, Status
from lastmile.concerns.models import Concern
from lastmile.orgs.selectors import Actor
from lastmile.orgs.testing import World

ANON = Actor(user_id=None, label="anonymous")


def submit(world: World, text: str = "楼道灯坏了一个月没人修", **kw: Any) -> Concern:
    fields: dict[str, Any] = {"area": world.areas["c1g1"], "resident_phone": "13800138000", **kw}
    return services.concern_submit(
        actor=ANON, channel=Channel.WEB, kind=Kind.COMPLAINT, text=text, **fields
    ).concern


def dispatched(world: World, **kw: Any) -> Concern:
    return services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=submit(world, **kw), unit=world.units["housing"]
    )


def login(client, world: World, key: str) -> None:
    client.force_login(world.people[key].user)


def act(client, concern: Concern, action: str, **data: object):
    url = reverse("concerns:desk_action", args=[concern.code, action])
    return client.post(url, {"version": concern.version, **data})


def fresh(concern: Concern) -> Concern:
    return Concern.objects.get(pk=concern.pk)


# ---- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["desk", "desk_queue", "desk_supervise", "desk_new"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(f"concerns:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_renders(client, db):
    response = client.get("/accounts/login/?next=/desk/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_login_and_logout(client, world):
    response = client.post(
        "/accounts/login/",
        {"username": "t_handler", "password": "lastmile-test-pass", "next": "/desk/"},
    )
    assert response.status_code == 302 and response["Location"] == "/desk/"
    page = client.get("/desk/").content.decode()
    assert reverse("logout") in page
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/desk/").status_code == 302


def test_other_units_handler_gets_404(client, world):
    concern = dispatched(world)
    login(client, world, "handler2")
    assert client.get(reverse("concerns:desk_concern", args=[concern.code])).status_code == 404
    assert act(client, concern, "sign").status_code == 404
    assert fresh(concern).status == Status.DISPATCHED


def test_unknown_action_is_404_and_get_is_405(client, world):
    concern = dispatched(world)
    login(client, world, "handler")
    assert act(client, concern, "explode").status_code == 404
    assert act(client, concern, "expire_callback").status_code == 404
    url = reverse("concerns:desk_action", args=[concern.code, "sign"])
    assert client.get(url).status_code == 405


# ---- lists --------------------------------------------------------------------------------


def test_handler_inbox_lists_new_and_overdue(client, world, django_assert_max_num_queries):
    for i in range(6):
        dispatched(world, text=f"第{i}号楼道灯坏了很久", resident_phone=f"1380013800{i}")
    late = dispatched(world, text="水管漏水好几天了", resident_phone="13900139000")
    Concern.objects.filter(pk=late.pk).update(sign_due=timezone.now() - timedelta(hours=3))
    login(client, world, "handler")
    # session, user, person, memberships, then 5 counts + 5 lists: flat in the number of rows
    with django_assert_max_num_queries(15):
        response = client.get(reverse("concerns:desk"))
    page = response.content.decode()
    assert response.status_code == 200
    assert late.code in page and "水管漏水" in page
    assert 'class="desk-count count-overdue bad"' in page


def test_inbox_empty_states_and_role_links(client, world):
    login(client, world, "dispatcher")
    page = client.get(reverse("concerns:desk")).content.decode()
    assert reverse("concerns:desk_queue") in page
    assert reverse("concerns:desk_supervise") not in page
    login(client, world, "supervisor")
    page = client.get(reverse("concerns:desk")).content.decode()
    assert reverse("concerns:desk_supervise") in page
    login(client, world, "handler")
    page = client.get(reverse("concerns:desk")).content.decode()
    assert 'class="empty"' in page


def test_dispatcher_queue_with_suggestion(client, world, django_assert_max_num_queries):
    concerns = [submit(world, text=f"第{i}处路灯不亮很危险", resident_phone="") for i in range(8)]
    login(client, world, "dispatcher")
    # route suggestions are memoised per (category, area): flat in the number of rows
    with django_assert_max_num_queries(12):
        response = client.get(reverse("concerns:desk_queue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(c.code in page for c in concerns)
    assert world.units["street_gov"].name in page  # no rule: the area government coordinates


def test_queue_is_empty_for_a_handler(client, world):
    submit(world)
    login(client, world, "handler")
    response = client.get(reverse("concerns:desk_queue"))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_supervision_lists_overdue_and_unit_counts(client, world):
    concern = dispatched(world)
    Concern.objects.filter(pk=concern.pk).update(sign_due=timezone.now() - timedelta(days=1))
    login(client, world, "supervisor")
    page = client.get(reverse("concerns:desk_supervise")).content.decode()
    assert concern.code in page
    assert world.units["housing"].name in page


# ---- intake -------------------------------------------------------------------------------


def test_operator_intake_creates_and_redirects(client, world):
    login(client, world, "dispatcher")
    assert client.get(reverse("concerns:desk_new")).status_code == 200
    response = client.post(
        reverse("concerns:desk_new"),
        {
            "text": "来电反映小区门口垃圾堆放三天无人清运",
            "kind": Kind.COMPLAINT,
            "urgency": "normal",
            "area": world.areas["c1g1"].pk,
            "address": "幸福路1号",
            "resident_name": "张三",
            "resident_phone": "13812345678",
        },
    )
    concern = Concern.objects.get(address="幸福路1号")
    assert concern.channel == Channel.OPERATOR
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:desk_concern", args=[concern.code])


def test_operator_intake_bad_phone_keeps_input(client, world):
    login(client, world, "dispatcher")
    response = client.post(
        reverse("concerns:desk_new"),
        {
            "text": "来电反映噪音扰民严重",
            "kind": Kind.COMPLAINT,
            "urgency": "normal",
            "resident_phone": "12345",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "来电反映噪音扰民严重" in page
    assert not Concern.objects.exists()


def test_handler_may_not_take_calls(client, world):
    login(client, world, "handler")
    assert client.get(reverse("concerns:desk_new")).status_code == 403


# ---- the concern page and its actions ------------------------------------------------------


def test_concern_page_shows_only_allowed_actions(client, world):
    concern = dispatched(world, resident_name="李四")
    login(client, world, "handler")
    page = client.get(reverse("concerns:desk_concern", args=[concern.code])).content.decode()
    assert "13800138000" in page and "李四" in page  # staff in scope see the contact
    assert reverse("concerns:desk_action", args=[concern.code, "sign"]) in page
    assert reverse("concerns:desk_action", args=[concern.code, "object"]) in page
    assert reverse("concerns:desk_action", args=[concern.code, "dispatch"]) not in page
    assert reverse("concerns:desk_action", args=[concern.code, "reply"]) not in page


def test_full_desk_loop(client, world):
    concern = submit(world)
    login(client, world, "dispatcher")
    page = client.get(reverse("concerns:desk_concern", args=[concern.code])).content.decode()
    assert reverse("concerns:desk_action", args=[concern.code, "dispatch"]) in page
    response = act(
        client,
        concern,
        "dispatch",
        unit=world.units["housing"].pk,
        kind=Kind.COMPLAINT,
        urgency="normal",
    )
    assert response.status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.DISPATCHED and concern.lead_unit == world.units["housing"]

    login(client, world, "handler")
    assert act(client, concern, "sign").status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.SIGNED
    assert act(client, concern, "contact", note="电话联系了居民").status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.IN_PROGRESS
    response = act(client, concern, "reply", text="已更换楼道灯泡并检查了线路", resolved="yes")
    assert response.status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.REPLIED and concern.reply_resolved is True
    page = client.get(response["Location"]).content.decode()
    assert "已更换楼道灯泡" in page  # the reply and the timeline are on the page

    login(client, world, "dispatcher")
    response = act(
        client, concern, "callback", contacted="yes", resolved="yes", satisfaction="satisfied"
    )
    assert response.status_code == 302
    assert fresh(concern).status == Status.CLOSED


def test_forbidden_transition_names_the_state(client, world):
    concern = dispatched(world)
    login(client, world, "handler")
    act(client, concern, "sign")
    concern = fresh(concern)
    response = act(client, concern, "sign")
    assert response.status_code == 409
    assert concern.get_status_display() in response.content.decode()


def test_stale_version_is_a_conflict(client, world):
    concern = dispatched(world)
    stale = concern.version
    services.concern_sign(actor=world.actor("leader"), concern=concern)
    login(client, world, "handler")
    url = reverse("concerns:desk_action", args=[concern.code, "contact"])
    response = client.post(url, {"version": stale, "note": "电话联系了居民"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Reload" in page or "刷新" in page or "重新加载" in page
    assert "电话联系了居民" in page  # the input is kept
    assert fresh(concern).status == Status.SIGNED


def test_bad_input_keeps_the_values(client, world):
    concern = dispatched(world)
    login(client, world, "handler")
    response = act(client, concern, "object", reason="不归我管")  # too short
    page = response.content.decode()
    assert response.status_code == 400
    assert "不归我管" in page
    assert 'class="error"' in page
    assert fresh(concern).status == Status.DISPATCHED


def test_missing_version_is_400(client, world):
    concern = dispatched(world)
    login(client, world, "handler")
    url = reverse("concerns:desk_action", args=[concern.code, "sign"])
    assert client.post(url, {}).status_code == 400


def test_not_permitted_is_403(client, world):
    concern = submit(world)
    login(client, world, "supervisor")  # sees the concern, but only dispatchers dispatch
    response = act(
        client,
        concern,
        "dispatch",
        unit=world.units["housing"].pk,
        kind="complaint",
        urgency="normal",
    )
    assert response.status_code == 403
    assert fresh(concern).status == Status.RECEIVED


def test_objection_and_review_upheld(client, world):
    concern = dispatched(world)
    login(client, world, "handler")
    response = act(client, concern, "object", reason="这是城管职责范围内的占道问题，不归住建")
    assert response.status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.OBJECTED
    login(client, world, "dispatcher")
    page = client.get(reverse("concerns:desk_concern", args=[concern.code])).content.decode()
    assert "这是城管职责范围内" in page
    response = act(
        client,
        concern,
        "review_objection",
        decision="upheld",
        unit=world.units["sanitation"].pk,
        note="改派城管",
    )
    assert response.status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.DISPATCHED and concern.lead_unit == world.units["sanitation"]


def test_extension_request_and_decision(client, world):
    concern = dispatched(world)
    services.concern_sign(actor=world.actor("handler"), concern=concern)
    concern = fresh(concern)
    login(client, world, "handler")
    assert concern.resolve_due is not None
    new_due = timezone.localtime(concern.resolve_due + timedelta(days=5))
    response = act(
        client,
        concern,
        "request_extension",
        reason="需要协调供电公司停电施工",
        new_due=new_due.strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 302
    concern = fresh(concern)
    login(client, world, "dispatcher")
    assert act(client, concern, "decide_extension", decision="approve").status_code == 302
    assert fresh(concern).status == Status.SIGNED


def test_merge_into_unknown_code_is_400(client, world):
    concern = submit(world)
    login(client, world, "dispatcher")
    response = act(client, concern, "merge", parent="NOPE")
    assert response.status_code == 400
    assert "NOPE" in response.content.decode()


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def test_reply_with_evidence_and_a_bad_file(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    concern = dispatched(world)
    services.concern_sign(actor=world.actor("handler"), concern=concern)
    concern = fresh(concern)
    login(client, world, "handler")
    bad = SimpleUploadedFile("virus.png", b"not an image", content_type="image/png")
    response = act(
        client, concern, "reply", text="已修好楼道灯并拍照留存", resolved="yes", attachments=bad
    )
    assert response.status_code == 400
    assert "virus.png" in response.content.decode()
    assert fresh(concern).status == Status.SIGNED
    photo = SimpleUploadedFile("fixed.png", _png(), content_type="image/png")
    response = act(
        client, concern, "reply", text="已修好楼道灯并拍照留存", resolved="yes", attachments=photo
    )
    assert response.status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.REPLIED
    assert concern.attachments.filter(purpose="evidence").count() == 1


def test_assisting_handler_reports_from_the_concern_page(client, world):
    from lastmile.concerns import services as svc
    from lastmile.concerns.testing import submit

    concern = svc.concern_dispatch(
        actor=world.actor("dispatcher"),
        concern=submit(world),
        unit=world.units["housing"],
        assist_units=[world.units["sanitation"]],
    )
    client.force_login(world.people["handler2"].user)
    inbox = client.get(reverse("concerns:desk")).content.decode()
    assert concern.code in inbox
    page = client.get(reverse("concerns:desk_concern", args=[concern.code])).content.decode()
    assert "assist_report" in page
    response = client.post(
        reverse("concerns:desk_action", args=[concern.code, "assist_report"]),
        {"version": concern.version, "report": "已派人清运了建筑垃圾"},
    )
    assert response.status_code == 302
    page = client.get(reverse("concerns:desk_concern", args=[concern.code])).content.decode()
    assert "已派人清运了建筑垃圾" in page
