"""Tables in and out (CSV or XLSX), and the shared TipDM data the bootstrap model learns from."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lastmile.insight.classify.model import ModelError

TIPDM_LABELLED = "messages_labeled.csv"
TIPDM_UNLABELLED = ("messages_votes.csv", "messages_replies.csv")
TIPDM_TAXONOMY = "taxonomy.csv"
TIPDM_TEXT = ("留言主题", "留言详情")
TIPDM_LABEL = "一级分类"
TAXONOMY_COLUMNS = ("一级分类", "二级分类", "三级分类")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> int:
        try:
            return self.header.index(name)
        except ValueError:
            names = ", ".join(self.header)
            raise ModelError(
                f"文件没有「{name}」列(有:{names})/ The file has no column {name!r} "
                f"(it has: {names})"
            ) from None

    def texts(self, columns: Sequence[str]) -> list[str]:
        index = [self.column(c) for c in columns]
        return [" ".join(_cell(row, i) for i in index).strip() for row in self.rows]

    def values(self, name: str) -> list[str]:
        i = self.column(name)
        return [_cell(row, i).strip() for row in self.rows]


def _cell(row: Sequence[str], i: int) -> str:
    return row[i] if i < len(row) else ""


def read_table(path: Path) -> Table:
    if not path.exists():
        raise ModelError(f"找不到文件 / File not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                lines = list(csv.reader(handle))
        except UnicodeDecodeError as exc:
            raise ModelError(f"文件不是 UTF-8 编码 / The file is not UTF-8: {exc}") from exc
    elif suffix == ".xlsx":
        lines = _xlsx_lines(path)
    else:
        raise ModelError(f"只支持 .csv 和 .xlsx / Only .csv and .xlsx are supported: {path.name}")
    if not lines:
        raise ModelError(f"文件是空的 / The file is empty: {path}")
    header = [h.strip() for h in lines[0]]
    return Table(header, [r for r in lines[1:] if any(c.strip() for c in r)])


def _xlsx_lines(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise ModelError(f"无法读取 Excel 文件 / Cannot read the Excel file: {exc}") from exc
    try:
        return [
            ["" if v is None else str(v) for v in values]
            for values in book.worksheets[0].iter_rows(values_only=True)
        ]
    finally:
        book.close()


def write_table(table: Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in [table.header, *table.rows]:
            sheet.append(row)
        book.save(path)
        return
    if path.suffix.lower() != ".csv":
        raise ModelError(f"只支持 .csv 和 .xlsx / Only .csv and .xlsx are supported: {path.name}")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([table.header, *table.rows])


def taxonomy_pairs(path: Path) -> list[tuple[str, str]]:
    """(level-2 or level-3 name, level-1 name) from a taxonomy file; empty if it is missing."""
    if not path.exists():
        return []
    table = read_table(path)
    top, second, third = (table.values(c) for c in TAXONOMY_COLUMNS)
    pairs = [(name, label) for name, label in zip(second, top, strict=True)]
    return pairs + [(name, label) for name, label in zip(third, top, strict=True)]


@dataclass
class Corpus:
    texts: list[str]
    labels: list[str]
    unlabelled: list[str]
    taxonomy: list[tuple[str, str]]


def tipdm(directory: Path, *, unlabelled_chars: int = 600) -> Corpus:
    """The labelled sample, the unlabelled messages (minus any copy of a labelled one), taxonomy.

    Unlabelled texts are cut to ``unlabelled_chars``: they only shape the IDF weights, and the
    start of a message carries its topic.
    """
    labelled = read_table(directory / TIPDM_LABELLED)
    texts = labelled.texts(TIPDM_TEXT)
    seen = set(texts) | set(labelled.values(TIPDM_TEXT[0]))
    unlabelled: list[str] = []
    for name in TIPDM_UNLABELLED:
        if (directory / name).exists():
            table = read_table(directory / name)
            titles = table.values(TIPDM_TEXT[0])
            for title, text in zip(titles, table.texts(TIPDM_TEXT), strict=True):
                if title not in seen and text not in seen:
                    unlabelled.append(text[:unlabelled_chars])
    return Corpus(
        texts=texts,
        labels=labelled.values(TIPDM_LABEL),
        unlabelled=unlabelled,
        taxonomy=taxonomy_pairs(directory / TIPDM_TAXONOMY),
    )
