from datetime import datetime

import pytest

from lastmile.concerns.io.reading import FileRejected, read_bytes
from lastmile.concerns.tests.io.conftest import tipdm
from lastmile.concerns.tests.io.helpers import HEADER, csv_bytes, row, xlsx_bytes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(encoding):
    data = csv_bytes(
        [row(1), row(2, 留言详情="朝阳区的燃气管道老化，闻到异味，请尽快派人检修，谢谢。")],
        encoding=encoding,
    )
    table = read_bytes(data, name="a.csv")
    assert table.header == HEADER
    assert table.rows[1][1][4].startswith("朝阳区的燃气管道老化")
    assert table.encoding in (encoding, "gb18030", "utf-8")


def test_mixed_utf8_and_gbk_is_refused_with_a_clear_error():
    data = csv_bytes([row(1)]) + ",".join(row(2)).encode("gbk") + b"\n"
    with pytest.raises(FileRejected) as info:
        read_bytes(data, name="broken.csv")
    assert "UTF-8" in str(info.value) and "GBK" in str(info.value)


def test_binary_junk_is_refused():
    for junk in (bytes(range(0x80, 0x100)) * 4, b"\x00\x01PKjunk" * 30):
        with pytest.raises(FileRejected):
            read_bytes("留言编号,留言详情\n".encode() + junk, name="junk.csv")


def test_latin1_text_is_refused():
    data = (
        "留言编号,留言详情\n".encode()
        + "1,Caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la fran\xe7aise\n".encode("latin-1") * 20
    )
    with pytest.raises(FileRejected):
        read_bytes(data, name="latin.csv")


def test_wrong_types_and_empty_files_are_refused():
    for data, name in [(b"x", "a.xls"), (b"", "a.csv"), (b"not a zip", "a.xlsx")]:
        with pytest.raises(FileRejected):
            read_bytes(data, name=name)


def test_csv_rows_count_records_not_lines():
    data = csv_bytes([row(1, 留言详情="第一行\n第二行的内容比较长"), row(2)])
    table = read_bytes(data, name="a.csv")
    assert [n for n, _cells in table.rows] == [2, 3]


def test_merged_cells_are_refused_naming_the_range():
    data = xlsx_bytes([row(1), row(2)], setup=lambda ws: ws.merge_cells("F2:F3"))
    with pytest.raises(FileRejected) as info:
        read_bytes(data, name="merged.xlsx")
    assert "F2:F3" in str(info.value)


def test_formula_without_cached_value_is_refused_naming_the_cell():
    def formula(ws):
        ws["E3"] = '=CONCATENATE("路灯","坏了很久没人修")'

    data = xlsx_bytes([row(1), row(2)], setup=formula)
    with pytest.raises(FileRejected) as info:
        read_bytes(data, name="formula.xlsx")
    assert "Sheet1!E3" in str(info.value)


def test_xlsx_keeps_real_datetimes_and_picks_a_sheet():
    def second_sheet(ws):
        other = ws.parent.create_sheet("导出")
        other.append(HEADER)
        other.append(row(9, 留言时间=datetime(2020, 1, 6, 12, 9)))

    data = xlsx_bytes([row(1)], setup=second_sheet)
    table = read_bytes(data, name="a.xlsx", sheet="导出")
    assert table.rows[0][1][3] == datetime(2020, 1, 6, 12, 9)
    with pytest.raises(FileRejected):
        read_bytes(data, name="a.xlsx", sheet="没有")


def test_limit_stops_early():
    table = read_bytes(csv_bytes([row(i) for i in range(1, 20)]), name="a.csv", limit=5)
    assert len(table.rows) == 5 and table.truncated


def test_real_xlsx_reads_as_published():
    table = read_bytes(tipdm("attachment2_labeled_sample.xlsx").read_bytes(), name="a.xlsx")
    assert table.header[:6] == HEADER
    assert len(table.rows) == 495
