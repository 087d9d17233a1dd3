"""Small spreadsheets built in memory for the import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

HEADER = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级分类"]


def row(n: int, **over: Any) -> list[Any]:
    values = {
        "留言编号": str(n),
        "留言用户": f"A000{n}",
        "留言主题": f"小区路灯坏了{n}",
        "留言时间": "2020/1/6 12:09:38",
        "留言详情": f"我们小区{n}栋楼道灯坏了一个多月，晚上很不安全。",
        "一级分类": "城乡建设",
    }
    values.update(over)
    return [values.get(h, "") for h in over.get("_header", HEADER)]


def csv_bytes(rows: list[list[Any]], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], header: list[str] = HEADER, setup: Any = None) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Sheet1"
    ws.append(header)
    for values in rows:
        ws.append(values)
    if setup:
        setup(ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
