"""Bulk import (issue #9): ``concerns.io.importer.import_file`` of N message-board rows against raw
DB-API ``executemany`` of the same rows into a plain table in the same database, back to back
(raw, import, raw: the raw figure is the mean of the two), per engine; target ≥ 0.3× its rate.

The rows are the real texts of the TipDM 2020 board (``messages_votes.csv``, cycled) with a
unique 留言编号 each and the official reply (答复意见, 答复时间) on every third row. Each size is
imported into a fresh migrated scratch database by a fresh process (its peak RSS is recorded).
The row-by-row path this replaced is measured at 1k in the same run (the "before" figure).

Usage: .venv/bin/python bench/bulk_import.py [--quick]
  BENCH_ENGINES (sqlite,postgresql) · BENCH_IMPORT_SIZES (1000,10000,100000; --quick: 1000,10000)
  · BENCH_IMPORT_MAX (the largest size to run; 1000000 adds 1M on PostgreSQL only)
  · BENCH_BEFORE_ROWS (1000) · BENCH_PROFILE=1 (pyinstrument of the largest import, to var/bench)
Writes bench/results/bulk_import.json.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c
import _tipdm

NAME = os.environ.get("BENCH_NAME", "bulk_import")  # another name: a partial rerun
DB = "lastmile_bench_t1_import"
HEADER = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"]
REPLY = "网友您好，您的留言已收悉。经核实，相关部门已安排人员现场处理，问题已解决。感谢您的监督！"

# Fresh process: a migrated scratch schema, nothing else (an import needs no organisation).
SETUP = """
import django, os
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
print("ok")
"""

IMPORT = """
import django, os, time, json, resource
django.setup()
from lastmile.concerns.io import importer
from lastmile.concerns.services import imports
from lastmile.orgs.selectors import Actor
if os.environ.get("BENCH_SLOW") == "1":  # the row-by-row path (the figure before the change)
    from functools import partial
    importer.concerns_import = partial(imports.concerns_import, bulk=False)
data = open(os.environ["BENCH_FILE"], "rb").read()
profiler = None
if os.environ.get("BENCH_PROFILE_TO"):
    from pyinstrument import Profiler
    profiler = Profiler()
    profiler.start()
t = time.perf_counter()
report = importer.import_file(actor=Actor(user_id=None, label="bench"), data=data,
                              name="board.csv", mode="skip")
took = time.perf_counter() - t
if profiler is not None:
    profiler.stop()
    open(os.environ["BENCH_PROFILE_TO"], "w").write(profiler.output_text(unicode=True))
assert not report.errors, [str(i.message) for i in report.errors[:3]]
print(json.dumps({"rows": report.rows, "created": report.created, "replied": report.replied,
                  "seconds": round(took, 2), "rows_per_s": round(report.rows / took),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                       1)}))
"""

DDL = ("CREATE TABLE bench_board_t1 (id BIGSERIAL PRIMARY KEY, external_id VARCHAR(64), "
       "user_code VARCHAR(32), title VARCHAR(120), posted_at VARCHAR(32), text TEXT, "
       "reply TEXT, replied_at VARCHAR(32))")  # fmt: skip
INSERT = ("INSERT INTO bench_board_t1 (external_id, user_code, title, posted_at, text, reply, "
          "replied_at) VALUES (%s, %s, %s, %s, %s, %s, %s)")  # fmt: skip


def sizes(engine: str) -> list[int]:
    default = "1000,10000" if c.QUICK else "1000,10000,100000"
    wanted = [int(s) for s in os.environ.get("BENCH_IMPORT_SIZES", default).split(",") if s]
    top = int(os.environ.get("BENCH_IMPORT_MAX", "100000"))
    if top >= 1_000_000 and engine == "postgresql" and 1_000_000 not in wanted:
        wanted.append(1_000_000)
    return [n for n in wanted if n <= top]


def board_rows(n: int) -> list[tuple[str, ...]]:
    """``n`` board rows from the real texts, cycled; unique ids; a reply on every third row."""
    source = [r for r in _tipdm.rows("messages_votes.csv") if len(r["留言详情"].strip()) <= 5000]
    out: list[tuple[str, ...]] = []
    for i in range(n):
        s = source[i % len(source)]
        posted = _tipdm.parse_time(s["留言时间"])
        reply, replied = ("", "")
        if i % 3 == 0:
            reply = REPLY
            replied = f"{posted.year}/{posted.month}/{posted.day} 23:59:59"
        title = s["留言主题"][:100] + (f" ({i // len(source)})" if i >= len(source) else "")
        text = s["留言详情"]
        out.append((f"B{i:08d}", s["留言用户"], title, s["留言时间"], text, reply, replied))
    return out


def write_csv(rows: list[tuple[str, ...]]) -> Path:
    path = c.VAR / f"{NAME}-{os.getpid()}.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def raw_rate(engine: str, url: str, rows: list[tuple[str, ...]]) -> dict:
    """Raw DB-API executemany of ``rows`` into a plain table of the same database (one
    transaction, the connection settings our app uses), then the table is dropped."""
    if engine == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(DDL.replace("BIGSERIAL", "INTEGER"))
        conn.commit()
        t = time.perf_counter()
        conn.executemany(INSERT.replace("%s", "?"), rows)
        conn.commit()
        took = time.perf_counter() - t
        conn.execute("DROP TABLE bench_board_t1")
        conn.commit()
        conn.close()
    else:
        import psycopg

        with psycopg.connect(url) as pg:
            pg.execute(DDL)
            pg.commit()
            t = time.perf_counter()
            with pg.cursor() as cur:
                cur.executemany(INSERT, rows)
            pg.commit()
            took = time.perf_counter() - t
            pg.execute("DROP TABLE bench_board_t1")
            pg.commit()
    return {"rows": len(rows), "seconds": round(took, 2), "rows_per_s": round(len(rows) / took)}


def import_run(engine: str, rows: list[tuple[str, ...]], *, slow: bool = False) -> dict:
    """Our import of ``rows`` into a fresh scratch database, with raw executemany before and
    after it in the same database."""
    url = c.fresh_database(engine, DB)
    env = c.ours_env(url)
    c.run_python(sys.executable, SETUP, env)
    path = write_csv(rows)
    extra = {"BENCH_FILE": str(path), "BENCH_SLOW": "1" if slow else "0"}
    if os.environ.get("BENCH_PROFILE") == "1" and not slow:
        extra["BENCH_PROFILE_TO"] = str(c.VAR / f"{NAME}-{engine}-{len(rows)}.txt")
    before = raw_rate(engine, url, rows)
    ours = json.loads(c.run_python(sys.executable, IMPORT, {**env, **extra}))
    after = raw_rate(engine, url, rows)
    raw = {
        "rows_per_s": round((before["rows_per_s"] + after["rows_per_s"]) / 2),
        "before_s": before["seconds"],
        "after_s": after["seconds"],
    }
    c.drop_database(engine, DB)
    return {"ours": ours, "executemany": raw,
            "rate_ratio": round(ours["rows_per_s"] / max(raw["rows_per_s"], 1), 4)}  # fmt: skip


def run_engine(engine: str) -> dict:
    out: dict = {"sizes": {}}
    before_rows = int(os.environ.get("BENCH_BEFORE_ROWS", "1000"))
    c.log(NAME, f"{engine}: row by row (before), {before_rows:,} rows")
    out["before_row_by_row"] = import_run(engine, board_rows(before_rows), slow=True)
    c.log(NAME, f"{engine} before: {json.dumps(out['before_row_by_row'])}")
    for size in sizes(engine):
        c.log(NAME, f"{engine}: bulk, {size:,} rows")
        out["sizes"][str(size)] = import_run(engine, board_rows(size))
        c.log(NAME, f"{engine} {size:,}: {json.dumps(out['sizes'][str(size)])}")
    same = out["sizes"].get(str(before_rows))
    if same:
        out["speedup_at_before_size"] = round(
            same["ours"]["rows_per_s"] / max(out["before_row_by_row"]["ours"]["rows_per_s"], 1), 1
        )
    return out


def main() -> int:
    result: dict = {
        "what": "import_file (mode skip) of board rows vs raw executemany into a plain table of "
        "the same database; raw = mean of the runs before and after ours",
        "replies": "every third row",
        "engines": {},
    }
    for engine in c.engines():
        result["engines"][engine] = run_engine(engine)
    (c.VAR / f"{NAME}-{os.getpid()}.csv").unlink(missing_ok=True)
    print(c.write(NAME, result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
