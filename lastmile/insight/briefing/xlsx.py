"""The briefing as an .xlsx workbook: one sheet per section, Chinese headers; and the agenda
(问题清单) alone, as edited on the page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lastmile.insight.briefing.data import AgendaItem, Briefing, Slice, agenda_items

AGENDA_HEADERS = ("序号", "问题", "具体情况", "建议责任单位", "完成时限", "来源诉求")


def _clean(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return "'" + value if value.startswith("=") else value
    return value


def _sheet(
    book: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Worksheet:
    ws = book.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [max(8, len(h) * 2 + 2) for h in headers]
    for row in rows:
        values = [_clean(v) for v in row]
        ws.append(values)
        for i, v in enumerate(values):
            if isinstance(v, datetime):
                ws.cell(ws.max_row, i + 1).number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(v, date):
                ws.cell(ws.max_row, i + 1).number_format = "yyyy-mm-dd"
            widths[i] = min(60, max(widths[i], len(str(v)) * 2 if isinstance(v, str) else 12))
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = "A2"
    return ws


def _slices(slices: list[Slice]) -> list[tuple[str, int]]:
    return [(s.label, s.count) for s in slices]


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value}%"


def _overview(b: Briefing) -> list[tuple[str, Any]]:
    h = b.headline
    return [
        ("区域", b.area.name),
        ("期间", b.period.label),
        ("生成时间", b.generated_at),
        ("受理", h.received),
        ("办结", h.closed),
        ("按时答复", f"{h.on_time}/{h.replied}"),
        ("按时率", _rate(h.on_time_rate)),
        ("已评价", h.rated),
        ("未评价", h.not_rated),
        ("满意率", _rate(h.satisfaction_rate)),
        ("响应率", _rate(h.response_rate)),
        ("解决率", _rate(h.resolution_rate)),
    ]


def write_briefing_xlsx(briefing: Briefing, out: IO[bytes]) -> None:
    b = briefing
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _sheet(book, "概况", ("指标", "数值"), _overview(b))
    _sheet(book, "按分类", ("一级分类", "件数"), _slices(b.by_category))
    _sheet(book, "按区域", (b.by_area_label, "件数"), _slices(b.by_area))
    _sheet(book, "按渠道", ("渠道", "件数"), _slices(b.by_channel))
    _sheet(book, "按周趋势", ("周", "件数"), _slices(b.by_week))
    _sheet(
        book,
        "热点",
        ("热点", "热度", "件数", "我也遇到", "点赞", "涉及区域", "首次", "最近", "诉求标题"),
        (
            (
                h.label,
                round(h.heat, 2),
                h.count,
                h.me_too,
                h.votes,
                "、".join(h.area_names),
                h.first_at,
                h.last_at,
                "；".join(m.title for m in h.members[:10]),
            )
            for h in b.hotspots
        ),
    )
    _sheet(
        book,
        "舆情预警",
        ("主题", "近7天件数", "基线周均", "倍数", "Z值"),
        (
            (s.label, s.window_count, round(s.baseline_mean, 2), round(s.ratio, 2), round(s.z, 2))
            for s in b.surges
        ),
    )
    _sheet(
        book,
        "重复投诉",
        ("类型", "来电/地点", "分类", "次数", "首次", "最近", "受理编号", "标题"),
        (
            (
                "同一来电" if g.kind == "phone" else "同一地点同类",
                g.label,
                g.category,
                g.count,
                g.first_at,
                g.last_at,
                "、".join(g.codes),
                "；".join(g.titles),
            )
            for g in b.repeats
        ),
    )
    _sheet(
        book,
        "长期超期",
        ("受理编号", "标题", "状态", "分类", "区域", "承办单位", "期限", "超期天数"),
        (
            (o.code, o.title, o.status, o.category, o.area, o.unit_name, o.due, o.days_overdue)
            for o in b.overdue
        ),
    )
    _sheet(
        book,
        "敷衍答复",
        ("受理编号", "标题", "承办单位", "评分", "原因", "答复"),
        ((f.code, f.title, f.unit_name, f.score, "；".join(f.reasons), f.reply) for f in b.flagged),
    )
    _agenda_sheet(book, agenda_items(b))
    book.save(out)


def _agenda_sheet(book: Workbook, items: Sequence[AgendaItem]) -> None:
    _sheet(
        book,
        "问题清单",
        AGENDA_HEADERS,
        (
            (n, i.title, i.detail, i.owner_name, i.deadline, "、".join(i.source_codes))
            for n, i in enumerate(items, start=1)
        ),
    )


def write_agenda_xlsx(items: Sequence[AgendaItem], out: IO[bytes]) -> None:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _agenda_sheet(book, items)
    book.save(out)
