"""Our figures against the machine's limit, measured in the same run (bench/limit.py):

- HTTP intake (``POST /api/v1/concerns``: validation, duplicate check, place, tracking code, PIN,
  audit event) against the bare one-insert endpoint, interleaved; target ≥ 0.5× its rate;
- list and board latency as the table grows 1k → 1M (the staff list API, the public board API
  and the board page): target the largest within 2× the smallest;
- bulk import of message-board rows (``lastmile import`` → ``concerns.io.importer.import_file``)
  against raw ``executemany`` of the same rows; target ≥ 0.3× its rate;
- memory: RSS of the app server after the run and of a ``db_worker`` after running the periodic
  tasks; target < 300 MB.

Usage: .venv/bin/python bench/ours.py [--quick]   (BENCH_ENGINES, BENCH_MAX, BENCH_SQLITE_MAX,
BENCH_N, BENCH_IMPORT_ROWS). Writes bench/results/ours.json.
``BENCH_ONLY=intake``: only the intake against the bare insert, written to
bench/results/ours_intake.json (the full results file stays as it is). ``BENCH_DB``: the scratch
database name (``lastmile_bench_ours`` by default; must start with ``lastmile_bench_``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c
import limit

NAME = "ours"
N = int(os.environ.get("BENCH_N", "10" if c.QUICK else "30"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "300" if c.QUICK else "3000"))
ONLY = os.environ.get("BENCH_ONLY", "")
DB = os.environ.get("BENCH_DB", "lastmile_bench_ours")

IMPORT = """
import django, os, time, json
django.setup()
from lastmile.concerns.io.importer import import_file
from lastmile.orgs.selectors import Actor
data = open(os.environ["BENCH_FILE"], "rb").read()
t = time.perf_counter()
report = import_file(actor=Actor(user_id=None, label="bench"), data=data, name="board.csv",
                     mode="skip")
took = time.perf_counter() - t
print(json.dumps({"rows": report.rows, "created": report.created, "seconds": round(took, 2),
                  "rows_per_s": round(report.created / took)}))
"""

WORKER_TASKS = """
import django
django.setup()
from django.conf import settings
from django.utils.module_loading import import_string
for name, path in settings.LASTMILE["PERIODIC_TASKS"].items():
    import_string(path).enqueue()
print("enqueued")
"""


def import_rate(env: dict[str, str], rows: int) -> dict:
    """Our import path on a CSV of ``rows`` message-board rows, in a fresh process."""
    path = c.VAR / "board.csv"
    header = "留言编号,留言用户,留言主题,留言时间,留言详情,答复意见\n"
    with path.open("w", encoding="utf-8") as f:
        f.write(header)
        for ext, title, user, when, text, reply in limit.board_rows(rows):
            f.write(f"{ext},{user},{title},{when},{text},{reply}\n")
    return json.loads(c.run_python(sys.executable, IMPORT, {**env, "BENCH_FILE": str(path)}))


def worker_rss(env: dict[str, str]) -> dict:
    """Start a db_worker, enqueue every periodic task, let it run them, read its RSS."""
    c.run_python(sys.executable, WORKER_TASKS, env)
    log = open(c.VAR / "worker.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "lastmile", "db_worker", "--no-reload"],
        cwd=c.ROOT, env={**os.environ, **env}, stdout=log, stderr=log,
    )  # fmt: skip
    peak = 0.0
    try:
        for _ in range(40):
            time.sleep(1)
            peak = max(peak, c.rss_mb(proc.pid))
            if proc.poll() is not None:
                break
        return {"rss_after_mb": c.rss_mb(proc.pid), "rss_peak_mb": peak, "after_s": 40}
    finally:
        proc.terminate()
        try:
            proc.wait(30)  # it finishes the task in hand first
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_engine(engine: str) -> dict:
    url = c.fresh_database(engine, DB)
    env = c.ours_env(url)
    info = json.loads(c.run_python(sys.executable, c.OURS_SETUP, env))
    ours = c.Server("ours", sys.executable, "config.wsgi:application", env, c.ROOT)
    bare = limit.limit_server(engine, f"{DB}_limit")
    out: dict = {"sizes": {}}
    with c.serving(ours, bare):
        anon = c.Client(ours.port)
        staff = c.Client(ours.port, {"Authorization": f"Bearer {info['token']}"})
        counter = iter(range(10**9))

        def intake() -> None:
            i = next(counter)
            anon.json("POST", "/api/v1/concerns", {
                "kind": "complaint", "title": f"路灯不亮 {i}",
                "text": f"小区东门的路灯坏了一个星期，晚上很黑，老人出门不方便。编号{i}",
                "address": "东风社区", "phone": f"139{i:08d}", "name": "李四",
            }, expect=201)  # fmt: skip

        c.log(NAME, f"{engine}: intake vs the bare insert")
        out["intake"] = c.measure({"ours": intake, "bare_insert": limit.bare_insert_op(bare)}, n=N)
        # Rate ratio: ours / bare in requests per second = bare ms / ours ms.
        out["intake"]["rate_ratio"] = c.ratio(out["intake"]["bare_insert"], out["intake"]["ours"])
        for size in c.sizes(engine) if ONLY != "intake" else []:
            c.log(NAME, f"{engine}: growing to {size:,}")
            c.run_python(sys.executable, c.OURS_GROW, {**env, "BENCH_SIZE": str(size)})
            figures = c.measure(
                {
                    "staff_list": lambda: staff.json("GET", "/api/v1/concerns?limit=25"),
                    "board_api": lambda: anon.json("GET", "/api/v1/board?limit=25"),
                    "board_page": lambda: anon.request("GET", "/board/"),
                },
                n=N if size < 1_000_000 else max(5, N // 3),
            )
            out["sizes"][str(size)] = figures
            c.log(NAME, f"{engine} {size:,}: {json.dumps(figures)}")
    if ONLY == "intake":
        out["rss_after_mb"] = {"app_server": ours.rss_after_mb, "bare_server": bare.rss_after_mb}
        c.drop_database(engine, DB)
        c.drop_database(engine, f"{DB}_limit")
        return out
    smallest, largest = (out["sizes"][str(s)] for s in (c.sizes(engine)[0], c.sizes(engine)[-1]))
    out["growth"] = {op: c.ratio(largest[op], smallest[op]) for op in smallest}
    out["rss_after_mb"] = {"app_server": ours.rss_after_mb, "bare_server": bare.rss_after_mb}
    c.log(NAME, f"{engine}: import of {IMPORT_ROWS:,} board rows vs executemany")
    imp = import_rate(env, IMPORT_ROWS)
    raw = limit.executemany_rate(engine, limit.board_rows(IMPORT_ROWS), f"{DB}_raw")
    rate = round(imp["rows_per_s"] / max(raw["rows_per_s"], 1), 4)
    out["import"] = {"ours": imp, "executemany": raw, "rate_ratio": rate}
    out["db_worker"] = worker_rss(env)
    c.drop_database(engine, DB)
    c.drop_database(engine, f"{DB}_limit")
    return out


def main() -> int:
    result: dict = {"server": "waitress, 1 process, 4 threads, DEBUG off",
                    "requests_per_op": N, "engines": {}}  # fmt: skip
    for engine in c.engines():
        result["engines"][engine] = run_engine(engine)
    print(c.write(NAME if ONLY != "intake" else f"{NAME}_intake", result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
