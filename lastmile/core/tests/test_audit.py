"""The hash-chained audit log and ``lastmile audit verify``."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lastmile.core import audit
from lastmile.core.models import AppendOnlyError, AuditEvent, AuditHead


@pytest.fixture
def chain(db):
    return [
        audit.record(verb=f"test.v{i}", obj_type="thing", obj_id=i, data={"n": i, "名": "值"})
        for i in range(1, 6)
    ]


def _sql(statement, *params):
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), params)


def _verify_fails_at(seq):
    with pytest.raises(CommandError) as info:
        call_command("audit", "verify", stdout=StringIO())
    assert f"event #{seq}" in str(info.value)
    return str(info.value)


def test_chain_links(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(chain))
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.last_hash) == (5, chain[-1].hash)


def test_verify_passes_on_a_clean_log(chain):
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "5" in out.getvalue()
    assert audit.verify() == audit.VerifyResult(True, 5)


def test_verify_passes_on_an_empty_log(db):
    call_command("audit", "verify", stdout=StringIO())


def test_altered_data_is_found(chain):
    _sql("UPDATE {table} SET data = %s WHERE seq = 3", '{"n": 300, "名": "值"}')
    _verify_fails_at(3)


def test_altered_verb_or_time_is_found(chain):
    _sql("UPDATE {table} SET verb = %s WHERE seq = 2", "test.forged")
    _verify_fails_at(2)


def test_deleted_middle_row_is_found(chain):
    _sql("DELETE FROM {table} WHERE seq = 3")
    assert "missing" in _verify_fails_at(3)


def test_deleted_last_row_is_found(chain):
    _sql("DELETE FROM {table} WHERE seq = 5")
    _verify_fails_at(5)


def test_deleted_first_row_is_found(chain):
    _sql("DELETE FROM {table} WHERE seq = 1")
    _verify_fails_at(1)


def test_swapped_seq_is_found(chain):
    _sql("UPDATE {table} SET seq = 999 WHERE seq = 2")
    _sql("UPDATE {table} SET seq = 2 WHERE seq = 4")
    _sql("UPDATE {table} SET seq = 4 WHERE seq = 999")
    _verify_fails_at(2)


def test_rehashed_forgery_still_breaks_the_next_link(chain):
    forged = chain[2]
    new_hash = audit.compute_hash(
        seq=forged.seq,
        occurred_at=forged.occurred_at,
        actor_id=forged.actor_id,
        actor_label=forged.actor_label,
        verb="test.forged",
        object_type=forged.object_type,
        object_id=forged.object_id,
        data=forged.data,
        prev_hash=forged.prev_hash,
    )
    _sql("UPDATE {table} SET verb = %s, hash = %s WHERE seq = 3", "test.forged", new_hash)
    _verify_fails_at(4)


def test_save_on_existing_row_and_delete_raise(chain):
    event = AuditEvent.objects.get(seq=2)
    event.verb = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(seq=2).verb == "test.v2"
    assert audit.verify().ok


def test_canonical_data(db):
    from datetime import date, datetime
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    event = audit.record(
        verb="t",
        obj_type="x",
        obj_id=1,
        data={
            "at": datetime(2026, 10, 1, 8, tzinfo=ZoneInfo("Asia/Shanghai")),
            "day": date(2026, 10, 1),
            "n": Decimal("1.5"),
            "t": (1, 2),
            3: None,
        },
    )
    assert event.data == {
        "at": "2026-10-01T00:00:00+00:00",
        "day": "2026-10-01",
        "n": "1.5",
        "t": [1, 2],
        "3": None,
    }
    assert audit.verify().ok
