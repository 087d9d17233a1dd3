"""Tallies as an .xlsx workbook: one sheet per community, one per person."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from lastmile.merits.selectors.tallies import TallyRow

COMMUNITY_HEADERS = (
    "序号",
    "社区/村",
    "参与人数",
    "获得积分",
    "消费积分",
    "期末结余",
    "服务时长（小时）",
)
PERSON_HEADERS = (
    "序号",
    "姓名",
    "所在区域",
    "获得积分",
    "消费积分",
    "期末结余",
    "服务时长（小时）",
)


def _clean(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value or "")


def _sheet(
    wb: Workbook, title: str, headers: tuple[str, ...], rows: Iterable[list[object]]
) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for index, width in enumerate((6, 16, 16, 12, 12, 12, 16)):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"


def write_xlsx(
    label: str, communities: list[TallyRow], people: list[TallyRow], out: IO[bytes]
) -> None:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    _sheet(
        wb,
        "社区汇总",
        COMMUNITY_HEADERS,
        (
            [i, _clean(r.name), r.people, r.earned, r.spent, r.balance, float(r.hours)]
            for i, r in enumerate(communities, 1)
        ),
    )
    _sheet(
        wb,
        "个人明细",
        PERSON_HEADERS,
        (
            [i, _clean(r.name), _clean(r.community), r.earned, r.spent, r.balance, float(r.hours)]
            for i, r in enumerate(people, 1)
        ),
    )
    wb.properties.title = _clean(f"积分统计 {label}")
    wb.save(out)
