"""Load a three-level category tree (一级分类, 二级分类, 三级分类) from CSV or XLSX.

Codes follow the tree: "01", "01.03", "01.03.07". Loading is idempotent: a category is matched by
its parent and name, so a second run of the same file changes nothing, and a file that adds
categories keeps the codes already given out and appends new ones after them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from lastmile.concerns.models import Category
from lastmile.core import audit
from lastmile.core.errors import InvalidInput

COLUMNS = ("一级分类", "二级分类", "三级分类")
NAME_MAX = 100


@dataclass
class TaxonomyResult:
    created: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)  # level → categories in the file

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.reactivated)


def _bad(row: int, column: str, problem_zh: str, problem_en: str) -> InvalidInput:
    return InvalidInput(
        f"第 {row} 行「{column}」列{problem_zh} / Row {row}, column {column}: {problem_en}",
        field=column,
    )


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"文件不是 UTF-8 编码的 CSV / The file is not UTF-8 encoded CSV: {exc}"
        ) from exc


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InvalidInput(f"无法读取 Excel 文件 / Cannot read the Excel file: {exc}") from exc
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else str(v) for v in values]
    finally:
        book.close()


def read_rows(path: Path) -> list[tuple[int, str, str, str]]:
    """The file's data rows as (row number, level 1, level 2, level 3), validated."""
    if not path.exists():
        raise InvalidInput(f"找不到文件 / File not found: {path}")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"只支持 .csv 和 .xlsx / Only .csv and .xlsx are supported: {path.name}")
    rows = _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path)
    header = [cell.strip() for cell in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        names = ", ".join(missing)
        raise InvalidInput(f"第 1 行缺少列:{names} / Row 1 (header) lacks column(s): {names}")
    index = [header.index(c) for c in COLUMNS]
    result = []
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = [cells[i].strip() if i < len(cells) else "" for i in index]
        for column, value in zip(COLUMNS, values, strict=True):
            if not value:
                raise _bad(number, column, "为空", "empty")
            if len(value) > NAME_MAX:
                raise _bad(
                    number,
                    column,
                    f"超过 {NAME_MAX} 个字",
                    f"longer than {NAME_MAX} characters",
                )
        result.append((number, values[0], values[1], values[2]))
    if not result:
        raise InvalidInput("文件没有数据行 / The file has no data rows")
    return result


class _Tree:
    """The categories already in the database, keyed by (parent id, name)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[int | None, str], Category] = {}
        self.last_number: dict[int | None, int] = {}
        for cat in Category.objects.order_by("code"):
            self.by_key[(cat.parent_id, cat.name)] = cat
            self._note_code(cat)

    def _note_code(self, cat: Category) -> None:
        tail = cat.code.rsplit(".", 1)[-1]
        if tail.isdecimal():
            number = int(tail)
            self.last_number[cat.parent_id] = max(self.last_number.get(cat.parent_id, 0), number)

    def ensure(self, name: str, level: int, parent: Category | None, result: TaxonomyResult):
        parent_id = parent.pk if parent else None
        cat = self.by_key.get((parent_id, name))
        if cat is not None:
            if not cat.is_active:
                Category.objects.filter(pk=cat.pk).update(is_active=True)
                cat.is_active = True
                result.reactivated.append(cat.code)
            return cat
        number = self.last_number.get(parent_id, 0) + 1
        code = f"{parent.code}.{number:02d}" if parent else f"{number:02d}"
        cat = Category.objects.create(code=code, name=name, level=level, parent=parent)
        self.by_key[(parent_id, name)] = cat
        self._note_code(cat)
        result.created.append(code)
        return cat


@transaction.atomic
def taxonomy_load(*, path: Path, actor_label: str = "system") -> TaxonomyResult:
    """Create the categories of the file that are missing; never renames or deletes."""
    rows = read_rows(Path(path))
    tree = _Tree()
    result = TaxonomyResult()
    seen: dict[int, set[tuple[str, ...]]] = {1: set(), 2: set(), 3: set()}
    for _number, first, second, third in rows:
        top = tree.ensure(first, 1, None, result)
        middle = tree.ensure(second, 2, top, result)
        tree.ensure(third, 3, middle, result)
        seen[1].add((first,))
        seen[2].add((first, second))
        seen[3].add((first, second, third))
    result.counts = {level: len(keys) for level, keys in seen.items()}
    if result.changed:
        audit.record(
            verb="taxonomy.loaded",
            obj_type="category",
            obj_id="*",
            actor_label=actor_label,
            data={
                "file": Path(path).name,
                "created": len(result.created),
                "reactivated": len(result.reactivated),
            },
        )
    return result
