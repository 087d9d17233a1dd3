from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from lastmile.concerns.models import Category
from lastmile.concerns.services.taxonomy import taxonomy_load
from lastmile.core import audit
from lastmile.core.errors import InvalidInput

ROWS = [
    ("城乡建设", "安全生产", "事故处理"),
    ("城乡建设", "安全生产", "安全隐患"),
    ("城乡建设", "市政管理", "路灯"),
    ("环境保护", "噪声污染", "施工噪声"),
]


def write_csv(path: Path, rows, header=("一级分类", "二级分类", "三级分类")) -> Path:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["一级分类", "二级分类", "三级分类"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.mark.django_db
def test_loads_tree_with_codes(tmp_path):
    result = taxonomy_load(path=write_csv(tmp_path / "t.csv", ROWS))
    assert result.counts == {1: 2, 2: 3, 3: 4}
    assert Category.objects.count() == 9
    codes = dict(Category.objects.values_list("code", "name"))
    assert codes["01"] == "城乡建设"
    assert codes["01.01"] == "安全生产"
    assert codes["01.01.02"] == "安全隐患"
    assert codes["01.02.01"] == "路灯"
    assert codes["02.01.01"] == "施工噪声"
    leaf = Category.objects.get(code="01.02.01")
    assert leaf.level == 3 and [c.code for c in leaf.lineage()] == ["01", "01.02", "01.02.01"]
    assert audit.verify().ok


@pytest.mark.django_db
def test_second_run_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "t.csv", ROWS)
    taxonomy_load(path=path)
    before = list(Category.objects.values_list("pk", "code", "name", "parent_id", "level"))
    events = audit.verify().checked
    result = taxonomy_load(path=path)
    assert result.changed == 0
    assert list(Category.objects.values_list("pk", "code", "name", "parent_id", "level")) == before
    assert audit.verify().checked == events


@pytest.mark.django_db
def test_added_rows_keep_existing_codes(tmp_path):
    taxonomy_load(path=write_csv(tmp_path / "a.csv", ROWS))
    more = [("环境保护", "大气污染", "扬尘"), *ROWS]
    result = taxonomy_load(path=write_csv(tmp_path / "b.csv", more))
    assert result.created == ["02.02", "02.02.01"]
    assert Category.objects.get(code="02.01").name == "噪声污染"


@pytest.mark.django_db
def test_xlsx(tmp_path):
    result = taxonomy_load(path=write_xlsx(tmp_path / "t.xlsx", ROWS))
    assert result.counts == {1: 2, 2: 3, 3: 4}


@pytest.mark.django_db
def test_empty_cell_names_row_and_column(tmp_path):
    rows = [*ROWS[:2], ("城乡建设", "", "路灯")]
    with pytest.raises(InvalidInput) as info:
        taxonomy_load(path=write_csv(tmp_path / "t.csv", rows))
    message = str(info.value)
    assert "第 4 行" in message and "二级分类" in message and "Row 4" in message
    assert Category.objects.count() == 0  # nothing half-loaded


@pytest.mark.django_db
def test_xlsx_error_names_row(tmp_path):
    rows = [*ROWS, (None, "x", "y")]
    with pytest.raises(InvalidInput, match=r"Row 6, column 一级分类"):
        taxonomy_load(path=write_xlsx(tmp_path / "t.xlsx", rows))


@pytest.mark.django_db
def test_missing_column_and_bad_type(tmp_path):
    path = write_csv(tmp_path / "t.csv", [("a", "b")], header=("一级分类", "二级分类"))
    with pytest.raises(InvalidInput, match="三级分类"):
        taxonomy_load(path=path)
    other = tmp_path / "t.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInput, match="csv"):
        taxonomy_load(path=other)


@pytest.mark.django_db
def test_command(tmp_path):
    out = StringIO()
    call_command("load_taxonomy", "--file", str(write_csv(tmp_path / "t.csv", ROWS)), stdout=out)
    assert "2 / 3 / 4" in out.getvalue()
    bad = write_csv(tmp_path / "bad.csv", [("a", "b", "")])
    with pytest.raises(CommandError, match="Row 2, column 三级分类"):
        call_command("load_taxonomy", "--file", str(bad))


@pytest.mark.django_db
def test_command_default_is_shared_taxonomy(settings, tmp_path):
    folder = tmp_path / "tipdm2020"
    folder.mkdir()
    write_csv(folder / "taxonomy.csv", ROWS)
    settings.SHARED_DATA_DIR = tmp_path
    call_command("load_taxonomy", stdout=StringIO())
    assert Category.objects.filter(level=1).count() == 2
