"""The scheduler lock (several schedulers, one enqueues per tick) and the quick, import-free checks
of the soak harness (``soak/``: run by ``make soak``, never by ``make test``)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings
from django_tasks import task

from lastmile.core.management.commands import scheduler

ROOT = Path(settings.BASE_DIR)
RUNS: list[str] = []


@task()
def probe_task() -> None:
    RUNS.append("probe")


def _periodic_probe() -> override_settings:
    return override_settings(
        LASTMILE={
            **settings.LASTMILE,
            "PERIODIC_TASKS": {"probe": "lastmile.core.tests.test_scheduler_lock.probe_task"},
        }
    )


def _tick() -> str:
    out = io.StringIO()
    with _periodic_probe():
        call_command("scheduler", "--once", stdout=out, stderr=out)
    return out.getvalue()


def _unlock_all() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_all()")


@pytest.fixture
def release_lock(db):
    """Session-level locks outlive a test: an earlier scheduler test may hold it on this
    connection, so release before and after."""
    _unlock_all()
    yield
    _unlock_all()


def _other_session():
    """A second PostgreSQL session on the test database (another machine's scheduler)."""
    import psycopg

    conf = connection.settings_dict
    return psycopg.connect(
        dbname=conf["NAME"],
        user=conf["USER"],
        password=conf["PASSWORD"],
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        autocommit=True,
    )


# --- the lock -------------------------------------------------------------------------------


def test_a_scheduler_alone_leads_and_enqueues(release_lock):
    RUNS.clear()
    out = _tick()
    assert "scheduler: leading" in out
    assert "enqueued probe" in out
    assert RUNS == ["probe"]  # the immediate test backend runs it at once


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="the advisory lock exists on PostgreSQL; SQLite serves one machine",
)
def test_a_second_scheduler_stands_by_while_another_holds_the_lock(release_lock):
    RUNS.clear()
    other = _other_session()
    try:
        row = other.execute("SELECT pg_try_advisory_lock(%s)", [scheduler.LOCK_KEY]).fetchone()
        assert row == (True,)
        out = _tick()
        assert "standing by" in out
        assert "enqueued" not in out
        assert RUNS == []
        other.execute("SELECT pg_advisory_unlock(%s)", [scheduler.LOCK_KEY])
        # The leader went away: the standby takes over at its next tick.
        out = _tick()
        assert "scheduler: leading" in out and "enqueued probe" in out
        assert RUNS == ["probe"]
        # Now this session holds the lock: the other machine's scheduler cannot take it.
        row = other.execute("SELECT pg_try_advisory_lock(%s)", [scheduler.LOCK_KEY]).fetchone()
        assert row == (False,)
    finally:
        other.close()


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="the advisory lock exists on PostgreSQL",
)
def test_the_leader_keeps_one_lock_across_ticks(release_lock):
    with _periodic_probe():
        command = scheduler.Command(stdout=io.StringIO(), stderr=io.StringIO())
        command.leading = None
        for _ in range(3):
            command.tick()
    assert command.leading is True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
            "AND pid = pg_backend_pid() AND objid = %s",
            [scheduler.LOCK_KEY],
        )
        assert cursor.fetchone() == (1,)


def test_a_database_outage_is_logged_and_retried_at_the_next_tick(db, monkeypatch):
    calls = {"lead": 0, "closed": 0}

    def failing_lead() -> bool:
        calls["lead"] += 1
        raise OperationalError("server closed the connection unexpectedly")

    class FakeConnection:
        vendor = connection.vendor

        def close(self) -> None:
            calls["closed"] += 1

    monkeypatch.setattr(scheduler, "take_lead", failing_lead)
    monkeypatch.setattr(scheduler, "connection", FakeConnection())
    out, err = io.StringIO(), io.StringIO()
    command = scheduler.Command(stdout=out, stderr=err)
    command.stop = __import__("threading").Event()
    with _periodic_probe():
        command.loop(interval=0, max_runs=2)  # no exception escapes: the loop goes on
    assert calls == {"lead": 2, "closed": 2}
    assert "database unavailable (OperationalError" in err.getvalue()
    assert command.leading is None


# --- the soak harness (no locust, no servers) -----------------------------------------------


def test_the_soak_refuses_anything_but_loopback():
    from soak.common import NotLoopback, is_loopback, require_loopback
    from soak.run import parse_args

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert require_loopback("https://127.0.0.1:58443") == "127.0.0.1"
    for host in ("10.0.0.5", "example.org", "https://lastmile.example.gov.cn", "0.0.0.0", ""):
        with pytest.raises(NotLoopback):
            require_loopback(host)
    with pytest.raises(NotLoopback):
        parse_args(["--host", "192.168.1.10"])
    with pytest.raises(SystemExit):
        parse_args(["--pg-port", "5432"])  # the shared server's port
    args = parse_args(["--seconds", "90"])
    assert args.seconds == 90 and args.app_ports == [58001, 58002]


def test_the_private_cluster_never_uses_the_shared_port(tmp_path):
    from soak.common import NotLoopback
    from soak.pg import PrivateCluster

    with pytest.raises(ValueError, match="5432"):
        PrivateCluster(tmp_path, port=5432)
    with pytest.raises(NotLoopback):
        PrivateCluster(tmp_path, port=55432, host="10.1.2.3")


def test_the_nginx_config_renders(tmp_path):
    from soak import nginx

    text = nginx.render(
        root=tmp_path,
        host="127.0.0.1",
        port=58443,
        upstream_ports=[58001, 58002],
        static=tmp_path / "static",
        cert=tmp_path / "c.pem",
        key=tmp_path / "k.pem",
    )
    assert "server 127.0.0.1:58001" in text and "server 127.0.0.1:58002" in text
    assert "listen 127.0.0.1:58443 ssl;" in text
    assert f"pid {tmp_path}/nginx.pid;" in text and "daemon off;" in text
    assert "X-Forwarded-Proto https" in text and "X-Real-IP $remote_addr" in text
    assert "/media/" not in text  # uploads go through the app's permission check
    assert text.count("{") == text.count("}")
    with pytest.raises(ValueError):
        nginx.render(
            root=tmp_path,
            host="127.0.0.1",
            port=1,
            upstream_ports=[],
            static=tmp_path,
            cert=tmp_path,
            key=tmp_path,
        )


def test_the_locustfile_checks_loopback_and_records_every_code():
    """Read, never imported: locust monkey-patches the standard library with gevent."""
    source = (ROOT / "soak" / "locustfile.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    assert {"WebResident", "ApiResident", "Dispatcher", "Handler"} <= classes
    assert "require_loopback(environment.host" in source
    assert source.count("record(") >= 3  # the definition, web and API acknowledgements
    assert "Idempotency-Key" in source


def test_codes_are_read_from_the_redirect_and_percentiles_are_nearest_rank():
    from soak.common import code_from_redirect, percentile

    assert code_from_redirect("/raise/done/SQ-2611-0042/") == "SQ-2611-0042"
    assert code_from_redirect("/raise/") is None
    assert percentile([], 50) == 0.0
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0


def test_the_soak_settings_lift_the_throttles_only(monkeypatch):
    """soak/settings.py = production + throttles off (every simulated client is 127.0.0.1)."""
    source = (ROOT / "soak" / "settings.py").read_text(encoding="utf-8")
    assert "from config.production import *" in source
    assert "SESSION_COOKIE_SECURE" not in source and "SECURE_SSL_REDIRECT" not in source


# --- the soak's checks (soak/checks.py) on the test database ---------------------------------


def test_the_acknowledgement_check_finds_a_lost_code(world, tmp_path):
    import json

    from lastmile.concerns.testing import submit
    from soak import checks

    concern = submit(world, idempotency_key="k-1")
    acked = tmp_path / "acked.jsonl"
    rows = [
        {"code": concern.code, "kind": "web", "key": "k-1"},
        {"code": concern.code, "kind": "web", "key": "k-1"},  # a retry answered the same
    ]
    acked.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = checks.check_acked(checks.acked_records(acked))
    assert result["ok"] and result["acknowledged"] == 2 and result["distinct_codes"] == 1
    with acked.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"code": "LOST-0001", "kind": "api", "key": "k-2"}) + "\n")
    result = checks.check_acked(checks.acked_records(acked))
    assert not result["ok"] and result["missing"] == ["LOST-0001"]


def test_the_escalation_check_passes_after_repeated_sweeps(world):
    from datetime import timedelta

    from django.utils import timezone

    from lastmile.concerns.services import escalation_sweep
    from lastmile.concerns.testing import reach
    from soak import checks

    concern = reach(world, "dispatched")
    later = timezone.now() + timedelta(days=30)
    for _ in range(3):
        escalation_sweep(now=later)
    result = checks.check_escalations()
    assert result["ok"], result
    assert result["rows_twice"] == 0 and result["audited_twice"] == 0
    assert result["by_level"].get("reminder") == 1
    assert concern.escalations.count() == result["escalations"]
    audit = checks.check_audit()
    assert audit["ok"] and audit["events"] > 0


def test_server_errors_are_counted_per_fault_window(tmp_path):
    from soak.run import fault_windows, http_errors

    events = [
        {"kind": "load begins", "at": 50.0},
        {"kind": "PostgreSQL restart begins", "at": 100.0},
        {"kind": "PostgreSQL back", "at": 103.0},
        {"kind": "SIGKILL app server", "at": 200.0, "process": "app1"},
        {"kind": "restarted", "at": 205.0, "process": "app1"},
        {"kind": "load ends", "at": 400.0},
    ]
    assert fault_windows(events) == [
        ("PostgreSQL restart", 100.0, 108.0),
        ("app server killed", 200.0, 215.0),
    ]
    log = tmp_path / "access.log"
    log.write_text(
        '40.0 502 GET "/" lastmile 0.000\n'  # the runner's own probe before the load
        '101.5 500 GET "/board/" 127.0.0.1:58001 0.010\n'
        '150.0 200 GET "/" 127.0.0.1:58002 0.020\n'
        '201.0 502 POST "/raise/" 127.0.0.1:58001 0.001\n'
        '300.0 500 GET "/desk/" 127.0.0.1:58002 0.030\n',
        encoding="utf-8",
    )
    result = http_errors(log, events)
    assert result["total_5xx"] == 3
    assert result["by_window"] == {
        "PostgreSQL restart": 1,
        "app server killed": 1,
        "outside any fault": 1,
    }
    assert result["outside_detail"] == {'500 GET "/desk/"': 1}
