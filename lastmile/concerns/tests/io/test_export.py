import io
from datetime import datetime

from openpyxl import load_workbook

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind
from lastmile.concerns.io.export import HEADERS, ExportFilters, export_qs, write_xlsx
from lastmile.orgs.selectors import Actor

PHONE = "13812345678"


def _concerns(world):
    anon = Actor(user_id=None, label="anonymous")
    made = []
    for i, grid in enumerate(["c1g1", "c2g1"]):
        concern = services.concern_submit(
            actor=anon,
            channel=Channel.WEB,
            kind=Kind.COMPLAINT,
            title=f'=HYPERLINK("http://x","点我") 路灯{i}',
            text="路灯坏了很久没人修，晚上很黑",
            area=world.areas[grid],
            resident_name="张三丰",
            resident_phone=PHONE,
        ).concern
        made.append(concern)
    services.concern_dispatch(
        actor=world.actor("dispatcher"),
        concern=made[0],
        unit=world.units["housing"],
        assist_units=[world.units["sanitation"]],
    )
    return made


def _sheet(actor, filters=None):
    filters = filters or ExportFilters()
    out = io.BytesIO()
    count = write_xlsx(actor=actor, qs=export_qs(actor, filters), out=out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    return count, [list(r) for r in ws.iter_rows(values_only=True)]


def test_export_has_chinese_headers_real_dates_and_no_formulas(world):
    _concerns(world)
    count, rows = _sheet(world.actor("dispatcher"))
    assert count == 2 and tuple(rows[0]) == HEADERS
    assert isinstance(rows[1][7], datetime)
    assert rows[1][1].startswith("=HYPERLINK")  # kept as text, not a live formula
    assert rows[1][3] in ("已受理", "已派单") and rows[1][13] == PHONE


def test_export_stays_in_scope_and_masks_contact_for_an_assisting_unit(world):
    made = _concerns(world)
    count, rows = _sheet(world.actor("handler2"))  # the assisting unit (sanitation)
    assert count == 1 and rows[1][0] == made[0].code
    assert rows[1][13] == "138****5678" and rows[1][12] == "张**"
    count, rows = _sheet(world.actor("handler"))  # the lead unit
    assert rows[1][13] == PHONE
    count, rows = _sheet(world.actor("outsider"))
    assert count == 0 and len(rows) == 1


def test_export_filters(world):
    made = _concerns(world)
    dispatcher = world.actor("dispatcher")
    assert _sheet(dispatcher, ExportFilters(status="dispatched"))[0] == 1
    assert _sheet(dispatcher, ExportFilters(area=world.areas["c2"].code))[1][1][0] == made[1].code
    assert _sheet(dispatcher, ExportFilters(unit=world.units["housing"].code))[0] == 1
    assert _sheet(dispatcher, ExportFilters(since=datetime(2099, 1, 1).date()))[0] == 0
