"""The ledger as an .xlsx workbook in the familiar 整改台账 layout (one row per item)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from lastmile.rectify.models import LedgerItem, ProgressNote

HEADERS = (
    "序号",
    "台账编号",
    "问题来源",
    "问题内容",
    "责任单位",
    "责任人",
    "整改标准",
    "整改措施",
    "整改时限",
    "整改进展",
    "状态",
    "销号时间",
    "群众满意度",
)
WIDTHS = (6, 16, 12, 40, 18, 10, 30, 30, 12, 40, 14, 18, 12)


def export_rows(qs: QuerySet[LedgerItem]) -> QuerySet[LedgerItem]:
    latest = ProgressNote.objects.only("item_id", "text", "created_at").order_by("-created_at")
    return qs.prefetch_related(
        "milestones", Prefetch("notes", queryset=latest, to_attr="latest_notes")
    )


def _clean(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value or "")


def progress_text(item: LedgerItem) -> str:
    parts = []
    milestones = list(item.milestones.all())
    if milestones:
        done = sum(1 for m in milestones if m.done_at)
        parts.append(f"节点 {done}/{len(milestones)}")
    notes = getattr(item, "latest_notes", None)
    if notes:
        parts.append(notes[0].text)
    return "；".join(parts)


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _values(index: int, item: LedgerItem) -> list[Any]:
    status = item.get_status_display()
    if item.is_overdue():
        status = f"{status}（逾期）"
    return [
        index,
        item.number,
        item.get_source_display(),
        _clean(f"{item.title}\n{item.content}" if item.content != item.title else item.title),
        item.owner_unit.name,
        item.owner_person.name if item.owner_person else "",
        _clean(item.standard_of_done),
        _clean(item.measures),
        item.deadline,
        _clean(progress_text(item)),
        status,
        _local(item.closed_at),
        item.get_satisfaction_display() if item.satisfaction else "",
    ]


def write_xlsx(items: Iterable[LedgerItem], out: IO[bytes]) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("整改台账")
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    count = 0
    for count, item in enumerate(items, start=1):
        row = []
        for col, value in enumerate(_values(count, item)):
            cell = WriteOnlyCell(sheet, value=value)
            if col == 8:
                cell.number_format = "yyyy-mm-dd"
            elif col == 11:
                cell.number_format = "yyyy-mm-dd hh:mm"
            else:
                cell.alignment = wrap
            row.append(cell)
        sheet.append(row)
    book.save(out)
    return count
