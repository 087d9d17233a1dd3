"""The outreach pages with the test client: scoping (404 outside), roles (403), the Chinese
messages next to the fields, input kept on refusal, and query counts on lists."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lastmile.concerns.models import Concern
from lastmile.orgs.testing import PASSWORD
from lastmile.outreach.export import HEADERS
from lastmile.outreach.models import HouseholdLink, Visit
from lastmile.outreach.tests.helpers import c1_household, link, log_visit, today

pytestmark = pytest.mark.django_db


def login(client, world, key):
    assert client.login(username=world.username(key), password=PASSWORD)
    return client


def test_pages_need_a_login_and_a_cadre(client, world, village):
    url = reverse("outreach:mine")
    assert client.get(url).status_code == 302
    login(client, world, "outsider")  # a login with a person but no post, unit or link
    assert client.get(url).status_code == 200
    assert "您还没有联系户" in client.get(url).content.decode()


def test_my_households_lists_links_with_due_dates(
    client, world, village, django_assert_max_num_queries
):
    for household in village.households[:3]:
        link(world, household, village.committee[0])
    log_visit(world, village.households[2], visited_on=today() - dt.timedelta(days=10))
    login(client, world, "v_committee")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("outreach:mine"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "您联系3户" in body and "超期未走访：2户" in body
    assert village.households[2].address in body and "10天前" in body
    assert body.count('class="row urgent"') == 2
    assert f"?household={village.households[0].pk}" in body


def test_log_a_visit_and_keep_input_on_refusal(client, world, village):
    login(client, world, "v_committee")
    household = village.households[4]
    url = reverse("outreach:visit_new")
    page = client.get(url, {"household": household.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["household"] == household.pk
    data = {
        "household": household.pk,
        "visited_on": (today() + dt.timedelta(days=1)).isoformat(),
        "people_met": "户主王大爷",
        "heard": "孙子高中毕业在家待业，想找份工作",
        "help_given": "",
        "followup_text": "推荐参加镇里的招聘会",
        "followup_due": "",
    }
    refused = client.post(url, data)
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "请填写承诺事项的办结日期。" in body
    assert "孙子高中毕业在家待业" in body  # nothing typed is lost
    data["followup_due"] = (today() + dt.timedelta(days=5)).isoformat()
    refused = client.post(url, data)
    assert refused.status_code == 400 and "走访日期不能晚于今天。" in refused.content.decode()
    data["visited_on"] = today().isoformat()
    saved = client.post(url, data)
    visit = Visit.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse(
        "outreach:visit", args=[visit.pk]
    )
    assert visit.followups.get().text == "推荐参加镇里的招聘会"
    page = client.get(saved["Location"])
    assert "走访记录已保存。" in page.content.decode() and "转为诉求" in page.content.decode()


def test_households_outside_are_404(client, world, village):
    outside = c1_household(world)
    login(client, world, "v_committee")
    assert client.get(reverse("outreach:household", args=[outside.pk])).status_code == 404
    assert client.get(reverse("outreach:visit_new"), {"household": outside.pk}).status_code == 404
    posted = client.post(
        reverse("outreach:visit_new"),
        {
            "household": outside.pk,
            "visited_on": today().isoformat(),
            "people_met": "x",
            "heard": "反映情况",
        },
    )
    assert posted.status_code == 400 and not Visit.objects.exists()
    visit = log_visit(world, village.households[0])
    client.logout()
    login(client, world, "c1_handler")
    assert client.get(reverse("outreach:visit", args=[visit.pk])).status_code == 404
    assert (
        client.get(reverse("outreach:household", args=[village.households[0].pk])).status_code
        == 404
    )


def test_visit_outside_the_visitors_community_shows_the_message(client, world, village):
    """A manager who sees two communities records a visit for a cadre of one of them."""
    outside = c1_household(world)
    login(client, world, "supervisor")
    response = client.post(
        reverse("outreach:visit_new"),
        {
            "household": outside.pk,
            "visitor": village.committee[1].pk,
            "visited_on": today().isoformat(),
            "people_met": "户主",
            "heard": "反映楼道灯坏了",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "不在桃园支委乙所在的社区（桃园村）" in body and "反映楼道灯坏了" in body


def test_turn_into_a_concern_twice_gives_one(client, world, village):
    visit = log_visit(world, village.households[0])
    login(client, world, "v_committee")
    url = reverse("outreach:visit_concern", args=[visit.pk])
    data = {"kind": "help", "title": "", "text": visit.heard}
    first = client.post(url, data, follow=True)
    concern = Concern.objects.get()
    assert f"诉求{concern.code}已进入派单员工作台" in first.content.decode()
    assert concern.code in first.content.decode() and "查询密码" in first.content.decode()
    second = client.post(url, data, follow=True)
    assert f"这条民情已转为诉求{concern.code}。" in second.content.decode()
    assert Concern.objects.count() == 1
    # the dispatcher finds it on the desk, channel 走访
    client.logout()
    login(client, world, "dispatcher")
    desk = client.get(reverse("concerns:desk_concern", args=[concern.code]))
    assert desk.status_code == 200 and "干部走访" in desk.content.decode()


def test_convert_refusal_is_shown_next_to_the_field(client, world, village):
    visit = log_visit(world, village.households[0])
    login(client, world, "v_committee")
    response = client.post(
        reverse("outreach:visit_concern", args=[visit.pk]), {"kind": "help", "text": "漏水"}
    )
    assert response.status_code == 400
    assert "至少" in response.content.decode() and not Concern.objects.exists()


def test_others_cannot_convert_or_mark_done(client, world, village):
    visit = log_visit(world, village.households[0], followups=[])
    login(client, world, "gridder")  # sees nothing in the village
    assert (
        client.post(
            reverse("outreach:visit_concern", args=[visit.pk]), {"kind": "help", "text": "x" * 9}
        ).status_code
        == 404
    )
    client.logout()
    login(client, world, "supervisor")  # sees it, but supervisors manage: allowed
    page = client.get(reverse("outreach:visit", args=[visit.pk]))
    assert page.status_code == 200 and "转为诉求" in page.content.decode()


def test_follow_up_done_from_my_households(client, world, village):
    from lastmile.outreach import services

    visit = log_visit(
        world, village.households[0], followups=[services.NewFollowUp("送米面油", today())]
    )
    followup = visit.followups.get()
    login(client, world, "v_committee")
    url = reverse("outreach:followup_done", args=[followup.pk])
    response = client.post(url, {"version": followup.version, "next": reverse("outreach:mine")})
    assert response.status_code == 302 and response["Location"] == reverse("outreach:mine")
    followup.refresh_from_db()
    assert followup.status == "done"
    again = client.post(url, {"version": followup.version}, follow=True)
    assert "不能进行此操作" in again.content.decode()
    evil = client.post(
        reverse("outreach:followup_reopen", args=[followup.pk]), {"next": "https://evil.example/"}
    )
    assert evil["Location"] == reverse("outreach:visit", args=[visit.pk])


def test_household_page(client, world, village, django_assert_max_num_queries):
    household = village.households[0]
    link(world, household, village.committee[1])
    link(world, household, village.committee[2])
    visit = log_visit(world, household)
    from lastmile.outreach import services

    services.visit_to_concern(actor=world.actor("v_committee"), visit=visit)
    login(client, world, "v_secretary")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("outreach:household", args=[household.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "桃园村委甲" in body  # current contact cadre
    assert "该户已改由其他干部联系" in body  # links history
    assert visit.heard[:10] in body
    assert Concern.objects.get().code in body
    assert "更换联系干部" in body


def test_coverage_list_filters_and_export(client, world, village, django_assert_max_num_queries):
    link(world, village.households[5], village.committee[1])
    log_visit(world, village.households[0])
    login(client, world, "v_secretary")
    url = reverse("outreach:coverage")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    rows = response.context["rows"]
    assert response.status_code == 200
    # household 1 (五保) never visited is a gap; household 0 visited today is not
    assert village.households[1] in [r.household for r in rows]
    assert village.households[0] not in [r.household for r in rows]
    unlinked = client.get(url, {"state": "unlinked"}).context["rows"]
    assert village.households[5] not in [r.household for r in unlinked]
    assert len(unlinked) == 11
    everything = client.get(url, {"state": "all", "q": "3组"}).context["rows"]
    assert [r.household for r in everything] == [village.households[2]]
    export = client.get(reverse("outreach:coverage_xlsx"), {"state": "all"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]] == HEADERS and sheet.max_row == 13
    # a community out of reach
    assert client.get(url, {"community": world.areas["c1"].code}).status_code == 404


def test_cadre_counts_highlight_those_behind(client, world, village):
    log_visit(world, village.households[0])
    login(client, world, "v_secretary")
    response = client.get(reverse("outreach:cadres"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "桃园支委甲" in body and 'class="num behind"' in body
    assert "未完成每月走访户数的两委成员" in body


def test_link_management(client, world, village, django_assert_max_num_queries):
    url = reverse("outreach:links")
    login(client, world, "v_committee")
    assert client.get(url).status_code == 403
    client.logout()
    login(client, world, "v_secretary")
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200 and "桃园组长甲 · 党小组长 · 0/2" in page.content.decode()
    leader = village.group_leaders[0]
    new = reverse("outreach:link_new")
    for household in village.households[:2]:
        response = client.post(
            new, {"community": village.area.code, "household": household.pk, "cadre": leader.pk}
        )
        assert response.status_code == 302
    over = client.post(
        new,
        {"community": village.area.code, "household": village.households[2].pk, "cadre": leader.pk},
    )
    assert over.status_code == 400
    assert "桃园组长甲已联系2户，达到党小组长的联系户数（2户）" in over.content.decode()
    made = HouseholdLink.objects.filter(cadre=leader).first()
    ended = client.post(
        reverse("outreach:link_end", args=[made.pk]), {"version": made.version}, follow=True
    )
    assert "联系关系已解除。" in ended.content.decode()
    assert HouseholdLink.objects.filter(cadre=leader, status="active").count() == 1


def test_link_end_by_a_cadre_is_403(client, world, village):
    made = link(world, village.households[0], village.committee[0])
    login(client, world, "v_committee")  # sees their own link, may not end it
    response = client.post(reverse("outreach:link_end", args=[made.pk]), {"version": made.version})
    assert response.status_code == 403


def test_track_page_names_the_contact_cadre(client, world, village):
    from lastmile.outreach import services

    household = village.households[0]
    link(world, household, village.committee[0])
    village.unit.phone = "0731-8888123"
    village.unit.save(update_fields=["phone"])
    visit = log_visit(world, household)
    made = services.visit_to_concern(actor=world.actor("v_committee"), visit=visit)
    response = client.post(
        reverse("concerns:track_lookup"), {"code": made.concern.code, "pin": made.pin}, follow=True
    )
    body = response.content.decode()
    assert "您的联系干部" in body and "桃园支委甲" in body and "党组织委员" in body
    assert "0731-8888123" in body and "桃园村党支部" in body
    panel = body[body.index("您的联系干部") :]
    assert household.head_name not in panel and household.phone not in panel


def test_track_page_without_a_link_shows_no_panel(client, world, village):
    from lastmile.outreach import services

    visit = log_visit(world, village.households[0])
    made = services.visit_to_concern(actor=world.actor("v_committee"), visit=visit)
    response = client.post(
        reverse("concerns:track_lookup"), {"code": made.concern.code, "pin": made.pin}, follow=True
    )
    assert response.status_code == 200 and "您的联系干部" not in response.content.decode()
