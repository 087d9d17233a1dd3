"""Import collected wishes from a spreadsheet (.csv or .xlsx): every row is checked first and
each problem is named by row and column; with any problem nothing is imported. Otherwise all rows
are written in one transaction (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lastmile.concerns.io.reading import Cell, read_bytes
from lastmile.core.errors import DomainError, InvalidInput
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor
from lastmile.wishes import permissions
from lastmile.wishes.choices import Category, Channel
from lastmile.wishes.models import Wish
from lastmile.wishes.services.collect import (
    check_community,
    clean_category,
    clean_family,
    clean_texts,
    parse_value,
    wish_submit,
)

MAX_ROWS = 2000
# Header (as people write it) → field.
HEADERS: dict[str, str] = {
    "社区": "community",
    "社区/村": "community",
    "社区（村）": "community",
    "村": "community",
    "community": "community",
    "心愿": "title",
    "心愿内容": "title",
    "wish": "title",
    "title": "title",
    "说明": "description",
    "心愿说明": "description",
    "情况说明": "description",
    "description": "description",
    "价值": "value",
    "价值（元）": "value",
    "价值(元)": "value",
    "金额": "value",
    "金额（元）": "value",
    "value": "value",
    "类别": "category",
    "类型": "category",
    "category": "category",
    "姓名": "beneficiary_name",
    "心愿人": "beneficiary_name",
    "name": "beneficiary_name",
    "电话": "beneficiary_phone",
    "联系电话": "beneficiary_phone",
    "phone": "beneficiary_phone",
    "住址": "beneficiary_address",
    "地址": "beneficiary_address",
    "家庭住址": "beneficiary_address",
    "address": "beneficiary_address",
}
REQUIRED = {
    "community": "社区",
    "title": "心愿",
    "value": "价值（元）",
    "beneficiary_name": "姓名",
}
CATEGORY_WORDS = {
    "学习": Category.STUDY,
    "生活": Category.DAILY,
    "健康": Category.HEALTH,
    "助医": Category.HEALTH,
    "关爱": Category.CARE,
    "陪伴": Category.CARE,
    "其他": Category.OTHER,
}
TEMPLATE_HEADER = ["社区", "心愿", "心愿说明", "价值（元）", "类别", "姓名", "电话", "住址"]


@dataclass(frozen=True)
class Issue:
    row: int  # 0: the file itself
    column: str
    message: str


@dataclass
class ImportResult:
    file_name: str
    rows: int = 0
    created: list[Wish] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.issues)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _category(raw: str) -> str:
    if not raw:
        return Category.OTHER
    if raw in Category.values:
        return raw
    for word, value in CATEGORY_WORDS.items():
        if raw.startswith(word):
            return value
    return clean_category(raw)  # raises with the message


class _Rows:
    """Resolves columns and communities once; checks one row at a time."""

    def __init__(self, actor: Actor, header: list[str]):
        self.actor = actor
        self.index: dict[str, int] = {}
        self.label: dict[str, str] = {}
        for i, name in enumerate(header):
            key = HEADERS.get(name.strip()) or HEADERS.get(name.strip().lower())
            if key and key not in self.index:
                self.index[key], self.label[key] = i, name.strip()
        self.communities: dict[str, Area] = {}

    def missing(self) -> list[str]:
        return [label for key, label in REQUIRED.items() if key not in self.index]

    def column(self, key: str) -> str:
        return self.label.get(key, REQUIRED.get(key, key))

    def cell(self, cells: list[Cell], key: str) -> str:
        i = self.index.get(key)
        return _text(cells[i]) if i is not None and i < len(cells) else ""

    def community(self, raw: str) -> Area:
        if raw not in self.communities:
            found = Area.objects.filter(
                Q(name=raw) | Q(code=raw), level=AreaLevel.COMMUNITY
            ).first()
            if found is None:
                raise InvalidInput(
                    _("No community or village called “%(name)s”.") % {"name": raw[:40]},
                    field="community",
                )
            self.communities[raw] = found
        area = self.communities[raw]
        if not permissions.is_staff_for(self.actor, area):
            raise InvalidInput(
                _("%(name)s is not one of the communities you work for.") % {"name": area.name},
                field="community",
            )
        return area

    def check(self, cells: list[Cell]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The row's values for ``wish_submit`` and its problems as (field, message)."""
        problems: list[tuple[str, str]] = []
        values: dict[str, Any] = {}

        def attempt(name: str, fn: Any) -> None:
            try:
                fn()
            except InvalidInput as exc:
                problems.append((exc.field or name, str(exc.message)))

        def community() -> None:
            values["community"] = check_community(
                self.community(self.cell(cells, "community")), None
            )

        def texts() -> None:
            values["title"], values["description"] = clean_texts(
                title=self.cell(cells, "title"), description=self.cell(cells, "description")
            )

        def value() -> None:
            values["value"] = parse_value(self.cell(cells, "value"))

        def category() -> None:
            values["category"] = _category(self.cell(cells, "category"))

        def family() -> None:
            name, phone, address = clean_family(
                name=self.cell(cells, "beneficiary_name"),
                phone=self.cell(cells, "beneficiary_phone"),
                address=self.cell(cells, "beneficiary_address"),
            )
            values.update(
                beneficiary_name=name, beneficiary_phone=phone, beneficiary_address=address
            )

        if not self.cell(cells, "community"):
            problems.append(("community", _("The community is empty.")))
        else:
            attempt("community", community)
        for name, fn in (("title", texts), ("value", value), ("category", category)):
            attempt(name, fn)
        attempt("beneficiary_name", family)
        return values, problems


def wishes_import(*, actor: Actor, data: bytes, name: str) -> ImportResult:
    """Check every row, then import all of them (channel import) or none."""
    result = ImportResult(file_name=name)
    if not permissions.is_wish_staff(actor):
        raise InvalidInput(_("Only community staff can import wishes."))
    table = read_bytes(data, name=name, limit=MAX_ROWS)
    result.rows = len(table.rows)
    rows = _Rows(actor, table.header)
    for label in rows.missing():
        result.issues.append(
            Issue(0, label, _("The column “%(column)s” is missing.") % {"column": label})
        )
    if table.truncated:
        result.issues.append(
            Issue(0, "", _("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})
        )
    if not table.rows and not result.issues:
        result.issues.append(Issue(0, "", _("The file has no rows of wishes.")))
    if result.issues:
        return result
    checked: list[tuple[int, dict[str, Any]]] = []
    for number, cells in table.rows:
        values, problems = rows.check(list(cells))
        for fieldname, message in problems:
            result.issues.append(Issue(number, rows.column(fieldname), message))
        checked.append((number, values))
    if result.issues:
        return result
    try:
        with transaction.atomic():
            for number, values in checked:
                try:
                    created = wish_submit(actor=actor, channel=Channel.IMPORT, **values)
                except DomainError as exc:
                    result.issues.append(
                        Issue(number, rows.column(exc.field or ""), str(exc.message))
                    )
                    raise
                result.created.append(created.wish)
    except DomainError:
        result.created = []  # rolled back: nothing was imported
    return result
