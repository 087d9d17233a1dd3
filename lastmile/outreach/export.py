"""The coverage list as .xlsx (staff only, within their reach: names are not masked)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font

from lastmile.outreach.selectors.coverage import CoverageRow

HEADERS = [
    "网格",
    "地址",
    "户主",
    "重点户",
    "联系干部",
    "最近走访",
    "应走访日期",
    "状态",
    "未办承诺",
]


def _priority(row: CoverageRow) -> str:
    h = row.household
    marks = [("困难户", h.is_hardship), ("五保户", h.is_wubao), ("信访户", h.is_petitioning)]
    return "、".join(label for label, on in marks if on)


def write_coverage_xlsx(rows: Iterable[CoverageRow], out: IO[bytes]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "走访覆盖"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        h = row.household
        sheet.append(
            [
                h.area.name,
                h.address,
                h.head_name,
                _priority(row),
                row.link.cadre.name if row.link else "",
                row.last_visit,
                row.due,
                row.state_label,
                row.open_followups,
            ]
        )
    for letter, width in zip("ABCDEFGHI", (16, 30, 10, 14, 10, 12, 12, 14, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.save(out)
