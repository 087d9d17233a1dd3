"""The pages with the Django test client: scoping (404 outsiders, 403 residents), the step forms,
refusals next to the field with nothing typed lost, the public board without personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lastmile.decisions.choices import Body, Status
from lastmile.decisions.models import Matter, Meeting
from lastmile.decisions.registers import roll_for
from lastmile.decisions.tests.helpers import days_ago, hold, new_matter, secretary, to_stage
from lastmile.orgs.testing import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, world, key):
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def desk_url(matter):
    return reverse("decisions:desk_matter", args=[matter.number])


def action_url(matter, key):
    return reverse("decisions:desk_action", args=[matter.number, key])


def step_post(matter, **data):
    matter.refresh_from_db()
    base = {
        "version": matter.version,
        "step": matter.current_step.code if matter.current_step else "",
    }
    return {**base, **data}


def test_matter_page_404_for_outsiders_403_for_residents(client, world, village):
    matter = new_matter(world)
    url = desk_url(matter)
    assert login(client, world, "v_secretary").get(url).status_code == 200
    client.logout()
    assert login(client, world, "c1_handler").get(url).status_code == 404
    client.logout()
    assert login(client, world, "handler").get(url).status_code == 404
    client.logout()
    assert login(client, world, "outsider").get(url).status_code == 403  # a resident, no post
    client.logout()
    assert login(client, world, "supervisor").get(url).status_code == 200  # area role above
    assert client.get(reverse("decisions:desk")).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # login first


def test_recording_404_for_outsiders_403_for_residents_and_roles_above(client, world, village):
    matter = new_matter(world)
    ids = [m.person_id for m in roll_for(village.area, Body.PARTY_COMMITTEE).members]
    data = step_post(
        matter,
        held_on=timezone.localdate().isoformat(),
        attendees=ids,
        votes_for=3,
        votes_against=0,
        votes_abstain=0,
    )
    url = action_url(matter, "meeting-party_committee")
    assert login(client, world, "c1_handler").post(url, data).status_code == 404
    client.logout()
    assert login(client, world, "outsider").post(url, data).status_code == 403
    client.logout()
    response = login(client, world, "supervisor").post(url, data)
    assert response.status_code == 403
    assert "只有桃园村" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_next_step_is_offered_as_a_form_with_the_roll(client, world, village):
    matter = new_matter(world)
    response = login(client, world, "v_secretary").get(desk_url(matter))
    body = response.content.decode()
    assert 'id="act-meeting-party_committee"' in body
    assert 'type="checkbox"' in body and "桃园支委甲" in body
    assert "至少2" in body  # quorum of the 3-member committee, spelled out
    assert "记录已核验" in body


def test_meeting_through_the_form(client, world, village):
    matter = new_matter(world)
    ids = [m.person_id for m in roll_for(village.area, Body.PARTY_COMMITTEE).members]
    login(client, world, "v_secretary")
    response = client.post(
        action_url(matter, "meeting-party_committee"),
        step_post(
            matter,
            held_on=days_ago(2).isoformat(),
            attendees=ids[:2],
            votes_for=2,
            votes_against=0,
            votes_abstain=0,
            minutes="<p>提议硬化村道<script>alert(1)</script></p>",
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert "已记录：本步骤通过" in response.content.decode()
    meeting = Meeting.objects.get()
    assert (meeting.present, meeting.eligible) == (2, 3)
    assert "<script>" not in meeting.minutes and "提议硬化村道" in meeting.minutes


def test_refusal_keeps_what_was_typed(client, world, village):
    matter = new_matter(world)
    ids = [m.person_id for m in roll_for(village.area, Body.PARTY_COMMITTEE).members]
    login(client, world, "v_secretary")
    response = client.post(
        action_url(matter, "meeting-party_committee"),
        step_post(
            matter,
            held_on=days_ago(2).isoformat(),
            attendees=ids[:2],
            votes_for=2,
            votes_against=1,
            votes_abstain=0,
            minutes="讨论了村道硬化方案",
        ),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "超过了出席人数" in body
    assert "讨论了村道硬化方案" in body
    assert body.count("checked") >= 2
    assert not Meeting.objects.exists()


def test_non_member_in_the_form_is_named(client, world, village):
    matter = new_matter(world)
    ids = [m.person_id for m in roll_for(village.area, Body.PARTY_COMMITTEE).members]
    stranger = village.representatives[0]
    login(client, world, "v_secretary")
    response = client.post(
        action_url(matter, "meeting-party_committee"),
        step_post(
            matter,
            held_on=days_ago(2).isoformat(),
            attendees=[*ids, stranger.pk],
            votes_for=3,
            votes_against=0,
            votes_abstain=0,
        ),
    )
    assert response.status_code == 400
    assert "桃园代表0不是党组织委员会会议的成员" in response.content.decode()


def test_a_step_out_of_order_through_the_form(client, world, village):
    matter = new_matter(world)
    ids = [m.pk for m in village.members]
    login(client, world, "v_secretary")
    response = client.post(
        action_url(matter, "meeting-party_members"),
        {
            "version": matter.version,
            "step": "review",
            "held_on": days_ago(1).isoformat(),
            "attendees": ids,
            "votes_for": 12,
            "votes_against": 0,
            "votes_abstain": 0,
        },
    )
    assert response.status_code == 409
    assert "不能跳过" in response.content.decode()


def test_failed_vote_then_revision_through_the_forms(client, world, village):
    matter = new_matter(world)
    ids = [m.person_id for m in roll_for(village.area, Body.PARTY_COMMITTEE).members]
    login(client, world, "v_secretary")
    response = client.post(
        action_url(matter, "meeting-party_committee"),
        step_post(
            matter,
            held_on=days_ago(2).isoformat(),
            attendees=ids,
            votes_for=1,
            votes_against=1,
            votes_abstain=1,
        ),
        follow=True,
    )
    body = response.content.decode()
    assert "本步骤未通过" in body and "修改" in body
    matter.refresh_from_db()
    assert matter.status == Status.REVISING
    assert 'id="act-revise"' in body
    response = client.post(action_url(matter, "revise"), step_post(matter, note=""))
    assert response.status_code == 400
    response = client.post(
        action_url(matter, "revise"), step_post(matter, note="压缩预算，改为分期实施"), follow=True
    )
    matter.refresh_from_db()
    assert matter.status == Status.DELIBERATING
    assert 'id="act-meeting-party_committee"' in response.content.decode()


def test_stale_page_is_a_conflict_keeping_input(client, world, village):
    matter = new_matter(world)
    hold(secretary(world), matter)
    login(client, world, "v_secretary")
    response = client.post(
        action_url(matter, "withdraw"), {"version": 1, "step": "", "reason": "项目取消"}
    )
    assert response.status_code == 409
    assert "项目取消" in response.content.decode()


def test_notice_form_refuses_implementation_before_the_end(client, world, village):
    matter = to_stage(world, "resolved")
    login(client, world, "v_secretary")
    response = client.post(
        action_url(matter, "notice"),
        step_post(
            matter,
            title="村道硬化决议公示",
            body="经村民代表会议表决通过。",
            posted_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        ),
        follow=True,
    )
    assert "公示已发布" in response.content.decode()
    response = client.post(
        action_url(matter, "implement"),
        step_post(matter, started_on=timezone.localdate().isoformat(), note="施工"),
    )
    assert response.status_code == 400
    assert "最早" in response.content.decode()


def test_objection_form(client, world, village):
    matter = to_stage(world, "resolved")
    login(client, world, "v_secretary")
    client.post(
        action_url(matter, "notice"),
        step_post(
            matter,
            title="决议公示",
            body="正文",
            posted_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    notice = matter.notices.get()
    response = client.post(
        action_url(matter, f"objection-{notice.pk}"),
        {
            "notice": notice.pk,
            "raised_on": timezone.localdate().isoformat(),
            "text": "希望公布预算明细，电话13912345678",
            "raised_by": "张三丰",
            "response": "",
        },
        follow=True,
    )
    assert "异议已记录" in response.content.decode()
    client.logout()
    public = client.get(reverse("decisions:public_matter", args=[matter.number])).content.decode()
    assert "希望公布预算明细" in public
    assert "13912345678" not in public and "张三丰" not in public


def test_new_matter_form(client, world, village):
    login(client, world, "v_secretary")
    response = client.post(
        reverse("decisions:desk_new"),
        {"area": village.area.pk, "category": "planning", "title": "", "summary": "规划"},
    )
    assert response.status_code == 400
    assert "规划" in response.content.decode()
    response = client.post(
        reverse("decisions:desk_new"),
        {
            "area": village.area.pk,
            "category": "planning",
            "title": "村庄规划调整",
            "summary": "规划",
        },
    )
    matter = Matter.objects.get()
    assert response.status_code == 302 and response["Location"] == desk_url(matter)


def test_new_matter_refused_for_roles_above(client, world, village):
    assert login(client, world, "supervisor").get(reverse("decisions:desk_new")).status_code == 403


def test_setting_page_refuses_merge_without_one_shoulder(client, world, village):
    village.secretary.posts.filter(kind="vc_chair").update(is_active=False)
    login(client, world, "v_secretary")
    url = reverse("decisions:desk_setting", args=[village.area.pk])
    response = client.post(url, {"merge_first_steps": "on"})
    assert response.status_code == 400
    assert "一肩挑" in response.content.decode()
    client.logout()
    assert login(client, world, "c1_handler").get(url).status_code == 404


def test_desk_list_counts_and_queries(client, world, village, django_assert_max_num_queries):
    for stage in ("deliberating", "resolved", "resolution_notice"):
        to_stage(world, stage)
    login(client, world, "v_secretary")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("decisions:desk"))
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 3
    assert response.context["counts"]["resolution_notice"] == 1


def test_public_board_without_personal_data(client, world, village, django_assert_max_num_queries):
    to_stage(world, "closed")
    current = to_stage(world, "resolved", title="村集体鱼塘承包")
    from lastmile.decisions import services

    services.notice_post(
        actor=secretary(world),
        matter=current,
        step="resolution_notice",
        title="鱼塘承包决议公示",
        body="承包人联系电话13800001111。",
    )
    new_matter(world, title="误工补贴标准调整")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("decisions:board"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "鱼塘承包决议公示" in body and "村道硬化实施结果公示" in body
    assert "误工补贴标准调整" in body
    assert "13800001111" not in body
    assert "桃园书记" not in body


def test_public_record_shows_figures_not_names(
    client, world, village, django_assert_max_num_queries
):
    matter = to_stage(world, "closed")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("decisions:public_matter", args=[matter.number]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "记录已核验" in body
    assert "党员大会" in body and "应到" in body
    for name in ("桃园书记", "桃园支委甲", "桃园代表0", "会议讨论并表决"):
        assert name not in body


def test_archive_pdf(client, world, village):
    matter = to_stage(world, "closed")
    login(client, world, "v_secretary")
    response = client.get(reverse("decisions:desk_archive", args=[matter.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    client.logout()
    login(client, world, "c1_handler")
    assert client.get(reverse("decisions:desk_archive", args=[matter.number])).status_code == 404


def test_archive_html_is_the_whole_record(world, village):
    from lastmile.decisions.pdf import render_html

    html = render_html(to_stage(world, "closed"))
    assert "桃园书记" in html and "会议讨论并表决" in html and "记录已核验" in html


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def test_meeting_attachment_is_staff_only(client, world, village):
    from django.core.files.uploadedfile import SimpleUploadedFile

    matter = new_matter(world)
    ids = [m.person_id for m in roll_for(village.area, Body.PARTY_COMMITTEE).members]
    login(client, world, "v_secretary")
    client.post(
        action_url(matter, "meeting-party_committee"),
        step_post(
            matter,
            held_on=days_ago(1).isoformat(),
            attendees=ids,
            votes_for=3,
            votes_against=0,
            votes_abstain=0,
            attachments=[SimpleUploadedFile("签到表.png", _png(), content_type="image/png")],
        ),
    )
    attachment = Meeting.objects.get().attachments.get()
    url = reverse("decisions:attachment", args=[attachment.pk])
    assert client.get(url).status_code == 200
    client.logout()
    assert login(client, world, "c1_handler").get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    public = client.get(reverse("decisions:public_matter", args=[matter.number])).content.decode()
    assert "签到表" not in public
