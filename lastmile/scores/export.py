"""The ranking as an .xlsx workbook in the layout offices use (one sheet, one row per key)."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from lastmile.scores.figures import Figures
from lastmile.scores.selectors import Ranking

HEADERS = (
    "单位",
    "受理量",
    "回访量",
    "响应率",
    "解决率",
    "满意率",
    "综合得分",
    "按期办结率",
    "退单(成立/驳回)",
    "催办",
    "通报",
    "重办率",
    "重复投诉率",
    "排名",
)
FILL = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
LEVEL_HEADER = {"unit": "单位", "grid": "网格", "person": "人员", "area": "区域"}


def _pct(value: float | None) -> float | str:
    return round(value, 4) if value is not None else "—"


def _line(name: str, f: Figures, rank: int | None) -> list[object]:
    return [
        name,
        f.received,
        f.base,
        _pct(f.response),
        _pct(f.resolution),
        _pct(f.satisfaction),
        round(f.total * 100, 2) if f.total is not None else "—",
        _pct(f.on_time),
        f"{f.obj_upheld}/{f.obj_rejected}",
        f.urges,
        f.circulars,
        _pct(f.reopen_rate),
        _pct(f.repeat_rate),
        rank if rank is not None else "—",
    ]


def write_ranking(ranking: Ranking, out: IO[bytes]) -> int:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = ranking.period
    title = _("Scores %(period)s") % {"period": ranking.period}
    ws.append(
        [
            f"{title}（综合 = {ranking.weights.response:g}×响应 + "
            f"{ranking.weights.resolution:g}×解决 + {ranking.weights.satisfaction:g}×满意）"
        ]
    )
    ws.append([LEVEL_HEADER.get(ranking.level, "单位"), *HEADERS[1:]])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in ranking.rows:
        ws.append(_line(row.name, row.figures, row.rank))
        line = ws.max_row
        for col in (4, 5, 6, 8, 12, 13):
            ws.cell(line, col).number_format = "0.0%"
        if row.figures.band:
            ws.cell(line, 7).fill = PatternFill("solid", fgColor=FILL[row.figures.band])
    ws.column_dimensions["A"].width = 24
    ws.freeze_panes = "B3"
    wb.save(out)
    return len(ranking.rows)
