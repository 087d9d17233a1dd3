"""Worker memory (issue #9): peak RSS, wall and CPU time and query count of EACH periodic task,
run alone in a fresh child process, on a history of 100k and 1M concerns; and the idle RSS of a
``db_worker`` (``django.setup()`` with every app and task module imported).

Per engine (``BENCH_ENGINES``: sqlite, postgresql) a fresh scratch database
(``lastmile_bench_t3_worker``, dropped afterwards unless ``BENCH_KEEP=1``) gets the bench
organisation (``_common.OURS_SETUP``), 20 categories and concerns grown in the database
(``_common.GROW_LIB``): subjects and texts from the TipDM messages (repeated: the same matter
reported again), grids, units and categories in turn, five statuses, spread evenly over the
last 365 days (so the surge scan's 9-week period holds about 17 % of them), and one
``concern.received`` audit event each (fake hashes; nothing here verifies the chain).
Sizes: ``BENCH_WM_SIZES`` (default 100000 on SQLite, 100000,1000000 on PostgreSQL).

Each task runs in its own interpreter: ``django.setup()``, its module imported, then
``task.call()`` under a query counter; the child reports VmRSS after setup (idle) and VmHWM
(peak) at the end. The parent polls the child and kills it past ``BENCH_WM_CAP_MB`` (default
2000) or ``BENCH_WM_TIMEOUT`` seconds (default 600): the figure then says so. ``before`` runs
the surge scan and the classifier retraining with the code of ``HEAD`` for the modules this
work changed (``CHANGED``, loaded from ``git show``), ``after`` with the working tree.

Usage: .venv/bin/python bench/worker_memory.py   Writes bench/results/worker_memory.json.
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

NAME = "worker_memory"
DB = os.environ.get("BENCH_WM_DB", "lastmile_bench_t3_worker")  # lastmile_bench_* only
CAP_MB = float(os.environ.get("BENCH_WM_CAP_MB", "2000"))
TIMEOUT_S = float(os.environ.get("BENCH_WM_TIMEOUT", "600"))
# Modules whose HEAD version is "before" (git show), in import order.
CHANGED = [
    ("lastmile.insight.hotspots", "lastmile/insight/hotspots.py"),
    ("lastmile.insight.surges", "lastmile/insight/surges.py"),
    ("lastmile.insight.signal_tasks", "lastmile/insight/signal_tasks.py"),
    ("lastmile.insight.classify.retrain", "lastmile/insight/classify/retrain.py"),
    ("lastmile.insight.tasks", "lastmile/insight/tasks.py"),
]
BEFORE_TASKS = set(
    os.environ.get("BENCH_WM_BEFORE", "surge scan,classifier retraining").split(",")
) - {""}

POOL = """
import django, json, os, sys
django.setup()
sys.path.insert(0, os.path.join(os.environ["BENCH_ROOT"], "bench"))
import _tipdm
from django.db import connection, transaction
seen = {}
for name in ("messages_votes.csv", "messages_replies.csv", "messages_labeled.csv"):
    for row in _tipdm.rows(name):
        seen.setdefault(row["留言编号"], (row["留言主题"][:200], row["留言详情"][:300]))
rows = [(k, t, b) for k, (t, b) in enumerate(seen.values())]
with transaction.atomic(), connection.cursor() as cur:
    cur.execute("DROP TABLE IF EXISTS bench_pool")
    cur.execute("CREATE TABLE bench_pool (id integer PRIMARY KEY, title text, body text)")
    cur.executemany("INSERT INTO bench_pool (id, title, body) VALUES (%s, %s, %s)", rows)
print(len(rows))
"""

GROW = (
    c.GROW_LIB
    + """
import django, os
django.setup()
from lastmile.concerns.models import Category, Concern
from lastmile.core.models import AuditEvent, AuditHead
from lastmile.orgs.models import Area, Unit
size, pool = int(os.environ["BENCH_SIZE"]), int(os.environ["BENCH_POOL"])
step = 365 * 86400 / size
grow(Category, 20, {"code": padded("K", 4), "name": "'类别' || s", "level": "1"})
grids = list(Area.objects.filter(level="grid").values_list("pk", flat=True))
units = list(Unit.objects.values_list("pk", flat=True))
cats = list(Category.objects.values_list("pk", flat=True))
def pick(ids, mod="s"):
    return f"CASE {mod} %% " + str(len(ids)) + " " + " ".join(
        f"WHEN {k} THEN {v}" for k, v in enumerate(ids)) + " END"
when = ago(f"s * {step:.3f}")
have = Concern.objects.count()
grow(Concern, size, {
    "code": padded("Z"), "channel": "'web'", "kind": "'complaint'", "urgency": "'normal'",
    "status": "CASE s %% 5 WHEN 0 THEN 'received' WHEN 1 THEN 'dispatched' WHEN 2 THEN "
              "'in_progress' WHEN 3 THEN 'replied' ELSE 'closed' END",
    "title": f"(SELECT title FROM bench_pool WHERE id = s %% {pool})",
    "text": f"(SELECT body FROM bench_pool WHERE id = s %% {pool})",
    "area": pick(grids), "category": pick(cats, "(s / 7)"),
    "lead_unit": "CASE WHEN s %% 5 = 0 THEN NULL ELSE " + pick(units) + " END",
    "resident_name": "'张三'", "resident_phone": padded("138", 8),
    "created_at": when, "updated_at": when,
})
base = AuditHead.objects.get().seq + 1 if AuditHead.objects.exists() else 1
grow(AuditEvent, AuditEvent.objects.count() + size - have, {
    "seq": f"{base} + s", "occurred_at": when, "actor_label": "'bench'",
    "verb": "'concern.received'", "object_type": "'concern'",
    "object_id": ("s::text", "CAST(s AS TEXT)"),
    "data": ("'{\\"to\\": \\"received\\", \\"channel\\": \\"web\\"}'::jsonb",
             "'{\\"to\\": \\"received\\", \\"channel\\": \\"web\\"}'"),
    "prev_hash": "''", "hash": ("md5('bench' || s::text)", "'bench' || s"),
})
print(Concern.objects.count())
"""
)

CHILD = """
import django, json, os, subprocess, sys, time
django.setup()
from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return round(int(line.split()[1]) / 1024, 1)

if os.environ.get("BENCH_VARIANT") == "before":
    import types
    for module, path in json.loads(os.environ["BENCH_CHANGED"]):
        source = subprocess.run(["git", "show", "HEAD:" + path], capture_output=True, text=True,
                                check=True, cwd=os.environ["BENCH_ROOT"]).stdout
        mod = types.ModuleType(module)
        mod.__file__ = path
        sys.modules[module] = mod
        exec(compile(source, path, "exec"), mod.__dict__)
tasks = settings.LASTMILE["PERIODIC_TASKS"]
name = os.environ["BENCH_TASK"]
for path in (tasks.values() if name == "(idle)" else [tasks[name]]):
    task = import_string(path)
idle = status("VmRSS")
from django.core.cache import cache
cache.delete("lastmile.insight.surge_scan.ran")  # each run really scans
queries = [0]
def counter(execute, sql, params, many, context):
    queries[0] += 1
    return execute(sql, params, many, context)
wall = cpu = 0.0
result = None
if name != "(idle)":
    with connection.execute_wrapper(counter):
        t, p = time.perf_counter(), time.process_time()
        result = task.call()
        wall, cpu = time.perf_counter() - t, time.process_time() - p
print(json.dumps({"idle_rss_mb": idle, "peak_rss_mb": status("VmHWM"), "wall_s": round(wall, 2),
                  "cpu_s": round(cpu, 2), "queries": queries[0], "result": repr(result)[:120]}))
"""


def vm(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def run_task(env: dict[str, str], name: str, variant: str) -> dict:
    """One task alone in a fresh interpreter; its figures (or why it was stopped)."""
    stamp = Path(env["LASTMILE_VAR_DIR"]) / "models" / "classifier.retrain-stamp"
    stamp.unlink(missing_ok=True)  # the retraining is due in every run
    child_env = {**os.environ, **env, "BENCH_TASK": name, "BENCH_VARIANT": variant,
                 "BENCH_ROOT": str(c.ROOT), "BENCH_CHANGED": json.dumps(CHANGED)}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=c.ROOT, env=child_env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    started, peak, stopped = time.monotonic(), 0.0, ""
    while proc.poll() is None:
        peak = max(peak, vm(proc.pid, "VmHWM"))
        if peak > CAP_MB:
            stopped = f"killed over {CAP_MB:.0f} MB"
        elif time.monotonic() - started > TIMEOUT_S:
            stopped = f"stopped after {TIMEOUT_S:.0f} s"
        if stopped:
            proc.kill()
            proc.communicate()
            return {"stopped": stopped, "peak_rss_mb": peak,
                    "wall_s": round(time.monotonic() - started, 1)}  # fmt: skip
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode != 0:
        return {"error": err.strip().splitlines()[-1][:300] if err.strip() else "failed"}
    return json.loads(out.strip().splitlines()[-1])


def db_worker_idle(env: dict[str, str]) -> dict:
    """RSS of a real ``db_worker`` with an empty queue, 15 s after start."""
    log = open(c.VAR / "t3-worker.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "lastmile", "db_worker", "--no-reload"],
        cwd=c.ROOT, env={**os.environ, **env}, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        time.sleep(15)
        return {"rss_mb": vm(proc.pid, "VmRSS"), "peak_rss_mb": vm(proc.pid, "VmHWM")}
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wm_sizes(engine: str) -> list[int]:
    default = "100000" if engine == "sqlite" else "100000,1000000"
    if c.QUICK:
        default = "10000"
    raw = os.environ.get(f"BENCH_WM_SIZES_{engine.upper()}", os.environ.get("BENCH_WM_SIZES"))
    return [int(x) for x in (raw or default).split(",") if x.strip()]


def run_engine(engine: str, only: list[str] | None) -> dict:
    from django.conf import settings

    url = c.fresh_database(engine, DB)
    var = c.VAR / f"t3_var_{engine}"  # own model files: the retraining is due at every size
    env = {**c.ours_env(url), "LASTMILE_VAR_DIR": str(var)}
    c.run_python(sys.executable, c.OURS_SETUP, env)
    pool = c.run_python(sys.executable, POOL, {**env, "BENCH_ROOT": str(c.ROOT)})
    out: dict = {
        "idle": {
            "child_after_setup": run_task(env, "(idle)", "after"),
            "db_worker": db_worker_idle(env),
        },
        "text_pool": int(pool),
        "sizes": {},
    }
    c.log(NAME, f"{engine}: idle {json.dumps(out['idle'])}")
    for size in wm_sizes(engine):
        t = time.monotonic()
        c.run_python(sys.executable, GROW, {**env, "BENCH_SIZE": str(size), "BENCH_POOL": pool})
        c.log(NAME, f"{engine}: grown to {size:,} in {time.monotonic() - t:.0f} s")
        figures: dict = {}
        for name in settings.LASTMILE["PERIODIC_TASKS"]:
            if only and name not in only:
                continue
            variants = ("before", "after") if name in BEFORE_TASKS else ("after",)
            figures[name] = {v: run_task(env, name, v) for v in variants}
            c.log(NAME, f"{engine} {size:,} {name}: {json.dumps(figures[name])}")
        out["sizes"][str(size)] = figures
    c.drop_database(engine, DB)
    return out


def fmt(figure: dict | None) -> str:
    if not figure:
        return "–"
    if "stopped" in figure:
        note = f" — {figure['note']}" if "note" in figure else ""
        return f"**{figure['stopped']}** (≥ {figure['peak_rss_mb']:.0f} MB){note}"
    if "error" in figure:
        return "error"
    note = f" — {figure['note']}" if "note" in figure else ""
    return (f"{figure['peak_rss_mb']:.0f} MB · {figure['wall_s']:.1f} s wall · "
            f"{figure['cpu_s']:.1f} s CPU · {figure['queries']} q{note}")  # fmt: skip


def table() -> str:
    """The per-task table of bench/README.md from results/worker_memory.json."""
    data = json.loads((c.RESULTS / f"{NAME}.json").read_text(encoding="utf-8"))
    lines = []
    for engine, figures in data["engines"].items():
        for size, tasks in figures["sizes"].items():
            lines += [f"\n{engine}, {int(size):,} concerns:\n",
                      "| task | before | after |", "|---|---|---|"]  # fmt: skip
            for name, runs in tasks.items():
                before = runs.get("before")
                lines.append(f"| {name} | {fmt(before) if before else 'same'} | "
                             f"{fmt(runs.get('after'))} |")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    if "--table" in sys.argv:
        print(table())
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.local")
    sys.path.insert(0, str(c.ROOT))
    import django

    django.setup()
    only = [x for x in os.environ.get("BENCH_WM_TASKS", "").split(",") if x] or None
    result: dict = {"cap_mb": CAP_MB, "timeout_s": TIMEOUT_S, "engines": {}}
    previous = c.RESULTS / f"{NAME}.json"
    for engine in c.engines():
        figures = run_engine(engine, only)
        if previous.exists():  # a run of one engine or size keeps the other figures
            result["engines"] = json.loads(previous.read_text(encoding="utf-8")).get("engines", {})
        kept = result["engines"].get(engine, {}).get("sizes", {})
        for size, tasks in kept.items():  # variants not run this time are kept
            for name, runs in tasks.items():
                new = figures["sizes"].setdefault(size, {}).setdefault(name, {})
                figures["sizes"][size][name] = {**runs, **new}
        figures["sizes"] = dict(sorted(figures["sizes"].items(), key=lambda kv: int(kv[0])))
        result["engines"][engine] = figures
        c.write(NAME, result)
    print(c.write(NAME, result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
