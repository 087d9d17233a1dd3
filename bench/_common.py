"""Helpers shared by the HTTP benchmarks (peer_helpdesk, limit, ours): databases, servers, timing.

Every figure is a ratio measured in the same run: the systems are served one process each by
waitress (4 threads, DEBUG off, same database engine) and their requests are interleaved
(A, B, A, B …) so the noise of a shared machine falls on both alike.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VAR = ROOT / "var" / "bench"
RESULTS = HERE / "results"
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgres://lastmile:lastmile@127.0.0.1:5432/postgres")
QUICK = "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"


def engines() -> list[str]:
    """``BENCH_ENGINES`` (comma-separated: sqlite, postgresql); both by default."""
    raw = os.environ.get("BENCH_ENGINES", "sqlite,postgresql")
    return [e.strip() for e in raw.split(",") if e.strip()]


def sizes(engine: str) -> list[int]:
    """Table sizes to grow through: 1k → 1M on PostgreSQL, up to ``BENCH_SQLITE_MAX`` (100k by
    default) on SQLite; ``--quick``: 1k and 10k."""
    if QUICK:
        return [1_000, 10_000]
    top = int(os.environ.get("BENCH_MAX", "1000000"))
    if engine == "sqlite":
        top = min(top, int(os.environ.get("BENCH_SQLITE_MAX", "100000")))
    return [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= top]


def database_url(engine: str, name: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{VAR / (name + '.sqlite3')}"
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def fresh_database(engine: str, name: str) -> str:
    """Drop and create the scratch database ``name`` (only ever one of ours) and return its URL."""
    VAR.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (VAR / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        assert name.startswith("lastmile_bench_"), name
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
    return database_url(engine, name)


def drop_database(engine: str, name: str) -> None:
    if os.environ.get("BENCH_KEEP") == "1":
        return
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (VAR / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    assert name.startswith("lastmile_bench_"), name
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (from /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


@dataclass
class Server:
    """A WSGI app served by waitress in its own process (one process, 4 threads)."""

    name: str
    python: str
    app: str
    env: dict[str, str]
    cwd: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    rss_after_mb: float = 0.0

    def start(self) -> None:
        log = open(VAR / f"{self.name}-server.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [self.python, "-m", "waitress", "--threads=4", f"--port={self.port}",
             "--host=127.0.0.1", self.app],
            cwd=self.cwd, env={**os.environ, **self.env}, stdout=log, stderr=log,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError as exc:
                if self.proc.poll() is not None:
                    raise RuntimeError(
                        f"{self.name} died; see {VAR}/{self.name}-server.log"
                    ) from exc
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.rss_after_mb = rss_mb(self.proc.pid)
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


@contextmanager
def serving(*servers: Server) -> Iterator[tuple[Server, ...]]:
    try:
        for s in servers:
            s.start()
        yield servers
    finally:
        for s in servers:
            s.stop()


class Client:
    """One keep-alive connection per server, as a browser or API client would hold."""

    def __init__(self, port: int, headers: dict[str, str] | None = None, timeout: float = 600):
        self.port, self.headers, self.timeout = port, headers or {}, timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {**self.headers, "Host": "127.0.0.1"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        status, data = self.request(method, path, body)
        if status != expect:
            raise RuntimeError(f"{method} {path} → {status}: {data[:300]!r}")
        return json.loads(data) if data else None


Op = Callable[[], object]


def measure(ops: dict[str, Op], *, n: int, warmup: int = 2, budget_s: float = 60.0) -> dict:
    """Run each op ``warmup`` times, then ``n`` rounds interleaved (A, B, A, B …). An op that
    has spent ``budget_s`` seconds stops early once it has 3 samples (its figure says so)."""
    spent = dict.fromkeys(ops, 0.0)
    for name, op in ops.items():
        for _ in range(warmup):
            t = time.perf_counter()
            op()
            spent[name] += time.perf_counter() - t
            if spent[name] > budget_s / 4:
                break
    samples: dict[str, list[float]] = {name: [] for name in ops}
    for _ in range(n):
        for name, op in ops.items():
            if spent[name] > budget_s and len(samples[name]) >= 3:
                continue
            t = time.perf_counter()
            op()
            took = time.perf_counter() - t
            spent[name] += took
            samples[name].append(took * 1000)
    return {name: summary(s, cut=len(s) < n) for name, s in samples.items()}


def summary(ms: list[float], *, cut: bool = False) -> dict:
    ordered = sorted(ms)
    out: dict[str, Any] = {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, round(len(ordered) * 0.95) - 1)], 2),
    }
    if cut:
        out["note"] = "slow: stopped at the time budget"
    return out


def ratio(a: dict, b: dict, key: str = "median_ms") -> float:
    return round(a[key] / max(b[key], 1e-6), 3)


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    return {
        "machine": f"{platform.machine()} · {os.cpu_count()} cores · Python "
        f"{platform.python_version()}",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "quick": QUICK,
    }


def write(name: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(
        json.dumps({**result, **machine()}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return out


def log(name: str, message: str) -> None:
    print(f"[{name} {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


# --- Our side: settings for the served app and the bulk loader -------------------------------

OURS_SETTINGS = '''"""Benchmark settings (generated by bench/_common.py): local settings,
DEBUG off, throttles opened so that a load test is not answered with 429."""
import os
from config.local import *  # noqa: F401,F403
from config.local import LASTMILE_CHANNELS

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LASTMILE_CHANNELS = {**LASTMILE_CHANNELS, "API_ANON_RATE": "1000000/m",
                     "API_SUBMIT_ANON_RATE": "1000000/m", "API_TOKEN_RATE": "1000000/m"}
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"level": "WARNING", "handlers": []}}
if os.environ.get("BENCH_SYNCDB") == "1":
    # The scratch schema straight from the models (the shared tree may hold model changes whose
    # migrations are not written yet); the data migrations are replayed by OURS_SETUP.
    MIGRATION_MODULES = {app.rsplit(".", 1)[-1]: None for app in INSTALLED_APPS}  # noqa: F405
'''


def ours_env(url: str) -> dict[str, str]:
    """Environment for our app (server, setup) on the database ``url``."""
    target = VAR / "ours_site"
    target.mkdir(parents=True, exist_ok=True)
    (target / "bench_settings.py").write_text(OURS_SETTINGS, encoding="utf-8")
    return {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(target), str(ROOT)]),
        "LASTMILE_DEBUG": "0",
        "BENCH_SYNCDB": os.environ.get("BENCH_SYNCDB", "1"),
    }


def run_python(python: str, code: str, env: dict[str, str], cwd: Path = ROOT) -> str:
    """Run ``code`` in a fresh interpreter (our venv or the peer's) and return its last line."""
    done = subprocess.run(
        [python, "-c", code], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"setup failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


# Run in our venv with ours_env(): migrate, a small organisation, an API token for the admin.
OURS_SETUP = """
import django, json
django.setup()
from django.core.management import call_command
import os
if os.environ.get("BENCH_SYNCDB") == "1":
    call_command("migrate", run_syncdb=True, verbosity=0)
    import importlib
    from django.apps import apps
    importlib.import_module("lastmile.concerns.migrations.0002_default_deadlines").seed(apps, None)
    importlib.import_module("lastmile.merits.migrations.0002_default_rules").add_rules(apps, None)
else:
    call_command("migrate", verbosity=0)
from lastmile.orgs.testing import build_world
from lastmile.api.tokens import token_create
w = build_world("b")
tok = token_create(name="bench", scope="api", username="b_admin", days=None)
print(json.dumps({"token": tok.raw, "grid": w.areas["c1g1"].pk, "unit": w.units["c1_org"].pk}))
"""

# Grow a table to SIZE rows in one INSERT … SELECT over a number series, in the database (no
# Python per row): given SQL expressions of the row number ``s`` per field (a dict per engine when
# they differ), NULL for nullable fields, the field's default or a neutral value for the rest.
# Shared by our loader and the peer's (runs in either venv).
GROW_LIB = """
from django.db import connection, transaction

NEUTRAL = {"DateTimeField": ("now()", "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now')"),
           "BooleanField": ("false", "0"), "JSONField": ("'{}'", "'{}'")}


def grow(model, size, exprs):
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        have = cur.fetchone()[0]
    if have >= size:
        return have
    pg = connection.vendor == "postgresql"
    cols, values, params = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        cols.append(connection.ops.quote_name(f.column))
        e = exprs.get(f.name)
        if e is not None:
            values.append(e[0 if pg else 1] if isinstance(e, tuple) else e)
        elif f.null:
            values.append("NULL")
        elif f.has_default():
            values.append("%s")
            params.append(f.get_db_prep_save(f.get_default(), connection))
        elif f.get_internal_type() in NEUTRAL:
            values.append(NEUTRAL[f.get_internal_type()][0 if pg else 1])
        elif f.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField"):
            values.append("''")
        else:
            values.append("0")
    if pg:
        series = f"FROM generate_series({have + 1}, {size}) AS g(s)"
        head = ""
    else:
        head = (f"WITH RECURSIVE g(s) AS (SELECT {have + 1} UNION ALL SELECT s + 1 FROM g "
                f"WHERE s < {size}) ")
        series = "FROM g"
    sql = (f"INSERT INTO {table} ({', '.join(cols)}) {head}"
           f"SELECT {', '.join(values)} {series}")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {table}")
    return size


def ago(seconds_sql):
    return (f"now() - make_interval(secs => {seconds_sql})",
            f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '-' || ({seconds_sql}) || ' seconds')")


def padded(prefix, width=9):
    return (f"'{prefix}' || lpad(s::text, {width}, '0')",
            f"'{prefix}' || substr('000000000000' || s, -{width})")
"""

# Grow our concern table to SIZE rows (straight rows, as an importer's bulk path would write
# them): grids and units of the bench organisation in turn, five statuses, 30 s apart.
OURS_GROW = (
    GROW_LIB
    + """
import django, os
django.setup()
from lastmile.concerns.models import Concern
from lastmile.orgs.models import Area, Unit
grids = list(Area.objects.filter(level="grid").values_list("pk", flat=True))
units = list(Unit.objects.values_list("pk", flat=True))
def pick(ids):
    return "CASE s %% " + str(len(ids)) + " " + " ".join(
        f"WHEN {k} THEN {v}" for k, v in enumerate(ids)) + " END"
print(grow(Concern, int(os.environ["BENCH_SIZE"]), {
    "code": padded("Z"), "channel": "'web'", "kind": "'complaint'", "urgency": "'normal'",
    "status": "CASE s %% 5 WHEN 0 THEN 'received' WHEN 1 THEN 'dispatched' WHEN 2 THEN "
              "'in_progress' WHEN 3 THEN 'replied' ELSE 'closed' END",
    "title": "'楼道灯坏了 ' || s", "text": "'楼道的灯坏了很久，晚上看不见路。楼道的灯坏了很久。'",
    "area": pick(grids),
    "lead_unit": "CASE WHEN s %% 5 = 0 THEN NULL ELSE " + pick(units) + " END",
    "resident_name": "'张三'", "resident_phone": padded("138", 8),
    "created_at": ago("s * 30"), "updated_at": ago("s * 30"),
}))
"""
)
