"""Column mapping and cell checks: spreadsheet headers → concern fields, one checked row each.

The defaults are the headers of message-board exports (留言编号, 留言用户, 留言主题, 留言时间,
留言详情, 一级分类, 答复意见, 答复时间) plus a few common aliases; ``parse_mapping`` reads an
override such as ``留言主题=title,内容=text`` or the same as a JSON object.

留言用户 is recognised and deliberately not stored: it is an opaque board account (A00074011), not
a name — put into ``resident_name`` it would be shown to staff as the resident's name. The board
message stays traceable through 留言编号 (``external_id``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.choices import Kind
from lastmile.concerns.io.reading import Cell
from lastmile.core.errors import InvalidInput

FIELDS = (
    "external_id",
    "board_user",
    "title",
    "created_at",
    "text",
    "category",
    "reply",
    "replied_at",
    "kind",
)
REQUIRED = ("external_id", "text")
DEFAULT_HEADERS: dict[str, str] = {
    "留言编号": "external_id",
    "编号": "external_id",
    "工单编号": "external_id",
    "留言用户": "board_user",
    "留言主题": "title",
    "标题": "title",
    "主题": "title",
    "留言时间": "created_at",
    "受理时间": "created_at",
    "留言详情": "text",
    "诉求内容": "text",
    "内容": "text",
    "一级分类": "category",
    "分类": "category",
    "答复意见": "reply",
    "答复时间": "replied_at",
    "类型": "kind",
    "诉求类型": "kind",
}
TITLE_MAX = 120
TEXT_MIN, TEXT_MAX = 5, 5000
EXTERNAL_ID_MAX = 64
DATE_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
    "%Y-%m-%d",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)
# Title keywords → kind, first match wins; anything else is a request for help.
KIND_KEYWORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("咨询", "请问"), Kind.CONSULT),
    (("建议",), Kind.SUGGESTION),
    (("投诉",), Kind.COMPLAINT),
    (("举报",), Kind.REPORT),
    (("表扬", "点赞"), Kind.PRAISE),
)
KIND_WORDS = {
    "咨询": Kind.CONSULT,
    "求助": Kind.HELP,
    "投诉": Kind.COMPLAINT,
    "举报": Kind.REPORT,
    "建议": Kind.SUGGESTION,
    "表扬": Kind.PRAISE,
    **{value: value for value in Kind.values},
}


@dataclass(frozen=True)
class Issue:
    """One finding of the report. ``row`` 0 means the file; ``level`` is error or warning."""

    row: int
    column: str
    message: str
    level: str = "error"

    @property
    def is_error(self) -> bool:
        return self.level == "error"


@dataclass
class Columns:
    """Which column index feeds which field, and the columns left out."""

    index: dict[str, int]
    header: dict[str, str]  # field → the header text it came from
    ignored: list[str]


def parse_mapping(text: str) -> dict[str, str]:
    """``留言主题=title,内容=text`` or ``{"留言主题": "title"}`` → {header: field}."""
    text = (text or "").strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                _("The column mapping is not valid JSON: %(error)s") % {"error": exc.msg},
                field="mapping",
            ) from exc
        if not isinstance(raw, dict):
            raise InvalidInput(_("The column mapping must be a JSON object."), field="mapping")
        pairs = [(str(k), str(v)) for k, v in raw.items()]
    else:
        pairs = []
        for part in re.split(r"[,，;\n]", text):
            if not part.strip():
                continue
            if "=" not in part:
                raise InvalidInput(
                    _("Write each mapping as header=field (got “%(part)s”).")
                    % {"part": part.strip()},
                    field="mapping",
                )
            header, _sep, name = part.partition("=")
            pairs.append((header.strip(), name.strip()))
    for _header, name in pairs:
        if name and name not in FIELDS and name != "-":
            raise InvalidInput(
                _("Unknown field “%(field)s”; use one of: %(fields)s.")
                % {"field": name, "fields": ", ".join(FIELDS)},
                field="mapping",
            )
    return dict(pairs)


def resolve_columns(header: list[str], overrides: dict[str, str]) -> tuple[Columns, list[Issue]]:
    """Match the header row; an override maps a header to a field, or ``-`` to ignore it."""
    wanted = {**DEFAULT_HEADERS, **overrides}
    index: dict[str, int] = {}
    source: dict[str, str] = {}
    ignored: list[str] = []
    issues: list[Issue] = []
    for position, text in enumerate(header):
        name = wanted.get(text.strip(), "") if text.strip() else ""
        if not name or name == "-":
            if text.strip():
                ignored.append(text.strip())
            continue
        if name in index:
            issues.append(
                Issue(
                    1,
                    text,
                    _("Column “%(a)s” and column “%(b)s” both map to %(field)s.")
                    % {"a": source[name], "b": text, "field": name},
                )
            )
            continue
        index[name], source[name] = position, text.strip()
    for name in REQUIRED:
        if name not in index:
            headers = "、".join(h for h, f in DEFAULT_HEADERS.items() if f == name)
            issues.append(
                Issue(
                    1,
                    headers.split("、")[0],
                    _("The header row lacks a column for %(field)s (for example %(headers)s).")
                    % {"field": name, "headers": headers},
                )
            )
    return Columns(index=index, header=source, ignored=ignored), issues


def text_of(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_when(value: Cell) -> datetime:
    """A cell as an aware datetime (naive times are local, Asia/Shanghai). ValueError if not."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, int | float):
        raise ValueError("number")
    else:
        raw = re.sub(r"\s+", " ", str(value or "")).strip()
        for fmt in DATE_FORMATS:
            try:
                moment = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(raw)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def guess_kind(title: str, text: str = "") -> str:
    for words, kind in KIND_KEYWORDS:
        if any(word in title for word in words):
            return kind
    return Kind.HELP


# Times before this are not real messages (and the year 1 overflows time zone conversion).
EARLIEST_YEAR = 1970


def future_limit() -> datetime:
    return timezone.now() + timedelta(days=1)


def cell(cells: list[Any], columns: Columns, name: str) -> Cell:
    position = columns.index.get(name)
    if position is None or position >= len(cells):
        return None
    value: Cell = cells[position]
    return value
