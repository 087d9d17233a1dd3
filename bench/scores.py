"""Score rollups at city scale on PostgreSQL: warm ranking latency and a full month's recompute.

Usage: .venv/bin/python bench/scores.py   (or: .venv/bin/python bench/run.py scores)
Environment: BENCH_PG_URL (default postgres://lastmile:lastmile@127.0.0.1:5432/postgres, used to
create and drop the throw-away database ``lastmile_bench_scores``), BENCH_HISTORY (concerns in the
history before the measured month, default 2,000,000), BENCH_MONTH (concerns of the measured month,
default 167,000 = 10 M over 60 months), BENCH_UNITS (default 1,000), BENCH_CHUNK (concerns per load
transaction, default 250,000), BENCH_KEEP=1 (keep the database afterwards).

What is generated (straight SQL, not through the services — the audit chain's hashes are fakes,
which the rollups never read): 1,000 units on 1,000 grids (10 streets × 10 communities × 10 grids),
concerns with a phone drawn from 300,000 and one of 50 categories, and four audit events each
(received, dispatch, reply, callback; 10 % of callbacks expire as not rated instead). Each of the
60 months before the measured one gets a rollup row per unit and area (what ``rollup_refresh``
would have stored), so the ranking reads a full 5-year table; the measured month is recomputed for
real from its audit events. Writes bench/results/scores.json.

Phones are stored as the application stores them: ``resident_phone`` holds the Fernet ciphertext
and ``resident_phone_hash`` the keyed blind index, both computed once in Python for the 300,000
phones with this process's settings (``LASTMILE_PII_KEYS`` / ``LASTMILE_PII_HASH_KEY`` from the
environment, else derived from SECRET_KEY as ``config.local`` does) and joined in from a temp
table. Phone and category are drawn by a hash of the row number, independently of the grid.

Loading at 10 M: the indexes and constraints of ``concerns_concern`` and ``core_auditevent``
(all but the primary keys) are read from ``pg_indexes`` / ``pg_constraint``, dropped, the rows
inserted with ``INSERT … SELECT`` over ``generate_series`` in chunks (one transaction per chunk,
concerns and their events together, retried on a connection error), then the same definitions
are recreated one by one (each timed) and the database is analysed.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DB = "lastmile_bench_scores"
ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://lastmile:lastmile@127.0.0.1:5432/postgres")
HISTORY = int(os.environ.get("BENCH_HISTORY", "2000000"))
MONTH = int(os.environ.get("BENCH_MONTH", "167000"))
UNITS = int(os.environ.get("BENCH_UNITS", "1000"))
MONTHS_BACK = 60
PHONES = 300_000


def _fresh_database() -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")


def _setup_django() -> None:
    base = ADMIN_URL.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _filler(cursor, table: str, given: dict[str, str]) -> tuple[str, str]:
    """Column list and SELECT expressions: ``given`` plus a neutral value for every other
    NOT NULL column (Django keeps its defaults in Python, not in the schema)."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL",
        [table],
    )
    neutral = {"boolean": "false", "integer": "0", "smallint": "0", "bigint": "0",
               "jsonb": "'{}'::jsonb", "timestamp with time zone": "now()"}  # fmt: skip
    cols = dict(given)
    for name, kind in cursor.fetchall():
        cols.setdefault(name, neutral.get(kind, "''"))
    return ", ".join(cols), ", ".join(cols.values())


CHUNK = int(os.environ.get("BENCH_CHUNK", "250000"))  # concerns per load transaction
BIG_TABLES = ("concerns_concern", "core_auditevent")


def _phones(c, timings: dict[str, object]) -> None:
    """The 300,000 phones as the application stores them: the Fernet ciphertext in
    ``resident_phone`` and the keyed hash in ``resident_phone_hash``, computed once in Python with
    this process's settings (keys from the environment, else derived from SECRET_KEY as in
    ``config.local``) and loaded into a temp table that the concern insert joins."""
    from lastmile.core import crypto

    t = time.monotonic()
    c.execute("CREATE TEMP TABLE bench_phone (n integer PRIMARY KEY, ct text, h text)")
    with c.copy("COPY bench_phone (n, ct, h) FROM STDIN") as copy:
        for n in range(PHONES):
            phone = f"138{n:08d}"
            copy.write_row((n, crypto.encrypt(phone), crypto.phone_hash(phone)))
    c.execute("ANALYZE bench_phone")
    timings["phones_s"] = round(time.monotonic() - t, 2)
    _log(f"{PHONES:,} phone ciphertexts and hashes in {timings['phones_s']:.0f} s")


def _schema(c, table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What the migrations made on ``table`` apart from its primary key: plain indexes from
    ``pg_indexes`` (definitions as PostgreSQL prints them) and constraints (unique, foreign key,
    check) from ``pg_constraint``; the indexes that back a constraint come back with it."""
    c.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype <> 'p' ORDER BY contype DESC, conname",
        [table],
    )
    constraints = list(c.fetchall())
    c.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = %s::regclass) ORDER BY indexname",
        [table, table],
    )
    return list(c.fetchall()), constraints


def _drop_schema(c, schema: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]) -> None:
    for table, (indexes, constraints) in schema.items():
        for name, _definition in constraints:
            c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            c.execute(f'DROP INDEX "{name}"')
        _log(f"{table}: dropped {len(indexes)} indexes and {len(constraints)} constraints")


def _restore_schema(
    c, schema: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]
) -> dict[str, float]:
    """Recreate exactly what was dropped, timing each statement."""
    took: dict[str, float] = {}
    for table, (indexes, constraints) in schema.items():
        for name, definition in indexes:
            t = time.monotonic()
            c.execute(definition)
            took[name] = round(time.monotonic() - t, 2)
            _log(f"index {name}: {took[name]:.1f} s")
        for name, definition in constraints:
            t = time.monotonic()
            c.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            took[name] = round(time.monotonic() - t, 2)
            _log(f"constraint {name}: {took[name]:.1f} s")
    return took


def _load_chunk(c, lo: int, hi: int, concern_sql: str, event_sqls: list[str]) -> None:
    from django.db import transaction

    with transaction.atomic():
        for sql in (concern_sql, *event_sqls):  # no parameters: the SQL holds literal %
            c.execute(sql.replace("LO::", f"{lo}::").replace("HI::", f"{hi}::"))


def _generate(month_start: datetime) -> dict[str, object]:
    from django.db import OperationalError, connection

    timings: dict[str, object] = {}
    t = time.monotonic()
    with connection.cursor() as c:
        c.execute("SET synchronous_commit = off")  # this session only: a throw-away database
        c.execute("SET maintenance_work_mem = '256MB'")
        c.execute(
            "INSERT INTO orgs_area (id, name, code, level, path, is_village) "
            "VALUES (1, '示范区', 'D', 'district', '/1/', false)"
        )
        c.execute(
            "INSERT INTO orgs_area (id, name, code, level, parent_id, path, is_village) "
            "SELECT 1 + s, '街道' || s, 'S' || s, 'street', 1, '/1/' || (1 + s) || '/', false "
            "FROM generate_series(1, 10) s"
        )
        c.execute(
            "INSERT INTO orgs_area (id, name, code, level, parent_id, path, is_village) "
            "SELECT 100 + s, '社区' || s, 'C' || s, 'community', 2 + (s - 1) / 10, "
            "'/1/' || (2 + (s - 1) / 10) || '/' || (100 + s) || '/', false "
            "FROM generate_series(1, 100) s"
        )
        c.execute(
            "INSERT INTO orgs_area (id, name, code, level, parent_id, path, is_village) "
            "SELECT 1000 + s, '网格' || s, 'G' || s, 'grid', 100 + 1 + (s - 1) / 10, "
            "'/1/' || (2 + (s - 1) / 100) || '/' || (101 + (s - 1) / 10) || '/' || (1000 + s) "
            "|| '/', false FROM generate_series(1, 1000) s"
        )
        c.execute(
            "INSERT INTO orgs_unit (id, name, code, kind, area_id, phone, is_active) "
            f"SELECT s, '单位' || s, 'U' || s, 'department', 1000 + s, '', true "
            f"FROM generate_series(1, {UNITS}) s"
        )
        c.execute(
            "INSERT INTO concerns_category (id, code, name, level, is_active) "
            "SELECT s, 'K' || s, '类别' || s, 1, true FROM generate_series(1, 50) s"
        )
        _phones(c, timings)
        t = time.monotonic()
        schema = {table: _schema(c, table) for table in BIG_TABLES}
        timings["dropped"] = {
            table: {"indexes": [n for n, _ in ix], "constraints": [n for n, _ in cons]}
            for table, (ix, cons) in schema.items()
        }
        _drop_schema(c, schema)
        total = HISTORY + MONTH
        start = int(month_start.timestamp())
        span = MONTHS_BACK * 30 * 86400
        # History: spread over the 60 months before; the measured month: inside it.
        created = (
            f"to_timestamp(CASE WHEN s <= {HISTORY} "
            f"THEN {start - span} + (s::bigint * {span} / {max(HISTORY, 1)}) "
            f"ELSE {start} + ((s - {HISTORY})::bigint * 24 * 86400 / {max(MONTH, 1)}) END)"
        )
        # Phone and category drawn pseudo-randomly (hash of s), independent of the grid: with
        # ``s % 50`` the category was a function of ``s % 1000`` (the grid), so every concern
        # repeated the one before at its place and the repeat rate was 100 %.
        cols, values = _filler(
            c,
            "concerns_concern",
            {
                "id": "s",
                "code": "'B' || s",
                "channel": "'web'",
                "kind": "'complaint'",
                "urgency": "'normal'",
                "status": "'closed'",
                "version": "5",
                "title": "'楼道灯坏了'",
                "text": "'楼道灯坏了很久'",
                "area_id": f"1001 + (s % {UNITS})",
                "lead_unit_id": f"1 + (s % {UNITS})",
                "category_id": "1 + abs(hashint8(s::bigint) % 50)",
                "resident_phone": "p.ct",
                "resident_phone_hash": "p.h",
                "created_at": created,
                "updated_at": created,
                "outcome": "CASE WHEN s % 10 = 0 THEN 'not_rated' ELSE 'rated' END",
            },
        )
        concern_sql = (
            f"INSERT INTO concerns_concern ({cols}) SELECT {values} "
            "FROM generate_series(LO::bigint, HI::bigint) s "
            f"JOIN bench_phone p ON p.n = abs(hashint8(-s::bigint) % {PHONES})"
        )
        events = [
            ("concern.received", "0", "jsonb_build_object('to', 'received', 'channel', 'web')"),
            ("concern.dispatch", "3600",
             f"jsonb_build_object('to', 'dispatched', 'unit_id', 1 + (s % {UNITS}))"),
            ("concern.reply", "4 * 86400",
             "jsonb_build_object('to', 'replied', 'late', s % 7 = 0)"),
            ("CASE WHEN s % 10 = 0 THEN 'concern.expire_callback' ELSE 'concern.callback' END",
             "5 * 86400",
             "CASE WHEN s % 10 = 0 THEN jsonb_build_object('outcome', 'not_rated') ELSE "
             "jsonb_build_object('to', 'closed', 'contacted', s % 13 <> 0, 'resolved', "
             "s % 5 <> 0, 'satisfaction', (ARRAY['satisfied','satisfied','mostly_satisfied',"
             "'dissatisfied'])[1 + s % 4], 'reopened', false) END"),
        ]  # fmt: skip
        event_sqls = []
        for k, (verb, offset, data) in enumerate(events):
            verb_sql = verb if verb.startswith("CASE") else f"'{verb}'"
            event_sqls.append(
                "INSERT INTO core_auditevent (seq, occurred_at, actor_id, actor_label, verb, "
                "object_type, object_id, data, prev_hash, hash) "
                f"SELECT s * 4 + {k}, {created} + make_interval(secs => {offset}), "
                f"NULL, 'bench', {verb_sql}, 'concern', s::text, {data}, '', "
                f"md5((s * 4 + {k})::text) "
                "FROM generate_series(LO::bigint, HI::bigint) s"
            )
        timings["drop_s"] = round(time.monotonic() - t, 2)
        t = time.monotonic()
        chunks: list[float] = []
        for lo in range(1, total + 1, CHUNK):
            hi = min(lo + CHUNK - 1, total)
            tc = time.monotonic()
            for attempt in (1, 2, 3):
                try:
                    _load_chunk(c, lo, hi, concern_sql, event_sqls)
                    break
                except OperationalError as exc:  # e.g. a dropped connection: redo the chunk
                    _log(f"chunk {lo:,}-{hi:,} failed ({exc}); attempt {attempt} of 3")
                    if attempt == 3:
                        raise
            chunks.append(round(time.monotonic() - tc, 2))
            elapsed = time.monotonic() - t
            _log(
                f"loaded {hi:,} / {total:,} concerns (+{4 * (hi - lo + 1):,} events) in "
                f"{chunks[-1]:.0f} s; {elapsed:.0f} s so far, {hi / elapsed:,.0f} concerns/s"
            )
        timings["load_s"] = round(time.monotonic() - t, 2)
        timings["load_chunk_concerns"] = CHUNK
        timings["load_chunks_s"] = chunks
        c.execute(f"UPDATE core_audithead SET seq = {total * 4 + 3} WHERE id = 1")
        t = time.monotonic()
        timings["index_build_s"] = _restore_schema(c, schema)
        timings["indexes_s"] = round(time.monotonic() - t, 2)
        t = time.monotonic()
        c.execute("ANALYZE")
        timings["analyze_s"] = round(time.monotonic() - t, 2)
        _log(f"ANALYZE in {timings['analyze_s']:.0f} s")
        c.execute("DROP TABLE bench_phone")
    return timings


def _history_rollups(period: str) -> float:
    """What the refresh would have stored for the 60 earlier months (unit and area rows)."""
    from django.db import connection

    from lastmile.scores.conf import shift

    t = time.monotonic()
    with connection.cursor() as c:
        for back in range(1, MONTHS_BACK + 1):
            p = shift(period, -back)
            c.execute(
                "INSERT INTO scores_rollup (period, level, key, received, base, not_rated, "
                "contacted, resolved, satisfied, mostly, dissatisfied, replied, on_time, "
                "obj_upheld, obj_rejected, urges, circulars, reopens, repeats) "
                "SELECT %s, lv, k, 40, 36, 4, 34, 30, 20 + (k + %s) %% 9, 8, 8 - (k + %s) %% 9 "
                "+ 8, 40, 35, 1, 1, 2, 0, 3, 2 FROM (SELECT 'unit' lv, s k FROM "
                "generate_series(1, %s) s UNION ALL SELECT 'area', id FROM orgs_area "
                "UNION ALL SELECT 'grid', id FROM orgs_area WHERE level = 'grid') x",
                [p, back, back, UNITS],
            )
        c.execute("ANALYZE scores_rollup")
    return time.monotonic() - t


def _log(message: str) -> None:
    print(f"[scores {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def _bare_group_by(month_start: datetime) -> tuple[float, float]:
    """The machine's floor for the month: one bare ``GROUP BY`` of the month's concerns per unit
    (counts only, no rates, no trend). Median and p95 in ms over 10 warm runs."""
    from django.db import connection

    from lastmile.scores.conf import period_bounds

    start, end = period_bounds(month_start.strftime("%Y-%m"))
    samples = []
    with connection.cursor() as c:
        for i in range(11):
            t = time.perf_counter()
            c.execute(
                "SELECT lead_unit_id, count(*), count(*) FILTER (WHERE outcome = 'rated') "
                "FROM concerns_concern WHERE created_at >= %s AND created_at < %s "
                "GROUP BY lead_unit_id",
                [start, end],
            )
            c.fetchall()
            if i:
                samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return round(statistics.median(samples), 1), round(samples[int(len(samples) * 0.95) - 1], 1)


def _repeat_rates(period: str, month_start: datetime) -> dict[str, object]:
    """The month's repeat-complaint rate as the recompute stored it (unit rows: repeats / base),
    and, straight from the rows, the share of the month's concerns whose phone hash occurs in the
    30 days before (so a blank or constant hash would show as 0 % or 100 %)."""
    from django.db import connection

    from lastmile.scores.conf import period_bounds

    start, end = period_bounds(month_start.strftime("%Y-%m"))
    with connection.cursor() as c:
        c.execute(
            "SELECT sum(repeats), sum(base) FROM scores_rollup "
            "WHERE period = %s AND level = 'unit'",
            [period],
        )
        repeats, base = c.fetchone()
        c.execute(
            "SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM concerns_concern e "
            "WHERE e.resident_phone_hash = m.resident_phone_hash "
            "AND e.resident_phone_hash <> '' AND e.created_at < m.created_at "
            "AND e.created_at >= m.created_at - interval '30 days')), "
            "count(*), count(DISTINCT resident_phone_hash), "
            "count(*) FILTER (WHERE resident_phone LIKE 'gAAAAA%%') "
            "FROM concerns_concern m WHERE created_at >= %s AND created_at < %s",
            [start, end],
        )
        same_phone, month, phones, encrypted = c.fetchone()
    return {
        "repeat_rate": round((repeats or 0) / max(base or 0, 1), 4),
        "repeat_rollup_repeats": repeats,
        "repeat_rollup_base": base,
        "month_same_phone_30d_share": round(same_phone / max(month, 1), 4),
        "month_distinct_phone_hashes": phones,
        "month_phones_encrypted": encrypted,
    }


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip
    except OSError:
        return ""


def main() -> int:
    _fresh_database()
    _setup_django()
    from django.db import connection, reset_queries
    from django.utils import timezone

    from lastmile.scores.conf import period_bounds, shift
    from lastmile.scores.models import RollupCursor
    from lastmile.scores.selectors import ranking
    from lastmile.scores.services import recompute, verify

    period = shift(timezone.localtime().strftime("%Y-%m"), -1)
    month_start, _end = period_bounds(period)
    result: dict[str, object] = {"period": period, "units": UNITS, "history_concerns": HISTORY,
                                 "month_concerns": MONTH}  # fmt: skip
    _log(f"generating {HISTORY + MONTH:,} concerns, {4 * (HISTORY + MONTH):,} events")
    result["load_average_start"] = list(os.getloadavg())
    result.update(_generate(month_start))
    result["history_rollups_s"] = _history_rollups(period)
    _log("generated; recomputing the month")
    with connection.cursor() as c:
        c.execute("SELECT max(seq) FROM core_auditevent")
        top = c.fetchone()[0]
        c.execute("SELECT count(*) FROM core_auditevent")
        result["audit_events"] = c.fetchone()[0]
    RollupCursor.objects.update_or_create(name="scores", defaults={"seq": top})
    t = time.monotonic()
    rows = recompute(period)
    result["recompute_month_s"] = round(time.monotonic() - t, 2)
    result["recompute_rows"] = rows
    result.update(_repeat_rates(period, month_start))
    t = time.monotonic()
    differences = verify(period)
    result["verify_month_s"] = round(time.monotonic() - t, 2)
    result["verify_differences"] = len(differences)
    ranking(period=period, level="unit")  # warm
    samples = []
    for _ in range(30):
        reset_queries()
        t = time.perf_counter()
        r = ranking(period=period, level="unit")
        samples.append((time.perf_counter() - t) * 1000)
    result["ranking_rows"] = len(r.rows)
    ranking_ms = round(statistics.median(samples), 1)
    result["ranking_warm_ms_median"] = ranking_ms
    result["ranking_warm_ms_p95"] = round(sorted(samples)[int(len(samples) * 0.95) - 1], 1)
    # The limit: a bare GROUP BY of the month's concerns (what a ranking without rollups costs).
    median, p95 = _bare_group_by(month_start)
    result["limit_group_by_ms_median"], result["limit_group_by_ms_p95"] = median, p95
    result["ranking_over_limit"] = round(ranking_ms / max(median, 0.01), 3)
    with connection.cursor() as c:
        c.execute("SELECT pg_database_size(current_database())")
        result["database_bytes"] = c.fetchone()[0]
    result["engine"] = "postgresql"
    result["load_average_end"] = list(os.getloadavg())
    result.update(
        {
            "machine": f"{platform.machine()} · {os.cpu_count()} cores · Python "
            f"{platform.python_version()} · PostgreSQL {getattr(connection, 'pg_version', '?')}",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": _commit(),
        }
    )
    out = HERE / "results" / "scores.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    connection.close()
    if os.environ.get("BENCH_KEEP") != "1":
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
