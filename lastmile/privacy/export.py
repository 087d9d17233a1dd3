"""The resident's data as JSON and as .xlsx (one sheet per kind): the same sections as the page."""

from __future__ import annotations

import json
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lastmile.privacy.selectors import Section

SHEET_TITLE_MAX = 31  # Excel's limit


def as_json(sections: list[Section]) -> str:
    """{kind: {"title", "columns": {key: label}, "rows": [{key: value}]}} — stable keys."""
    data = {
        s.key: {
            "title": str(s.title),
            "columns": {key: str(label) for key, label in s.columns},
            "rows": [{key: row.get(key, "") for key, _label in s.columns} for row in s.rows],
        }
        for s in sections
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_xlsx(sections: list[Section], out: IO[bytes]) -> None:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for s in sections:
        ws = wb.create_sheet(str(s.title)[:SHEET_TITLE_MAX])
        ws.append([str(label) for _key, label in s.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in s.rows:
            ws.append([row.get(key, "") for key, _label in s.columns])
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = 24
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(out)
