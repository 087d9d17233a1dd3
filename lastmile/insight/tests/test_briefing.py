"""The 民情分析会 briefing: periods, data assembly, scoping, the page, the agenda download."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from openpyxl import load_workbook

from lastmile.concerns.choices import Channel, Status
from lastmile.concerns.testing import aware, frozen, reach, submit
from lastmile.core.errors import InvalidInput
from lastmile.core.workcal import add_working_days
from lastmile.insight.briefing import data, sections
from lastmile.insight.briefing.data import agenda_items, area_for_actor, briefing_for
from lastmile.insight.briefing.period import default_period, parse_period
from lastmile.orgs.testing import PASSWORD

OCT = parse_period("2026-10", today=date(2026, 11, 27))
NOW = aware(2026, 11, 20, 10)
LAMP = "和平小区健身广场的健身器材损坏多日，老人孩子使用很危险，请尽快维修"


# ---- periods ---------------------------------------------------------------------------------


def test_month_and_quarter_periods() -> None:
    month = parse_period("2026-10", today=date(2026, 11, 1))
    assert (month.start, month.end, month.label) == (
        date(2026, 10, 1),
        date(2026, 11, 1),
        "2026年10月",
    )
    quarter = parse_period("2026-q3", today=date(2026, 11, 1))
    assert (quarter.key, quarter.start, quarter.end) == (
        "2026-Q3",
        date(2026, 7, 1),
        date(2026, 10, 1),
    )
    assert parse_period("2026-12", today=date(2026, 12, 5)).end == date(2027, 1, 1)
    assert default_period(date(2027, 1, 15)).key == "2026-12"


@pytest.mark.parametrize(
    "raw", ["2026-13", "2026/10", "十月", "2026-Q5", "", "1999-01", "2026-10-01"]
)
def test_malformed_period_is_refused_in_both_languages(raw: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_period(raw, today=date(2026, 11, 1))
    assert caught.value.field == "period"
    assert "期间格式不对" in str(caught.value) and "YYYY-MM" in str(caught.value)


def test_future_period_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"尚未开始.*not started"):
        parse_period("2026-12", today=date(2026, 11, 27))
    parse_period("2026-11", today=date(2026, 11, 27))  # the current month: figures so far


# ---- data ------------------------------------------------------------------------------------


@pytest.fixture
def october(world):
    """October 2026 in the world: a cluster of broken-equipment complaints in 东风 from one
    caller, one closed satisfied, one overdue in progress, one call about 向阳."""
    made = {}
    with frozen(aware(2026, 10, 9, 9)):
        made["closed"] = reach(world, Status.CLOSED)
    with frozen(aware(2026, 10, 12, 9)):
        made["late"] = reach(world, Status.IN_PROGRESS)
    for day in (14, 15, 16):
        with frozen(aware(2026, 10, day, 9)):
            made[f"lamp{day}"] = submit(
                world, text=f"{LAMP}（第{day}日）", resident_phone="13800138000"
            )
    with frozen(aware(2026, 10, 20, 9)):
        made["phone"] = submit(
            world, area="c2g1", text="向阳社区垃圾站无人清运，臭味很大", channel=Channel.OPERATOR
        )
    with frozen(aware(2026, 9, 20, 9)):
        made["september"] = submit(world, text="九月的诉求：路面坑洼")
    return made


def test_briefing_assembles_every_section(world, october, django_assert_max_num_queries) -> None:
    actor = world.actor("dispatcher")
    with django_assert_max_num_queries(14):
        b = briefing_for(actor=actor, area=world.areas["street"], period=OCT, now=NOW)
    h = b.headline
    assert h.received == 6  # the closed one, the late one, three lamps, the phone call
    assert h.closed == 1 and h.rated == 1 and h.satisfaction_rate == 100.0
    assert h.not_rated == 0
    assert {s.label: s.count for s in b.by_area} == {"东风社区": 5, "向阳社区": 1}
    assert b.by_area_label == "社区/村"
    assert {s.label for s in b.by_channel} == {"居民网页", "热线电话"}
    assert len(b.by_week) == 5 and sum(s.count for s in b.by_week) == 6
    assert b.by_week[0].label == "10-01起"
    assert [o.code for o in b.overdue] == [october["late"].code]
    assert b.overdue[0].unit_name == "区住建局" and b.overdue[0].days_overdue > 0
    phone_groups = [g for g in b.repeats if g.kind == "phone"]
    assert len(phone_groups) == 1 and phone_groups[0].count == 3
    assert "13800138000" not in phone_groups[0].label  # masked
    assert any(h.count >= 3 for h in b.hotspots)
    assert not b.is_empty and not b.is_partial
    charts = b.chart_data()
    assert charts["area"] == {"labels": ["东风社区", "向阳社区"], "values": [5, 1]}


def test_agenda_items_name_owner_and_deadline(world, october) -> None:
    b = briefing_for(
        actor=world.actor("dispatcher"), area=world.areas["street"], period=OCT, now=NOW
    )
    items = agenda_items(b)
    assert items, "hotspots and the overdue item become agenda items"
    deadline = add_working_days(NOW, 15).date()
    assert all(i.deadline == deadline for i in items)
    late = [i for i in items if october["late"].code in i.source_codes]
    assert late and late[0].owner_unit_id == world.units["housing"].pk
    assert late[0].owner_name == "区住建局"
    lamp = [i for i in items if october["lamp14"].code in i.source_codes]
    assert lamp and lamp[0].title.startswith("热点问题")
    # Not dispatched yet: the lamp cluster falls to the street's government unit.
    assert lamp[0].owner_name == "和平街道办事处"


def test_empty_period_says_so(world, october) -> None:
    b = briefing_for(
        actor=world.actor("dispatcher"),
        area=world.areas["street"],
        period=parse_period("2026-06", today=date(2026, 11, 27)),
        now=NOW,
    )
    assert b.is_empty and b.headline.received == 0 and agenda_items(b) == []


def test_scoping(world, october) -> None:
    # A community's worker sees only their unit's concerns, and only their community.
    c1 = world.actor("c1_handler")
    assert [a.code for a in data.areas_for_actor(c1)] == [world.areas["c1"].code]
    with pytest.raises(Http404):
        area_for_actor(c1, world.areas["street"].code)
    b = briefing_for(actor=c1, area=world.areas["c1"], period=OCT, now=NOW)
    assert b.headline.received == 0  # every October concern is housing's or undispatched
    # The street's dispatcher cannot reach the district; the outsider reaches nothing.
    with pytest.raises(Http404):
        area_for_actor(world.actor("dispatcher"), world.areas["district"].code)
    assert data.areas_for_actor(world.actor("outsider")) == []
    assert [a.code for a in data.areas_for_actor(world.actor("gridder"))] == [
        world.areas["c1g1"].code
    ]


def test_missing_parts_leave_their_sections_out(world, october, monkeypatch) -> None:
    monkeypatch.setattr(sections, "part", lambda name: None)
    b = briefing_for(
        actor=world.actor("dispatcher"), area=world.areas["street"], period=OCT, now=NOW
    )
    assert set(b.missing) == {"hotspots", "replyquality"}
    assert b.hotspots == [] and b.surges == [] and b.flagged == []


# ---- pages -----------------------------------------------------------------------------------


def _login(client, world, key: str = "dispatcher") -> None:
    assert client.login(username=world.username(key), password=PASSWORD)


def test_page_renders_with_chart_data(client, world, october) -> None:
    _login(client, world)
    response = client.get(
        "/insight/briefing/", {"area": world.areas["street"].code, "period": "2026-10"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<script id="briefing-charts" type="application/json">(.*?)</script>', html)
    assert match, "chart data block"
    charts = json.loads(match.group(1))
    assert charts["area"]["labels"] == ["东风社区", "向阳社区"]
    assert "vendor/echarts/echarts.min.js" in html and "js/briefing.js" in html
    # No inline script (CSP): every other <script> has a src.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag
    assert october["late"].code in html
    assert 'name="form-TOTAL_FORMS"' in html
    assert re.search(r'type="date" name="form-0-deadline" value="\d{4}-\d{2}-\d{2}"', html)


def test_page_defaults_to_last_month(client, world) -> None:
    _login(client, world)
    response = client.get("/insight/briefing/")
    assert response.status_code == 200
    assert response.context["period"].key == default_period().key


def test_empty_period_page(client, world, october) -> None:
    _login(client, world)
    response = client.get(
        "/insight/briefing/", {"area": world.areas["street"].code, "period": "2026-03"}
    )
    assert response.status_code == 200
    assert response.context["b"].is_empty
    assert 'class="empty"' in response.content.decode()
    assert "briefing-charts" not in response.content.decode()


@pytest.mark.parametrize(("raw", "needle"), [("2026-13", "期间格式不对"), ("2099-01", "尚未开始")])
def test_bad_period_page(client, world, raw: str, needle: str) -> None:
    _login(client, world)
    response = client.get("/insight/briefing/", {"period": raw})
    assert response.status_code == 400
    assert needle in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert client.get("/insight/briefing/pdf/", {"period": raw}).status_code == 400


def test_outsiders_are_refused(client, world) -> None:
    assert client.get("/insight/briefing/").status_code == 302  # login first
    _login(client, world, "outsider")
    assert client.get("/insight/briefing/").status_code == 403
    client.logout()
    _login(client, world, "c1_handler")
    street = world.areas["street"].code
    assert client.get("/insight/briefing/", {"area": street}).status_code == 404
    assert client.get("/insight/briefing/xlsx/", {"area": street}).status_code == 404
    assert client.post("/insight/briefing/agenda.xlsx", {"area": street}).status_code == 404


def test_xlsx_download_has_chinese_headers(client, world, october) -> None:
    _login(client, world)
    response = client.get(
        "/insight/briefing/xlsx/", {"area": world.areas["street"].code, "period": "2026-10"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "概况" and "问题清单" in book.sheetnames
    assert [c.value for c in book["长期超期"][1]][:3] == ["受理编号", "标题", "状态"]
    assert book["长期超期"]["A2"].value == october["late"].code
    assert [c.value for c in book["问题清单"][1]] == [
        "序号", "问题", "具体情况", "建议责任单位", "完成时限", "来源诉求",
    ]  # fmt: skip


def test_agenda_post_downloads_the_edited_list(client, world, october) -> None:
    _login(client, world)
    housing = world.units["housing"].pk
    form = {
        "area": world.areas["street"].code,
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "2",
        "form-0-title": "楼道灯长期不亮",
        "form-0-detail": "3件",
        "form-0-owner": str(housing),
        "form-0-deadline": "2026-12-18",
        "form-0-source_codes": october["lamp14"].code,
        "form-1-title": "会上决定不列入",
        "form-1-DELETE": "on",
        "form-1-deadline": "2026-12-18",
        "form-2-title": "",
        "form-2-deadline": "",
    }
    response = client.post("/insight/briefing/agenda.xlsx", form)
    assert response.status_code == 200, response.content
    ws = load_workbook(io.BytesIO(response.content))["问题清单"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][1:4] == ("楼道灯长期不亮", "3件", "区住建局")
    assert rows[0][5] == october["lamp14"].code
    bad = client.post("/insight/briefing/agenda.xlsx", {**form, "form-0-deadline": "soon"})
    assert bad.status_code == 400


# ---- command ---------------------------------------------------------------------------------


def test_command_writes_pdf_and_xlsx(world, october, tmp_path) -> None:
    pdf, xlsx = tmp_path / "b.pdf", tmp_path / "b.xlsx"
    out = io.StringIO()
    call_command(
        "briefing", "--area", world.areas["street"].code, "--period", "2026-10",
        "--pdf", str(pdf), "--xlsx", str(xlsx), "--user", world.username("dispatcher"), stdout=out,
    )  # fmt: skip
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "概况" in load_workbook(xlsx).sheetnames
    assert "PDF" in out.getvalue()


def test_command_refuses_bad_input(world, tmp_path) -> None:
    target = str(tmp_path / "b.pdf")
    with pytest.raises(CommandError, match=r"期间格式不对.*Period must be"):
        call_command(
            "briefing", "--area", world.areas["street"].code, "--period", "10/2026", "--pdf", target
        )
    with pytest.raises(CommandError, match="No such area"):
        call_command("briefing", "--area", "NOPE", "--period", "2026-10", "--pdf", target)
    with pytest.raises(CommandError, match="--pdf"):
        call_command("briefing", "--area", world.areas["street"].code)


def test_agenda_becomes_ledger_items_in_one_step(client, world, october) -> None:
    from lastmile.rectify.models import LedgerItem

    _login(client, world)
    form = {
        "area": world.areas["street"].code,
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-title": "楼道灯长期不亮",
        "form-0-detail": "3件",
        "form-0-owner": str(world.units["c1_org"].pk),
        "form-0-deadline": "2026-12-18",
        "form-0-source_codes": october["lamp14"].code,
        "form-1-title": "会上决定不列入",
        "form-1-DELETE": "on",
        "form-1-deadline": "2026-12-18",
        "standard_of_done": "灯全部修好，群众回访满意",
        "measures": "社区组织物业逐栋排查更换",
        "to_ledger": "1",
    }
    response = client.post("/insight/briefing/agenda.xlsx", form)
    assert response.status_code == 302 and response["Location"] == "/rectify/desk/"
    item = LedgerItem.objects.get()
    assert (item.title, item.source) == ("楼道灯长期不亮", "collective")
    assert item.owner_unit == world.units["c1_org"]
    again = client.post("/insight/briefing/agenda.xlsx", form)  # the same list twice: one item
    assert again.status_code == 302 and LedgerItem.objects.count() == 1
