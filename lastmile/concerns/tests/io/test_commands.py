from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lastmile.concerns.models import Concern
from lastmile.concerns.tests.io.conftest import tipdm
from lastmile.concerns.tests.io.helpers import csv_bytes, row


def test_import_command_real_file_then_idempotent(taxonomy):
    path = tipdm("messages_labeled.csv")
    out = StringIO()
    call_command("import", str(path), stdout=out)
    assert "created=494" in out.getvalue() and "duplicates=1" in out.getvalue()
    out = StringIO()
    call_command("import", str(path), "--mode", "skip", stdout=out)
    assert "created=0 existing=494" in out.getvalue()


def test_import_command_fails_in_mode_all_and_prints_the_report(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row(1), row(2, 留言详情="短")]))
    out = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import", str(path), stdout=out)
    assert "row 3\t留言详情" in out.getvalue()
    assert Concern.objects.count() == 0
    call_command("import", str(path), "--mode", "skip", "--map", "留言用户=-", stdout=StringIO())
    assert Concern.objects.count() == 1


def test_import_command_dry_run_and_limit(world, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_bytes(csv_bytes([row(i) for i in range(1, 6)]))
    out = StringIO()
    call_command("import", str(path), "--dry-run", "--limit", "3", stdout=out)
    assert "created=3" in out.getvalue() and "dry run" in out.getvalue()
    assert Concern.objects.count() == 0


def test_export_command_writes_a_workbook(world, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes([row(1), row(2)]))
    call_command("import", str(path), stdout=StringIO())
    out_file = tmp_path / "out.xlsx"
    out = StringIO()
    call_command("export", "--out", str(out_file), "--status", "received", stdout=out)
    ws = load_workbook(out_file).active
    assert ws["A1"].value == "受理编号" and ws.max_row == 3
    call_command("export", "--out", str(out_file), "--user", world.username("handler"), stdout=out)
    assert load_workbook(out_file).active.max_row == 1  # unplaced concerns: not the unit's
    with pytest.raises(CommandError):
        call_command("export", "--out", str(out_file), "--since", "yesterday")
