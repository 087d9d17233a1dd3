"""The 民情分析会 briefing shows the visit-log highlights (page and print), and overdue
follow-ups join its agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lastmile.insight.briefing.data import agenda_items, briefing_for
from lastmile.insight.briefing.period import Period
from lastmile.outreach import services
from lastmile.outreach.models import FollowUp
from lastmile.outreach.tests.helpers import log_visit, today

pytestmark = pytest.mark.django_db


def _this_month() -> Period:
    start = today().replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return Period(key=f"{start:%Y-%m}", start=start, end=end)


def _visits(world, village):
    log_visit(
        world, village.households[0], heard="老人独居，腿脚不便，电话13912345678，希望有人定期探望"
    )
    visit = log_visit(
        world,
        village.households[3],
        heard="屋顶漏雨，雨天需要接水",
        followups=[services.NewFollowUp("联系危房改造", today())],
    )
    services.visit_to_concern(actor=world.actor("v_committee"), visit=visit)
    FollowUp.objects.filter(visit=visit).update(due=today() - dt.timedelta(days=2))


def test_briefing_has_the_visit_section(world, village):
    _visits(world, village)
    b = briefing_for(actor=world.actor("v_secretary"), area=village.area, period=_this_month())
    section = next(s for s in b.extra_sections if s.key == "outreach")
    values = {r.label: r.value for r in section.rows}
    assert section.title == "走访民情（民情日志）"
    assert values["走访次数"] == "2" and values["走访户数"] == "2 / 12"
    assert values["转为诉求的民情"] == "1"
    notes = " ".join(r.value for r in section.rows)
    assert "屋顶漏雨" in notes and "13912345678" not in notes and "139****5678" in notes
    assert any(r.flag and "联系危房改造" in r.value for r in section.rows)
    titles = [a.title for a in agenda_items(b)]
    assert "桃园村走访承诺事项超期未办：1项" in titles


def test_no_section_where_the_actor_reaches_no_household(world, village):
    b = briefing_for(actor=world.actor("c1_handler"), area=world.areas["c1"], period=_this_month())
    assert not [s for s in b.extra_sections if s.key == "outreach"]


def test_the_printed_briefing_shows_the_section(world, village):
    from lastmile.insight.briefing.pdf import render_html

    _visits(world, village)
    b = briefing_for(actor=world.actor("v_secretary"), area=village.area, period=_this_month())
    html = render_html(b)
    assert "附1：走访民情（民情日志）" in html and "屋顶漏雨" in html
    assert "桃园村走访承诺事项超期未办：1项" in html  # the agenda table


def test_the_briefing_page_shows_the_section(client, world, village):
    _visits(world, village)
    client.login(username=world.username("v_secretary"), password="lastmile-test-pass")
    period = _this_month()
    response = client.get(
        reverse("insight:briefing"), {"area": village.area.code, "period": period.key}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "走访民情（民情日志）" in body and "屋顶漏雨" in body and "未办结的承诺事项" in body
    assert "桃园村走访承诺事项超期未办：1项" in body  # on the agenda
