"""``make soak`` / ``python -m soak.run``: the load and fault test on loopback.

It builds the production layout in a temporary directory — a private PostgreSQL on its own port,
two gunicorn app servers, nginx in front (TLS, round robin), two ``db_worker``s and two
schedulers (the advisory lock lets one lead) — seeds an organisation with overdue concerns, and
runs the locust scenarios for ``SOAK_SECONDS`` (default 300). Meanwhile it injects the faults:

1. SIGKILL the worker that is running the escalation sweep, while it is escalating, and restart it;
2. restart PostgreSQL (fast shutdown: every open session is cut);
3. SIGKILL one app server (its whole process group) and restart it.

Like systemd's ``Restart=always`` it restarts any process that exits on its own, and records it.
Afterwards ``soak/checks.py`` checks that nothing acknowledged was lost or duplicated, that no
escalation happened twice, that the audit chain verifies and that every task ran at most once;
the result goes to ``bench/results/soak.json``. Loopback only; it never touches port 5432.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from soak import nginx
from soak.common import require_loopback
from soak.pg import PrivateCluster, pg_bindir

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULT = ROOT / "bench" / "results" / "soak.json"


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seconds", type=int, default=env_int("SOAK_SECONDS", 300))
    p.add_argument("--users", type=int, default=env_int("SOAK_USERS", 16))
    p.add_argument("--host", default=os.environ.get("SOAK_HOST", "127.0.0.1"))
    p.add_argument("--pg-port", type=int, default=env_int("SOAK_PG_PORT", 55432))
    p.add_argument("--port", type=int, default=env_int("SOAK_PORT", 58443), help="nginx")
    p.add_argument("--app-ports", default=os.environ.get("SOAK_APP_PORTS", "58001,58002"))
    p.add_argument("--overdue", type=int, default=env_int("SOAK_OVERDUE", 400))
    p.add_argument("--interval", type=float, default=10.0, help="scheduler tick (s)")
    p.add_argument("--out", type=Path, default=RESULT)
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = p.parse_args(argv)
    require_loopback(args.host)
    args.app_ports = [int(x) for x in str(args.app_ports).split(",") if x.strip()]
    ports = [args.pg_port, args.port, *args.app_ports]
    if 5432 in ports or len(set(ports)) != len(ports):
        p.error("ports must be distinct and never 5432 (the shared server)")
    if args.seconds < 60:
        p.error("--seconds must be at least 60 (the faults need time)")
    return args


@dataclass
class Proc:
    name: str
    argv: list[str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    expected_down: bool = False
    restarts: int = 0

    def start(self, env: dict[str, str]) -> None:
        out = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes its children too
        )
        out.close()
        self.expected_down = False

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        if self.popen is not None and self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 15) -> None:
        self.expected_down = True
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        assert self.popen is not None
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait(5)


@dataclass
class Soak:
    args: argparse.Namespace
    tmp: Path
    cluster: PrivateCluster
    env: dict[str, str]
    procs: dict[str, Proc] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)
    killed_workers: list[str] = field(default_factory=list)
    dead_workers: list[str] = field(default_factory=list)

    # --- bookkeeping ----------------------------------------------------------------------
    def event(self, kind: str, **data: Any) -> None:
        with self.lock:
            entry = {
                "t": round(time.monotonic() - self.started, 1),
                "at": round(time.time(), 3),
                "kind": kind,
                **data,
            }
            self.events.append(entry)
        print(f"[soak {entry['t']:7.1f}s] {kind} {data}", flush=True)

    def manage(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", *argv],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if check and done.returncode:
            raise SystemExit(f"soak: manage.py {' '.join(argv)} failed:\n{done.stderr[-3000:]}")
        return done

    def sql(self, query: str) -> str:
        url = self.cluster.url
        result = subprocess.run(
            ["psql", url, "-Atc", query], capture_output=True, text=True, timeout=10
        )
        return result.stdout.strip() if result.returncode == 0 else ""

    # --- processes ------------------------------------------------------------------------
    def add(self, name: str, argv: list[str]) -> Proc:
        proc = Proc(name, argv, self.tmp / f"{name}.log")
        self.procs[name] = proc
        proc.start(self.env)
        return proc

    def worker_argv(self, worker_id: str) -> list[str]:
        return [
            str(BIN / "python"),
            "manage.py",
            "db_worker",
            "--no-reload",
            "--interval",
            "0.5",
            "--worker-id",
            worker_id,
        ]

    def supervise(self) -> None:
        """Restart what exited on its own (systemd's Restart=always), and record it."""
        for proc in list(self.procs.values()):
            if proc.expected_down or proc.alive() or proc.popen is None:
                continue
            code = proc.popen.returncode
            self.event("exited", process=proc.name, code=code, action="restarted")
            if proc.name.startswith("worker"):
                self.dead_workers.append(proc.argv[-1])
                proc.argv = self.worker_argv(f"soak-{proc.name}-{proc.restarts + 1}")
            proc.restarts += 1
            proc.start(self.env)

    # --- faults ---------------------------------------------------------------------------
    def kill_worker_mid_sweep(self, deadline: float) -> bool:
        query = (
            "SELECT worker_ids->>-1 FROM django_tasks_database_dbtaskresult WHERE status = "
            "'RUNNING' AND task_path LIKE '%escalation_sweep_task' LIMIT 1"
        )
        while time.monotonic() < deadline:
            worker_id = self.sql(query)
            escalations = int(self.sql("SELECT count(*) FROM concerns_escalation") or 0)
            if worker_id and escalations > 0:
                name = next((p.name for p in self.procs.values() if worker_id in p.argv), None)
                if name:
                    proc = self.procs[name]
                    proc.expected_down = True
                    proc.signal(signal.SIGKILL)
                    self.killed_workers.append(worker_id)
                    self.dead_workers.append(worker_id)
                    self.event(
                        "SIGKILL worker mid-sweep",
                        process=name,
                        worker_id=worker_id,
                        escalations_before_kill=escalations,
                        of_due=2 * self.args.overdue,
                    )
                    time.sleep(3)
                    proc.argv = self.worker_argv(f"soak-{name}-{proc.restarts + 1}")
                    proc.restarts += 1
                    proc.start(self.env)
                    self.event("restarted", process=name)
                    return True
            self.supervise()
            time.sleep(0.1)
        self.event("no sweep caught running", note="the worker kill was not injected")
        return False

    def restart_postgres(self) -> None:
        self.event("PostgreSQL restart begins", mode="fast")
        down = self.cluster.restart()
        self.event("PostgreSQL back", seconds_down=round(down, 2))

    def kill_app_server(self, name: str) -> None:
        proc = self.procs[name]
        proc.expected_down = True
        proc.signal(signal.SIGKILL)
        self.event("SIGKILL app server", process=name)
        time.sleep(5)
        proc.restarts += 1
        proc.start(self.env)
        self.event("restarted", process=name)

    # --- the run --------------------------------------------------------------------------
    def wait_http(self, url: str, timeout: float = 60) -> None:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with urllib.request.urlopen(url, timeout=5, context=ctx) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{url} did not answer in {timeout:g} s")

    def wait_port(self, port: int, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 2):
                return
            time.sleep(0.5)
        raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:g} s")

    def drain(self, timeout: float = 90) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.supervise()
            ready = self.sql(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
            )
            if ready == "0":
                return
            time.sleep(1)
        self.event("drain timeout", note="tasks still queued")


def secret_env(tmp: Path, cluster: PrivateCluster) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LASTMILE_", "DATABASE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "soak.settings",
            "DATABASE_URL": cluster.url,
            "LASTMILE_SECRET_KEY": secrets.token_urlsafe(50),
            "LASTMILE_PII_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "LASTMILE_PII_HASH_KEY": secrets.token_urlsafe(32),
            # The shared volume of every app server and worker: uploads (media/) and static/.
            "LASTMILE_VAR_DIR": str(tmp / "var"),
            "LASTMILE_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LASTMILE_TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    if "LASTMILE_SHARED_DATA" in os.environ:
        env["LASTMILE_SHARED_DATA"] = os.environ["LASTMILE_SHARED_DATA"]
    return env


def require_tools() -> None:
    missing = [
        tool
        for tool, path in {
            "gunicorn (pip install -e '.[deploy]')": BIN / "gunicorn",
            "locust (pip install -e '.[soak]')": BIN / "locust",
            "nginx (apt-get install nginx-light)": shutil.which("nginx"),
            "openssl": shutil.which("openssl"),
            "psql": shutil.which("psql"),
        }.items()
        if not path or not Path(path).exists()
    ]
    if missing:
        raise SystemExit("soak: missing " + ", ".join(missing))


def locust_stats(prefix: Path) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    total: dict[str, Any] = {}
    stats = prefix.with_name(prefix.name + "_stats.csv")
    if stats.exists():
        with stats.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                entry = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 2),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "p99_ms": float(row["99%"] or 0),
                    "max_ms": round(float(row["Max Response Time"] or 0), 1),
                }
                if row["Name"] == "Aggregated":
                    total = entry
                else:
                    kinds[f"{row['Type']} {row['Name']}"] = entry
    errors: list[dict[str, Any]] = []
    failures = prefix.with_name(prefix.name + "_failures.csv")
    if failures.exists():
        with failures.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                errors.append(
                    {
                        "request": f"{row['Method']} {row['Name']}",
                        "error": row["Error"][:200],
                        "count": int(row["Occurrences"]),
                    }
                )
    errors.sort(key=lambda e: -e["count"])
    return {"total": total, "by_kind": kinds, "errors": errors}


def fault_windows(events: list[dict[str, Any]]) -> list[tuple[str, float, float]]:
    """(name, start, end) in wall-clock seconds; the end has a grace for connections to settle."""
    windows: list[tuple[str, float, float]] = []
    began: dict[str, float] = {}
    for e in events:
        if e["kind"] == "PostgreSQL restart begins":
            began["db"] = e["at"]
        elif e["kind"] == "PostgreSQL back" and "db" in began:
            windows.append(("PostgreSQL restart", began.pop("db"), e["at"] + 5))
        elif e["kind"] == "SIGKILL app server":
            began["app"] = e["at"]
        elif e["kind"] == "restarted" and e.get("process", "").startswith("app") and "app" in began:
            windows.append(("app server killed", began.pop("app"), e["at"] + 10))
    return windows


def http_errors(access_log: Path, events: list[dict[str, Any]]) -> dict[str, Any]:
    """5xx answers to the load (between "load begins" and "load ends") from nginx's log, by fault
    window (log format ``soak`` in soak/nginx.py)."""
    windows = fault_windows(events)
    begin = next((e["at"] for e in events if e["kind"] == "load begins"), 0.0)
    end = next((e["at"] for e in events if e["kind"] == "load ends"), float("inf"))
    counts: dict[str, int] = {name: 0 for name, _a, _b in windows}
    counts["outside any fault"] = 0
    outside: dict[str, int] = {}
    total = 0
    if access_log.exists():
        for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split(" ")
            if len(parts) < 4 or not parts[1].isdigit() or int(parts[1]) < 500:
                continue
            at = float(parts[0])
            if not begin <= at <= end:
                continue
            total += 1
            name = next((n for n, a, b in windows if a <= at <= b), "outside any fault")
            counts[name] += 1
            if name == "outside any fault":
                key = f"{parts[1]} {parts[2]} {parts[3]}"
                outside[key] = outside.get(key, 0) + 1
    return {"total_5xx": total, "by_window": counts, "outside_detail": outside}


def machine() -> dict[str, Any]:
    def version(argv: list[str]) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        except OSError:
            return ""
        return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else ""

    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": version([str(pg_bindir() / "postgres"), "--version"]),
        "nginx": version(["nginx", "-v"]),
        "gunicorn": version([str(BIN / "gunicorn"), "--version"]),
        "locust": version([str(BIN / "locust"), "--version"]),
        "note": "one machine shared with other work; figures are indicative, the checks are not",
    }


def commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def run(args: argparse.Namespace) -> int:
    require_tools()
    tmp = Path(tempfile.mkdtemp(prefix="lastmile-soak-"))
    os.chmod(tmp, 0o755)
    cluster = PrivateCluster(tmp / "pg", port=args.pg_port, host=args.host)
    soak = Soak(args=args, tmp=tmp, cluster=cluster, env=secret_env(tmp, cluster))
    print(f"soak: working in {tmp}", flush=True)
    nginx_proc: Proc | None = None
    try:
        cluster.init()
        soak.event("PostgreSQL started", port=args.pg_port, data=str(cluster.data))
        soak.manage("migrate", "--noinput")
        soak.manage("createcachetable")
        soak.manage("collectstatic", "--noinput")
        seeded = subprocess.run(
            [str(BIN / "python"), "-m", "soak.seed", str(args.overdue), str(tmp / "seed.json")],
            cwd=ROOT,
            env=soak.env,
            check=True,
            capture_output=True,
            text=True,
        )
        soak.event("seeded", detail=seeded.stdout.strip())

        for i, port in enumerate(args.app_ports, start=1):
            soak.add(
                f"app{i}",
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi:application",
                    "-c",
                    str(ROOT / "deploy" / "gunicorn.conf.py"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--control-socket",
                    str(tmp / f"app{i}.ctl"),
                ],
            )
        for port in args.app_ports:
            soak.wait_port(port)
        cert, key = nginx.self_signed(tmp)
        conf = tmp / "nginx.conf"
        conf.write_text(
            nginx.render(
                root=tmp,
                host=args.host,
                port=args.port,
                upstream_ports=args.app_ports,
                static=tmp / "var" / "static",
                cert=cert,
                key=key,
            ),
            encoding="utf-8",
        )
        nginx_proc = soak.add("nginx", ["nginx", "-p", str(tmp), "-c", str(conf)])
        base = f"https://{args.host}:{args.port}"
        soak.wait_http(f"{base}/", timeout=120)
        for i in (1, 2):
            soak.add(f"worker{i}", soak.worker_argv(f"soak-worker{i}-0"))
        soak.event("layout up", servers=args.app_ports, nginx=args.port, workers=2)

        acked = tmp / "acked.jsonl"
        locust_env = {**soak.env, "SOAK_SEED": str(tmp / "seed.json"), "SOAK_ACKED": str(acked)}
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "soak" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 4)),
                "-t",
                f"{args.seconds}s",
                "--csv",
                str(tmp / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env=locust_env,
            stdout=(tmp / "locust.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        load_began = time.monotonic()
        soak.event("load begins", users=args.users, seconds=args.seconds)

        def at(fraction: float) -> float:
            return load_began + args.seconds * fraction

        def wait_until(when: float) -> None:
            while time.monotonic() < when and locust.poll() is None:
                soak.supervise()
                time.sleep(0.5)

        # The faults, one after another: each waits for the one before, so they never overlap.
        wait_until(at(0.05))
        for i in (1, 2):
            soak.add(
                f"scheduler{i}",
                [str(BIN / "python"), "manage.py", "scheduler", "--interval", str(args.interval)],
            )
        soak.event("schedulers started", count=2, interval=args.interval)
        soak.kill_worker_mid_sweep(deadline=at(0.55))
        wait_until(max(at(0.45), time.monotonic() + 10))
        soak.restart_postgres()
        wait_until(max(at(0.70), time.monotonic() + 15))
        soak.kill_app_server("app1")
        while locust.poll() is None:
            soak.supervise()
            time.sleep(0.5)
        load_seconds = time.monotonic() - load_began
        soak.event("load ends", seconds=round(load_seconds, 1))
        soak.drain()
        for name in [n for n in soak.procs if n.startswith("scheduler")]:
            soak.procs[name].stop()
        soak.drain(30)
        for proc in soak.procs.values():
            proc.stop()

        checks = subprocess.run(
            [
                str(BIN / "python"),
                "-m",
                "soak.checks",
                str(acked),
                str(args.interval),
                ",".join(soak.dead_workers),
            ],
            cwd=ROOT,
            env=soak.env,
            capture_output=True,
            text=True,
        )
        try:
            report = json.loads(checks.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            report = {"ok": False, "error": (checks.stderr or checks.stdout)[-2000:]}
        verify = soak.manage("audit", "verify", check=False)
        report["audit_verify_command"] = {
            "exit": verify.returncode,
            "output": (verify.stdout + verify.stderr).strip()[-300:],
        }
        report["ok"] = bool(report.get("ok")) and verify.returncode == 0
        load = locust_stats(tmp / "locust")
        by_level = report.get("escalations", {}).get("by_level", {})
        report["due_escalations_done_once"] = {
            "due": {"reminder": args.overdue, "urge": args.overdue},
            "done": {k: by_level.get(k, 0) for k in ("reminder", "urge")},
            "ok": by_level.get("reminder") == args.overdue and by_level.get("urge") == args.overdue,
        }
        report["ok"] = report["ok"] and report["due_escalations_done_once"]["ok"]
        server_errors = http_errors(tmp / "nginx-access.log", soak.events)
        acknowledged = report.get("acknowledged", {})
        result = {
            "what": "make soak: load and fault test of the production layout on loopback",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": commit(),
            "machine": machine(),
            "layout": {
                "nginx": f"{args.host}:{args.port} (TLS, round robin)",
                "app_servers": [f"gunicorn 127.0.0.1:{p} x2 sync workers" for p in args.app_ports],
                "workers": 2,
                "schedulers": "2 (one leads through the PostgreSQL advisory lock)",
                "postgresql": f"private cluster on 127.0.0.1:{args.pg_port}",
                "sessions": "database",
                "uploads": "one MEDIA_ROOT shared by every server",
            },
            "config": {
                "seconds": args.seconds,
                "users": args.users,
                "overdue_concerns": args.overdue,
                "scheduler_interval_s": args.interval,
            },
            "throughput_rps": load["total"].get("rps", 0.0),
            "requests": load["total"].get("requests", 0),
            "failures": load["total"].get("failures", 0),
            "latency_ms": {
                "all": {k: load["total"].get(k) for k in ("p50_ms", "p95_ms", "p99_ms")},
                **load["by_kind"],
            },
            "errors_by_kind": load["errors"],
            "server_errors_by_fault_window": server_errors,
            "faults": [e for e in soak.events if e["kind"] not in {"seeded"}],
            "lost": {
                "acknowledged_concerns_missing": acknowledged.get("missing", []),
                "acknowledged_concerns_duplicated": acknowledged.get("duplicated", []),
                "uploads_missing": report.get("uploads", {}).get("missing"),
            },
            "checks": report,
            "ok": report["ok"],
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
        )
        print(json.dumps({k: result[k] for k in ("ok", "throughput_rps", "lost")}, indent=1))
        print(f"soak: wrote {args.out}")
        return 0 if result["ok"] else 1
    finally:
        for proc in soak.procs.values():
            proc.stop()
        if nginx_proc is not None:
            nginx_proc.stop()
        cluster.stop("fast")
        if args.keep:
            print(f"soak: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
