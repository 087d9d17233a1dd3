"""Spreadsheet imports (concerns and wishes): any file is read or refused with a clear message;
every finding names its row and column; a row without findings is stored as written."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lastmile.concerns.io.importer import import_file
from lastmile.concerns.io.reading import FileRejected, read_bytes
from lastmile.concerns.models import Concern
from lastmile.core.errors import InvalidInput
from lastmile.wishes import services as wish_services

from .nasty import nasty_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DB = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NAMES = st.sampled_from(["a.csv", "a.xlsx", "a.CSV", "a.xls", "a.txt", "a", "../../a.csv"])


@FAST
@given(data=st.binary(max_size=400), name=NAMES)
def test_any_bytes_are_read_or_refused_clearly(data, name):
    try:
        table = read_bytes(data, name=name)
    except FileRejected as exc:
        assert str(exc.message).strip()
        return
    for number, cells in table.rows:
        assert number >= 2 and isinstance(cells, list)


@FAST
@given(
    members=st.dictionaries(
        st.sampled_from(
            ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "x"]
        ),
        st.binary(max_size=200),
        max_size=4,
    )
)
def test_broken_xlsx_zips_are_refused_clearly(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    try:
        read_bytes(buffer.getvalue(), name="坏文件.xlsx")
    except FileRejected as exc:
        assert str(exc.message).strip()


cell_values = st.one_of(
    nasty_text,
    st.none(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.sampled_from(
        [
            "=1+1",
            '=HYPERLINK("http://x")',
            "2026-05-01 10:00",
            "0001/01/01",
            "9999年12月31日",
            "咨询",
            "投诉",
        ]
    ),
)
HEADER = ["留言编号", "留言主题", "留言时间", "留言详情", "一级分类", "答复意见", "答复时间"]
rows = st.lists(st.lists(cell_values, min_size=7, max_size=7), min_size=1, max_size=4)


def _csv(table: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in table:
        writer.writerow(["" if v is None else str(v).replace("\x00", "") for v in row])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(table: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in table:
        safe = []
        for v in row:
            if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
                v = str(v)
            if isinstance(v, int) and abs(v) > 2**53:
                v = str(v)
            if isinstance(v, str):
                v = "".join(c for c in v if c.isprintable() or c in "\t\n")
            safe.append(v)
        sheet.append(safe)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_report(report, table) -> None:  # type: ignore[no-untyped-def]
    for issue in report.issues:
        assert str(issue.message).strip()
        if issue.row:
            assert 2 <= issue.row <= len(table) + 1
            assert issue.column, issue
    if not report.refused:
        assert report.created + report.existing + report.skipped + report.duplicates <= len(table)


@pytest.mark.django_db
@DB
@given(table=rows, as_xlsx=st.booleans(), mode=st.sampled_from(["all", "skip"]))
def test_concern_imports_name_row_and_column_or_store_the_rows(world, table, as_xlsx, mode):
    data = _xlsx(table) if as_xlsx else _csv(table)
    name = "导入.xlsx" if as_xlsx else "导入.csv"
    before = Concern.objects.count()
    report = import_file(actor=world.actor("dispatcher"), data=data, name=name, mode=mode)
    _check_report(report, table)
    made = Concern.objects.count() - before
    assert made == report.created
    if report.refused and mode == "all":
        assert made == 0


@pytest.mark.django_db
@DB
@given(
    cells=st.lists(st.lists(cell_values, min_size=8, max_size=8), min_size=1, max_size=3),
)
def test_wish_imports_name_row_and_column_or_store_every_row(world, cells):
    header = "社区,心愿,心愿说明,价值（元）,类别,姓名,电话,住址"
    out = io.StringIO()
    out.write(header + "\n")
    writer = csv.writer(out)
    for row in cells:
        writer.writerow(["" if v is None else str(v).replace("\x00", "") for v in row])
    try:
        result = wish_services.wishes_import(
            actor=world.actor("c1_handler"), data=out.getvalue().encode(), name="心愿.csv"
        )
    except InvalidInput as exc:
        assert str(exc.message).strip()
        return
    for issue in result.issues:
        assert str(issue.message).strip()
        if issue.row:
            assert issue.column
    if not result.refused:
        assert len(result.created) == result.rows
