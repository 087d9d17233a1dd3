"""``load_divisions``: good rows load, bad rows are named by line and skipped."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lastmile.core.models import AuditEvent
from lastmile.insight.divisions import Division, level_of, normalize_code, parent_of

SAMPLE = Path(__file__).with_name("divisions_sample.csv")


@pytest.mark.parametrize(
    ("code", "short", "level", "parent"),
    [
        ("430000", "430000", "province", ""),
        ("430100", "430100", "city", "430000"),
        ("430104", "430104", "county", "430100"),
        ("430104000000", "430104", "county", "430100"),
        ("430104001000", "430104001", "town", "430104"),
        ("430104001001", "430104001001", "village", "430104001"),
    ],
)
def test_codes(code, short, level, parent):
    assert normalize_code(code) == short
    assert level_of(short) == level
    assert parent_of(short) == parent


@pytest.mark.django_db
def test_load_the_sample_then_again_is_idempotent():
    out = StringIO()
    call_command("load_divisions", "--file", str(SAMPLE), stdout=out, stderr=StringIO())
    assert "6 created" in out.getvalue()
    town = Division.objects.get(code="430104001")
    assert (town.name, town.level, town.parent_code) == ("橘子洲街道", "town", "430104")
    assert Division.objects.get(code="430104001001").parent_code == "430104001"
    out = StringIO()
    call_command("load_divisions", "--file", str(SAMPLE), stdout=out, stderr=StringIO())
    assert "0 created, 0 updated, 6 unchanged" in out.getvalue()
    assert AuditEvent.objects.filter(verb="divisions.loaded").count() == 2


BAD = """code,name
430104,岳麓区
4301,太短
430104003001,
430104,岳麓区重复
43010400300X,字母
430104004001,好的社区
"""


@pytest.mark.django_db
def test_bad_rows_are_named_and_good_rows_load(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(BAD, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("load_divisions", "--file", str(path), stdout=out, stderr=err)
    errors = err.getvalue()
    assert "line 3: 4301" in errors
    assert "line 4: 430104003001" in errors and "name" in errors
    assert "line 5: 430104 — the code appears twice" in errors
    assert "line 6: 43010400300X" in errors
    assert "4 bad rows" in out.getvalue()
    assert set(Division.objects.values_list("code", flat=True)) == {"430104", "430104004001"}


@pytest.mark.django_db
def test_strict_loads_nothing_when_a_row_is_bad(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="4 bad rows"):
        call_command("load_divisions", "--file", str(path), "--strict", stderr=StringIO())
    assert not Division.objects.exists()


@pytest.mark.django_db
def test_gb18030_files_load(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("430104,岳麓区\n".encode("gb18030"))
    call_command("load_divisions", "--file", str(path), stdout=StringIO())
    assert Division.objects.get(code="430104").name == "岳麓区"


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_divisions", "--file", str(tmp_path / "nope.csv"))
