"""Spreadsheet import: every problem named by row and column, nothing half-imported."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from lastmile.core.errors import InvalidInput
from lastmile.wishes import services
from lastmile.wishes.choices import Channel, Status
from lastmile.wishes.models import Wish

pytestmark = pytest.mark.django_db

HEADER = "社区,心愿,心愿说明,价值（元）,类别,姓名,电话,住址\n"
GOOD = [
    "东风社区,一个新书包,孩子读三年级,120,学习,王小明,13812345678,东风社区3栋501\n",
    "东风社区,一副老花镜,奶奶看不清药盒,80,健康,李奶奶,,东风社区5栋101\n",
]


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode("utf-8-sig")


def test_good_file_imports_every_row(world):
    result = services.wishes_import(
        actor=world.actor("c1_handler"), data=_csv(*GOOD), name="心愿.csv"
    )
    assert not result.refused and len(result.created) == 2
    wishes = Wish.objects.order_by("pk")
    assert [w.channel for w in wishes] == [Channel.IMPORT] * 2
    assert [w.category for w in wishes] == ["study", "health"]
    assert all(w.status == Status.SUBMITTED for w in wishes)


def test_any_bad_row_and_nothing_is_imported(world):
    rows = [
        *GOOD,
        "东风社区,,说明,350,学习,,13812345678,\n",
        "不存在社区,一盏台灯,,abc,魔法,张三,123,\n",
        "向阳社区,一盏台灯,,60,学习,张三,13812345678,\n",
    ]
    result = services.wishes_import(
        actor=world.actor("c1_handler"), data=_csv(*rows), name="心愿.csv"
    )
    assert result.refused and result.created == []
    assert Wish.objects.count() == 0
    found = {(i.row, i.column): i.message for i in result.issues}
    assert "请用几个字说明心愿是什么" in found[(4, "心愿")]
    assert "不能超过 300 元" in found[(4, "价值（元）")]
    assert "这是谁的心愿" in found[(4, "姓名")]
    assert "没有名为“不存在社区”的社区或村" in found[(5, "社区")]
    assert "请填写价值（元）" in found[(5, "价值（元）")]
    assert "请选择心愿类别" in found[(5, "类别")]
    assert (5, "电话") in found
    assert "向阳社区不是您负责的社区" in found[(6, "社区")]


def test_missing_columns_are_named(world):
    result = services.wishes_import(
        actor=world.actor("c1_handler"), data=_csv(header="社区,心愿\n"), name="a.csv"
    )
    assert result.refused
    assert {i.column for i in result.issues} == {"价值（元）", "姓名"}
    assert all(i.row == 0 for i in result.issues)


def test_xlsx_file(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["社区", "心愿", "价值（元）", "姓名", "住址"])
    sheet.append(["东风社区", "冬季棉被两床", 260, "赵爷爷", "东风社区7栋"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = services.wishes_import(
        actor=world.actor("gridder"), data=buffer.getvalue(), name="心愿.xlsx"
    )
    assert len(result.created) == 1 and result.created[0].title == "冬季棉被两床"


def test_a_file_that_cannot_be_read(world):
    with pytest.raises(InvalidInput, match=r"\.csv"):
        services.wishes_import(actor=world.actor("c1_handler"), data=b"abc", name="a.doc")
    with pytest.raises(InvalidInput, match="只有社区工作人员才能导入心愿"):
        services.wishes_import(actor=world.actor("handler"), data=_csv(*GOOD), name="a.csv")
