"""``lastmile classify train|predict`` on CSV and XLSX files."""

from __future__ import annotations

import csv
from pathlib import Path

import joblib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from lastmile.insight.tests.classify_fixtures import TAXONOMY, synthetic

HEADER = ["编号", "主题", "详情", "类别"]


def _rows() -> list[list[str]]:
    texts, labels = synthetic()
    return [[str(i), t[:4], t, lab] for i, (t, lab) in enumerate(zip(texts, labels, strict=True))]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        for row in [header, *rows]:
            sheet.append(row)
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
    return path


def _read(path: Path) -> list[list[str]]:
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        rows = [
            ["" if v is None else str(v) for v in r]
            for r in book.active.iter_rows(values_only=True)
        ]
        book.close()
        return rows
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_train_then_predict(tmp_path: Path, suffix: str, capsys) -> None:
    train_file = _write(tmp_path / f"train{suffix}", HEADER, _rows())
    taxonomy = _write(
        tmp_path / "tax.csv", ["一级分类", "二级分类", "三级分类"], [list(r) for r in TAXONOMY]
    )
    model = tmp_path / "m.joblib"
    call_command(
        "classify",
        "train",
        "--data",
        str(train_file),
        "--text-columns",
        "主题,详情",
        "--label-column",
        "类别",
        "--model",
        str(model),
        "--taxonomy",
        str(taxonomy),
    )
    assert model.exists() and "trained: 36 rows, 3 categories" in capsys.readouterr().out
    new = [["a", "公交", "公交车和地铁站太挤"], ["b", "", "😀"], ["c", "噪音", "<b>油烟</b>和噪音"]]
    data = _write(tmp_path / f"new{suffix}", ["编号", "主题", "详情"], new)
    out = tmp_path / f"out{suffix}"
    call_command(
        "classify",
        "predict",
        "--model",
        str(model),
        "--data",
        str(data),
        "--text-columns",
        "主题,详情",
        "--out",
        str(out),
    )
    rows = _read(out)
    assert rows[0] == ["编号", "主题", "详情", "predicted_category", "confidence", "declined"]
    assert rows[1][:3] == new[0] and rows[1][3] == "交通运输" and 0 < float(rows[1][4]) <= 1
    assert rows[2][3] == "" and rows[2][5]  # emoji only: declined with a reason
    assert rows[3][3] == "环境保护"


def test_bad_inputs_give_clear_errors(tmp_path: Path) -> None:
    train_file = _write(tmp_path / "train.csv", HEADER, _rows())
    model = tmp_path / "m.joblib"
    with pytest.raises(CommandError, match="no column '标题'"):
        call_command(
            "classify",
            "train",
            "--data",
            str(train_file),
            "--text-columns",
            "标题",
            "--label-column",
            "类别",
            "--model",
            str(model),
        )
    with pytest.raises(CommandError, match="File not found"):
        call_command(
            "classify",
            "train",
            "--data",
            str(tmp_path / "nope.csv"),
            "--text-columns",
            "详情",
            "--label-column",
            "类别",
            "--model",
            str(model),
        )
    (tmp_path / "x.txt").write_text("a")
    with pytest.raises(CommandError, match=r"Only \.csv and \.xlsx"):
        call_command(
            "classify",
            "train",
            "--data",
            str(tmp_path / "x.txt"),
            "--text-columns",
            "a",
            "--label-column",
            "b",
            "--model",
            str(model),
        )
    (tmp_path / "bad.xlsx").write_bytes(b"not excel")
    with pytest.raises(CommandError, match="Cannot read the Excel"):
        call_command(
            "classify",
            "train",
            "--data",
            str(tmp_path / "bad.xlsx"),
            "--text-columns",
            "a",
            "--label-column",
            "b",
            "--model",
            str(model),
        )


def test_predict_refuses_model_from_another_version(tmp_path: Path) -> None:
    train_file = _write(tmp_path / "train.csv", HEADER, _rows())
    model = tmp_path / "m.joblib"
    call_command(
        "classify",
        "train",
        "--data",
        str(train_file),
        "--text-columns",
        "详情",
        "--label-column",
        "类别",
        "--model",
        str(model),
    )
    payload = joblib.load(model)
    payload["format_version"] = 0
    joblib.dump(payload, model)
    data = _write(tmp_path / "new.csv", ["详情"], [["公交车"]])
    with pytest.raises(CommandError, match="another version"):
        call_command(
            "classify",
            "predict",
            "--model",
            str(model),
            "--data",
            str(data),
            "--text-columns",
            "详情",
            "--out",
            str(tmp_path / "o.csv"),
        )
