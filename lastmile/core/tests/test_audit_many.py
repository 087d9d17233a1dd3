"""``audit.record_many``: a batch appended with one head lock, chained exactly as ``record``."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from lastmile.core import audit
from lastmile.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db

AT = datetime(2020, 1, 6, 12, 9, 38, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))


def _specs(n: int, start: int = 0) -> list[audit.EventSpec]:
    return [
        audit.EventSpec(
            verb=f"test.many{i}",
            obj_type="thing",
            obj_id=i,
            actor_id=None,
            actor_label="导入",
            data={"n": i, "名": "值", "when": AT + timedelta(hours=i)},
            at=AT + timedelta(minutes=i),
        )
        for i in range(start, start + n)
    ]


def _kwargs(spec: audit.EventSpec) -> dict:
    return {
        "verb": spec.verb,
        "obj_type": spec.obj_type,
        "obj_id": spec.obj_id,
        "actor_id": spec.actor_id,
        "actor_label": spec.actor_label,
        "data": spec.data,
        "at": spec.at,
    }


def test_empty_batch_writes_nothing() -> None:
    audit.record(verb="test.one", obj_type="thing", obj_id=1)
    head = AuditHead.objects.get(pk=1)
    assert audit.record_many([]) == []
    assert AuditHead.objects.get(pk=1).seq == head.seq
    assert AuditEvent.objects.count() == 1


def test_empty_batch_takes_no_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        audit.record_many([])


def test_first_batch_starts_the_chain() -> None:
    events = audit.record_many(_specs(3))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == audit.GENESIS
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.last_hash) == (3, events[-1].hash)
    assert audit.verify() == audit.VerifyResult(True, 3)


def test_same_hashes_as_calling_record_n_times() -> None:
    audit.record(verb="test.before", obj_type="thing", obj_id=0)
    specs = _specs(5)
    with transaction.atomic():
        sid = transaction.savepoint()
        one_by_one = [audit.record(**_kwargs(s)) for s in specs]
        expected = [(e.seq, e.prev_hash, e.hash, e.data) for e in one_by_one]
        transaction.savepoint_rollback(sid)
    assert AuditEvent.objects.count() == 1
    batch = audit.record_many(specs)
    assert [(e.seq, e.prev_hash, e.hash, e.data) for e in batch] == expected
    stored = list(AuditEvent.objects.filter(seq__gt=1).order_by("seq"))
    assert [(e.seq, e.hash) for e in stored] == [(s, h) for s, _p, h, _d in expected]


def test_mixed_with_record_verifies() -> None:
    audit.record(verb="test.a", obj_type="thing", obj_id="a", data={"x": 1})
    audit.record_many(_specs(4))
    audit.record(verb="test.b", obj_type="thing", obj_id="b")
    audit.record_many(_specs(1, start=10))
    audit.record_many([])
    audit.record(verb="test.c", obj_type="thing", obj_id="c", data={"名": "值"})
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 9)
    )
    assert audit.verify() == audit.VerifyResult(True, 8)


def test_data_is_canonical_and_label_cut_as_record_does() -> None:
    [event] = audit.record_many(
        [
            audit.EventSpec(
                verb="test.x", obj_type="thing", obj_id=7, actor_label="长" * 200, data={"when": AT}
            )
        ]
    )
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.data == {"when": audit.canonical(AT)}
    assert stored.object_id == "7" and len(stored.actor_label) == 150
    assert stored.occurred_at is not None  # no ``at``: now, as record()
    assert audit.verify().ok


def test_a_failing_caller_leaves_no_trace() -> None:
    audit.record(verb="test.a", obj_type="thing", obj_id="a")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record_many(_specs(3))
        raise RuntimeError("the caller fails after appending")
    assert AuditHead.objects.get(pk=1).seq == 1
    assert audit.verify() == audit.VerifyResult(True, 1)


def test_a_batch_takes_a_bounded_number_of_queries(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    audit.record(verb="test.a", obj_type="thing", obj_id="a")
    # head update, head read, the inserts (SQLite caps parameters per statement), head update
    with django_assert_max_num_queries(12):
        audit.record_many(_specs(500))
    assert audit.verify() == audit.VerifyResult(True, 501)


SQLITE_REASON = (
    "SQLite has no row locks: the test database is one in-memory file shared by the threads, "
    "and a second writer fails with 'database table is locked' instead of waiting (PostgreSQL "
    "runs it)."
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason=SQLITE_REASON)
def test_concurrent_appenders_keep_the_chain_intact() -> None:
    audit.record(verb="test.start", obj_type="thing", obj_id=0)
    n = 4
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            for round_ in range(5):
                with transaction.atomic():
                    if (i + round_) % 2:
                        audit.record_many(_specs(7, start=100 * i + 10 * round_))
                    else:
                        audit.record(verb=f"test.one{i}", obj_type="thing", obj_id=i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    # 4 threads × 5 rounds: rounds alternate between one event and a batch of 7
    expected = 1 + sum(7 if (i + r) % 2 else 1 for i in range(n) for r in range(5))
    assert audit.verify() == audit.VerifyResult(True, expected)
