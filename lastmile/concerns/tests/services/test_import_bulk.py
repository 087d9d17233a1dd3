"""The bulk write path of an import writes what the row-by-row path writes, in a few queries."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from functools import partial
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from lastmile.concerns.choices import Channel, Kind, Outcome, Status
from lastmile.concerns.io import importer
from lastmile.concerns.io.importer import import_file
from lastmile.concerns.models import Concern
from lastmile.concerns.services import imports, imports_bulk, intake
from lastmile.concerns.services.imports import ImportRow, concerns_import
from lastmile.concerns.tests.io.helpers import csv_bytes, row
from lastmile.core import audit
from lastmile.core.models import AuditEvent
from lastmile.orgs.selectors import Actor

TZ = ZoneInfo("Asia/Shanghai")
SYSTEM = Actor(user_id=None, label="system")
HEADER = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"]
SKIP_FIELDS = {"id", "code"}


def _file(n: int = 40) -> bytes:
    """A board export: replies on every third row, rows without a time (received now), two
    rows with the same text and no time (a double submit), a repeated id, bad rows."""
    rows: list[list[Any]] = []
    for i in range(1, n + 1):
        when = f"2019/{1 + i % 12}/{1 + i % 27} 9:{i % 60}:00"
        over: dict[str, Any] = {"_header": HEADER, "留言时间": when}
        if i % 3 == 0 and i % 10 != 7:  # (a row received "now" cannot have a 2019 reply)
            over["答复意见"] = f"网友您好，您反映的第{i}号问题已转交属地处理。"
            over["答复时间"] = f"2019/{1 + i % 12}/28 10:00:00"
        if i % 10 == 7:
            over["留言时间"] = ""
        rows.append(row(i, **over))
    same = "楼下的垃圾桶满了三天没有人清理。"
    rows.append(row(901, _header=HEADER, 留言时间="", 留言详情=same))
    rows.append(row(902, _header=HEADER, 留言时间="", 留言详情=same))
    rows.append(row(5, _header=HEADER))  # the id of row 5 again: a warning, left out
    rows.append(row(903, _header=HEADER, 留言详情="短"))  # too short: an error
    rows.append(row(904, _header=HEADER, 留言主题="超长" * 70))  # subject too long: an error
    return csv_bytes(rows, header=HEADER)


def _snapshot() -> dict[str, Any]:
    concerns = {}
    for concern in Concern.objects.order_by("external_id"):
        values = {
            f.attname: getattr(concern, f.attname)
            for f in Concern._meta.concrete_fields
            if f.attname not in SKIP_FIELDS
        }
        concerns[concern.external_id] = values
    ids = dict(Concern.objects.values_list("pk", "external_id"))
    events = [
        (
            e.verb,
            e.object_type,
            ids.get(int(e.object_id))
            if e.object_type == "concern" and e.object_id.isdigit()
            else e.object_id,
            e.data,
            e.occurred_at,
            e.actor_id,
            e.actor_label,
        )
        for e in AuditEvent.objects.order_by("seq")
    ]
    call_command("scores", "refresh", stdout=StringIO())
    rollups = sorted(
        tuple(sorted((k, v) for k, v in r.items() if k not in {"id", "updated_at"}))
        for r in apps.get_model("scores", "Rollup").objects.values()
    )
    return {"concerns": concerns, "events": events, "rollups": rollups}


def _run_both(monkeypatch, write) -> tuple[dict, dict, Any, Any]:  # type: ignore[no-untyped-def]
    """``write()`` through the row-by-row path, rolled back, then through the bulk path; the
    clock stands still so both see the same "now"."""
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    with transaction.atomic():
        sid = transaction.savepoint()
        monkeypatch.setattr(importer, "concerns_import", partial(concerns_import, bulk=False))
        slow = write()
        slow_state = _snapshot()
        transaction.savepoint_rollback(sid)
    assert not Concern.objects.exists()
    monkeypatch.setattr(importer, "concerns_import", concerns_import)
    fast = write()
    return slow_state, _snapshot(), slow, fast


@pytest.mark.parametrize("mode", ["skip", "all"])
def test_bulk_writes_exactly_what_the_row_by_row_path_writes(world, monkeypatch, mode):
    actor = world.actor("dispatcher")
    data = _file()
    if mode == "all":  # all or nothing: a clean file
        data = csv_bytes([r for r in _rows_of(data) if r[0] not in {"903", "904"}], header=HEADER)

    def write():  # type: ignore[no-untyped-def]
        return import_file(actor=actor, data=data, name="board.csv", mode=mode)

    slow_state, fast_state, slow, fast = _run_both(monkeypatch, write)
    assert (fast.created, fast.existing, fast.replied, fast.skipped) == (
        slow.created,
        slow.existing,
        slow.replied,
        slow.skipped,
    )
    assert [(i.row, i.column, i.message) for i in fast.issues] == [
        (i.row, i.column, i.message) for i in slow.issues
    ]
    assert fast.created == 41 and fast.replied == 12 and fast.existing == 1
    assert fast_state["concerns"] == slow_state["concerns"]
    assert fast_state["events"] == slow_state["events"]
    assert fast_state["rollups"] == slow_state["rollups"]  # (imports have no area: none)
    assert audit.verify().ok
    call_command("scores", "verify", stdout=StringIO())
    replied = Concern.objects.get(external_id="3")
    assert replied.status == Status.CLOSED and replied.outcome == Outcome.NOT_RATED
    assert replied.created_by == world.people["dispatcher"] and replied.version == 2
    verbs = AuditEvent.objects.filter(object_type="concern", object_id=str(replied.pk)).values_list(
        "verb", flat=True
    )
    assert list(verbs) == ["concern.received", "concern.import_reply"]


def _rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))[1:]


def test_reimport_and_a_reply_for_a_concern_already_received(world):
    actor = world.actor("dispatcher")
    first = csv_bytes([row(i, _header=HEADER) for i in (1, 2, 3)], header=HEADER)
    import_file(actor=actor, data=first, name="a.csv", mode="skip")
    assert Concern.objects.filter(status=Status.RECEIVED).count() == 3
    replied = row(2, _header=HEADER, 答复意见="已处理完毕。", 答复时间="2020/1/8 9:00:00")
    second = csv_bytes([row(1, _header=HEADER), replied, row(4, _header=HEADER)], header=HEADER)
    report = import_file(actor=actor, data=second, name="b.csv", mode="skip")
    assert (report.created, report.existing, report.replied) == (1, 2, 1)
    assert Concern.objects.get(external_id="2").status == Status.CLOSED
    assert Concern.objects.count() == 4
    assert audit.verify().ok


def _item(n: int, **over: Any) -> ImportRow:
    values: dict[str, Any] = {
        "row": n + 1,
        "external_id": f"E{n}",
        "text": f"小区{n}号楼电梯坏了一个星期，老人上下楼很困难。",
        "kind": Kind.COMPLAINT,
        "created_at": datetime(2019, 5, 1, 8, 0, tzinfo=TZ) + timedelta(minutes=n),
        "title": f"电梯坏了{n}",
    }
    if n % 2:
        values["reply"] = f"您好，第{n}号楼电梯已修复。"
        values["replied_at"] = values["created_at"] + timedelta(days=3)
    values.update(over)
    return ImportRow(**values)


def test_all_mode_failure_undoes_everything_and_names_row_and_field(world):
    items = [_item(i) for i in range(30)]
    items[17] = _item(17, kind="nonsense")
    result = concerns_import(actor=SYSTEM, rows=items, mode="all", summary={})
    assert result.created == 0
    assert result.failed == [(18, "kind", "请选择诉求类型。")]
    assert not Concern.objects.exists()
    assert not AuditEvent.objects.filter(object_type="concern").exists()


def test_skip_mode_leaves_out_only_the_bad_rows(world):
    items = [_item(i) for i in range(30)]
    items[4] = _item(4, text="短")
    items[9] = _item(9, title="长" * 121)
    items[11] = _item(11, reply="   ")
    result = concerns_import(actor=SYSTEM, rows=items, mode="skip", summary={})
    assert result.created == 27 and result.replied == 13
    assert [(r, f) for r, f, _m in result.failed] == [(5, "text"), (10, "title"), (12, "reply")]
    assert result.failed[0][2] == "请描述具体情况，至少 5 个字。"
    assert not Concern.objects.filter(external_id__in=["E4", "E9", "E11"]).exists()
    verbs = AuditEvent.objects.values_list("verb", flat=True)
    assert list(verbs).count("concern.received") == 27
    assert list(verbs).count("concern.import_reply") == 13
    assert audit.verify().ok


def test_a_repeated_id_in_one_batch_is_counted_once(world):
    items = [_item(1), _item(2), _item(1, row=9), _item(3)]
    result = concerns_import(actor=SYSTEM, rows=items, mode="skip", summary={})
    assert (result.created, result.existing) == (3, 1)
    assert Concern.objects.count() == 3


def test_resident_user_rule_is_the_slow_paths(world):
    resident = Actor(user_id=world.actor("dispatcher").user_id, label="居民")  # no memberships
    concerns_import(actor=resident, rows=[_item(2)], mode="skip", summary={})
    concern = Concern.objects.get()
    assert concern.resident_user_id == resident.user_id and concern.created_by is None
    assert concern.title == "电梯坏了2" and concern.channel == Channel.IMPORT


def test_untitled_row_takes_its_first_30_characters(world):
    concerns_import(
        actor=SYSTEM, rows=[_item(2, title="", text="甲" * 50)], mode="skip", summary={}
    )
    assert Concern.objects.get().title == "甲" * 30


def test_codes_that_clash_are_drawn_again(world, monkeypatch):
    taken = concerns_import(actor=SYSTEM, rows=[_item(0)], mode="skip", summary={})
    assert taken.created == 1
    existing = Concern.objects.get().code
    draws = iter([existing, "991231AAAA", "991231AAAA", "991231BBBB", "991231CCCC"])
    monkeypatch.setattr(intake, "_new_code", lambda: next(draws))
    result = concerns_import(actor=SYSTEM, rows=[_item(2), _item(4)], mode="skip", summary={})
    assert result.created == 2
    codes = set(Concern.objects.values_list("code", flat=True))
    assert codes == {existing, "991231AAAA", "991231BBBB"}  # no fallback to the slow path


def test_a_batch_that_fails_to_insert_is_redone_row_by_row(world, monkeypatch):
    concerns_import(actor=SYSTEM, rows=[_item(0)], mode="skip", summary={})
    existing = Concern.objects.get().code

    def clash(concerns):  # type: ignore[no-untyped-def]
        for concern in concerns:
            concern.code = existing  # as if another writer took it meanwhile

    monkeypatch.setattr(imports_bulk, "_assign_codes", clash)
    result = concerns_import(
        actor=SYSTEM, rows=[_item(i) for i in range(1, 6)], mode="skip", summary={}
    )
    assert (result.created, result.replied, result.failed) == (5, 3, [])
    assert Concern.objects.count() == 6
    assert AuditEvent.objects.filter(verb="concern.received").count() == 6
    assert audit.verify().ok


def _insert_statements(model: type[Any], n: int) -> int:
    """INSERT statements ``bulk_create`` needs for ``n`` rows: one per 1000 on PostgreSQL;
    SQLite caps the parameters of a statement (999), so about one per 19 concerns there."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    per = min(connection.ops.bulk_batch_size(fields, [None] * n) or n, 1000)
    return -(-n // per)


@pytest.mark.parametrize("n", [200, 400])
def test_query_count_does_not_grow_with_the_rows(world, django_assert_max_num_queries, n):
    actor = world.actor("dispatcher")
    items = [_item(i) for i in range(n)]
    inserts = _insert_statements(Concern, n) + _insert_statements(AuditEvent, n + n // 2)
    # 24 round trips (look-ups, the audit head, savepoints) whatever the size, plus the inserts
    with django_assert_max_num_queries(24 + inserts):
        result = concerns_import(actor=actor, rows=items, mode="skip", summary={})
    assert result.created == n
    if connection.vendor == "postgresql":
        assert inserts == 2
    assert audit.verify().ok


def test_batches_of_a_large_import(world, monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 7)
    items = [_item(i) for i in range(30)]
    items[20] = _item(20, text="短")
    result = concerns_import(actor=SYSTEM, rows=items, mode="skip", summary={"file": "x"})
    assert (result.created, len(result.failed)) == (29, 1)
    summary = AuditEvent.objects.get(verb="concerns.imported")
    assert summary.data["created"] == 29 and summary.data["failed"] == 1
    assert audit.verify().ok
