"""Backup and restore on the engine the suite runs on (SQLite, or PostgreSQL with DATABASE_URL).

Restores that really replace the database run as ``transaction=True`` tests (the dump must see
committed rows; SQLite's restore cannot run inside the test's transaction). The end-to-end journey
runs the real ``lastmile backup``/``restore``/``audit verify`` commands in child processes against
a scratch database created and dropped here (PostgreSQL: ``lastmile_prop_scratch_<pid>``).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections, connection

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import reach
from lastmile.core import audit
from lastmile.core.backup import BackupError, create_backup, engines, read_manifest, restore_backup
from lastmile.core.models import AuditEvent

IS_PG = connection.vendor == "postgresql"
ROOT = Path(settings.BASE_DIR)


def _need_pg_tools() -> None:
    if not IS_PG:
        return
    missing = [b for b in ("pg_dump", "pg_restore") if not shutil.which(b)]
    if missing and os.environ.get("LASTMILE_REQUIRE_BROWSER"):
        pytest.fail(f"{', '.join(missing)} missing on PATH (required in CI)")
    if missing:
        pytest.skip(f"{', '.join(missing)} not on PATH: install postgresql-client")


@pytest.fixture(autouse=True)
def _pg_tools() -> None:
    _need_pg_tools()


def populate(world: Any) -> None:
    """A few concerns through the real services, each leaving audit events."""
    for status in (Status.RECEIVED, Status.DISPATCHED, Status.IN_PROGRESS, Status.CLOSED):
        reach(world, status)


def live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)

        def execute(sql: str) -> list[tuple[Any, ...]]:
            cursor.execute(sql)
            return list(cursor.fetchall())

        return engines.read_facts(execute, tables)["row_counts"]


def rewrite(src: Path, dst: Path, *, manifest: Any = None, payload: bytes | None = None) -> None:
    """Copy a backup, replacing the manifest (a callable editing the dict) or the dump's bytes."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for member in tin.getmembers():
            handle = tin.extractfile(member)
            assert handle is not None
            data = handle.read()
            if member.name == "manifest.json" and manifest is not None:
                doc = json.loads(data)
                manifest(doc)
                data = json.dumps(doc).encode()
            elif member.name.startswith("db.") and payload is not None:
                data = payload
            member.size = len(data)
            tout.addfile(member, io.BytesIO(data))


def make_fresh() -> None:
    """Leave the test database without any table, as a newly created database."""
    if IS_PG:
        tables = engines.pg_existing_tables(connection)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
    else:
        connection.ensure_connection()
        empty = sqlite3.connect(":memory:")
        empty.backup(connection.connection)
        empty.close()
    assert not engines.pg_existing_tables(connection) if IS_PG else True


# --- the round trip -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_counts_and_chain(world, tmp_path):
    populate(world)
    before = live_counts()
    concerns = sorted(Concern.objects.values_list("code", "status", "version"))
    out = tmp_path / "lastmile.tar.gz"

    manifest = create_backup(out)

    assert manifest.engine == connection.vendor
    assert manifest.row_counts == before
    assert manifest.audit_head["seq"] == AuditEvent.objects.count() > 0
    assert ["core", "0001_initial"] in manifest.migrations
    assert read_manifest(out).files.keys() == {manifest.dump_name}

    make_fresh()
    report = restore_backup(out)

    assert report.ok, report.problems
    assert report.audit_checked == manifest.audit_head["seq"]
    assert audit.verify().ok
    assert live_counts() == before
    assert sorted(Concern.objects.values_list("code", "status", "version")) == concerns
    # The restored database keeps working: the next event links to the restored chain.
    reach(world, Status.RECEIVED)
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_restore_over_a_database_with_data_needs_yes_and_replaces_it(world, tmp_path):
    populate(world)
    out = tmp_path / "b.tar.gz"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    before = live_counts()
    reach(world, Status.DISPATCHED)  # made after the backup: the restore removes it
    extra = Concern.objects.count()

    with pytest.raises(CommandError, match=r"already holds data.*--yes"):
        call_command("restore", str(out), stdout=io.StringIO())
    assert Concern.objects.count() == extra  # refused: nothing changed

    stdout = io.StringIO()
    call_command("restore", str(out), "--yes", stdout=stdout)

    assert "row counts match, audit chain intact" in stdout.getvalue()
    assert Concern.objects.count() == extra - 1
    assert live_counts() == before
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_restore_names_every_count_that_differs_from_the_manifest(world, tmp_path):
    populate(world)
    good = tmp_path / "good.tar.gz"
    create_backup(good)
    bad = tmp_path / "bad.tar.gz"

    def lie(doc: dict[str, Any]) -> None:
        doc["row_counts"]["concerns_concern"] += 2
        doc["audit_head"]["seq"] += 1

    rewrite(good, bad, manifest=lie)

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(bad), "--yes", stdout=io.StringIO())
    message = str(raised.value)
    assert "table concerns_concern has 4 rows; the backup recorded 6" in message
    assert "audit chain head" in message


@pytest.mark.django_db(transaction=True)
def test_media_is_included_on_request_and_restored(world, tmp_path, settings):
    media = tmp_path / "media"
    (media / "concerns" / "2026").mkdir(parents=True)
    (media / "concerns" / "2026" / "photo.jpg").write_bytes(b"\xff\xd8photo")
    settings.MEDIA_ROOT = media
    without = create_backup(tmp_path / "plain.tar.gz")
    with_media = create_backup(tmp_path / "media.tar.gz", media=True)
    assert not [n for n in without.files if n.startswith("media/")]
    assert "media/concerns/2026/photo.jpg" in with_media.files

    shutil.rmtree(media)
    report = restore_backup(tmp_path / "media.tar.gz", overwrite=True)

    assert report.ok and report.media_files == 1
    assert (media / "concerns" / "2026" / "photo.jpg").read_bytes() == b"\xff\xd8photo"


@pytest.mark.django_db(transaction=True)
def test_backup_while_the_app_writes_is_a_consistent_snapshot(world, tmp_path):
    """A writer appends audit events while the backup runs: the manifest's counts and chain head
    come from the same instant as the dump, and the restored chain verifies."""
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                try:
                    audit.record(verb="test.tick", obj_type="test", obj_id=len(written))
                    written.append(1)
                except Exception:  # SQLite in-memory: a locked table now and then
                    time.sleep(0.005)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            time.sleep(0.01)
        manifest = create_backup(tmp_path / "live.tar.gz")
    finally:
        stop.set()
        thread.join()

    assert manifest.row_counts["core_auditevent"] == manifest.audit_head["seq"]
    report = restore_backup(tmp_path / "live.tar.gz", overwrite=True)
    assert report.ok, report.problems
    assert AuditEvent.objects.count() == manifest.audit_head["seq"]


# --- refusals: nothing is changed ------------------------------------------------------------


@pytest.fixture
def backup_file(world, tmp_path) -> Path:
    out = tmp_path / "b.tar.gz"
    create_backup(out)
    return out


@pytest.mark.django_db(transaction=True)
def test_an_altered_dump_is_refused_before_anything_changes(backup_file, tmp_path):
    tampered = tmp_path / "t.tar.gz"
    rewrite(backup_file, tampered, payload=b"DROP TABLE everything;")
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(tampered, overwrite=True)
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_the_other_engine_is_refused(backup_file, tmp_path):
    other = "sqlite" if IS_PG else "postgresql"
    swapped = tmp_path / "other.tar.gz"

    def swap(doc: dict[str, Any]) -> None:
        old = doc["engine"]
        doc["engine"] = other
        name = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}
        doc["files"][name[other]] = doc["files"].pop(name[old])

    rewrite(backup_file, swapped, manifest=swap)
    # The dump keeps its old name in the archive, but the engine check comes first.
    with pytest.raises(BackupError, match=r"this installation uses|lacks"):
        restore_backup(swapped, overwrite=True)


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_a_newer_schema_is_refused(backup_file, tmp_path):
    newer = tmp_path / "newer.tar.gz"
    rewrite(
        backup_file,
        newer,
        manifest=lambda doc: doc["migrations"].append(["concerns", "9999_from_the_future"]),
    )
    with pytest.raises(BackupError, match=r"newer schema.*concerns.9999_from_the_future"):
        restore_backup(newer, overwrite=True)


@pytest.mark.django_db(transaction=True)
def test_a_database_with_data_is_not_overwritten_without_yes(backup_file):
    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(backup_file)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "content",
    [b"", b"not a tar at all", b"\x1f\x8b\x08\x00garbage"],
    ids=["empty", "text", "broken-gzip"],
)
def test_a_file_that_is_not_a_backup_is_refused_clearly(tmp_path, content):
    path = tmp_path / "x.tar.gz"
    path.write_bytes(content)
    with pytest.raises(BackupError, match=r"not a Lastmile backup|no readable manifest"):
        restore_backup(path)
    with pytest.raises(BackupError, match="no backup file"):
        restore_backup(tmp_path / "missing.tar.gz")


@pytest.mark.django_db(transaction=True)
def test_media_names_escaping_media_root_are_refused(backup_file, tmp_path):
    evil = tmp_path / "evil.tar.gz"
    rewrite(
        backup_file,
        evil,
        manifest=lambda doc: doc["files"].update({"media/../../etc/cron.d/x": "0" * 64}),
    )
    with pytest.raises(BackupError, match="unexpected file"):
        restore_backup(evil, overwrite=True)


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_manifest_is_refused(backup_file, tmp_path):
    broken = tmp_path / "m.tar.gz"
    rewrite(backup_file, broken, manifest=lambda doc: doc.pop("row_counts"))
    with pytest.raises(BackupError, match="manifest is unreadable"):
        restore_backup(broken, overwrite=True)


def test_backup_into_a_missing_directory_is_refused(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", "--out", str(tmp_path / "no" / "b.tar.gz"))


def test_the_password_reaches_pg_tools_only_through_the_environment(monkeypatch, tmp_path):
    calls: list[dict[str, Any]] = []

    def fake_run(args: list[str], **kwargs: Any) -> Any:
        calls.append({"args": args, "env": kwargs["env"]})
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(engines.subprocess, "run", fake_run)
    monkeypatch.setattr(engines, "_binary", lambda name: f"/usr/bin/{name}")
    secret = {"NAME": "db", "USER": "u", "PASSWORD": "s3cret-pw", "HOST": "h", "PORT": 5432}
    with monkeypatch.context() as patched:
        patched.setenv("PGPASSWORD", "stale")
        engines._run(["/usr/bin/pg_dump", "--format=custom"], secret, "pg_dump")
    assert calls[0]["env"]["PGPASSWORD"] == "s3cret-pw"
    assert calls[0]["env"]["PGHOST"] == "h" and calls[0]["env"]["PGPORT"] == "5432"
    assert all("s3cret" not in arg for arg in calls[0]["args"])


# --- the commands end to end, into a scratch database -----------------------------------------


def _child_env(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.test"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _lastmile(args: list[str], database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lastmile", *args],
        env=_child_env(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def scratch_url(tmp_path):
    """A fresh, empty database of the suite's engine, dropped afterwards."""
    if not IS_PG:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    import psycopg

    sd = connection.settings_dict
    name = f"lastmile_prop_scratch_{os.getpid()}"
    admin = psycopg.connect(
        dbname="postgres",
        user=sd["USER"],
        password=sd["PASSWORD"],
        host=sd["HOST"],
        port=sd["PORT"],
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{sd['USER']}:{sd['PASSWORD']}@{sd['HOST']}:{sd['PORT']}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db(transaction=True)
def test_the_commands_restore_into_a_scratch_database(world, tmp_path, scratch_url):
    populate(world)
    out = tmp_path / "cli.tar.gz"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    manifest = read_manifest(out)

    restored = _lastmile(["restore", str(out)], scratch_url)
    assert restored.returncode == 0, restored.stderr
    assert "row counts match, audit chain intact" in restored.stdout

    verified = _lastmile(["audit", "verify"], scratch_url)
    assert verified.returncode == 0, verified.stderr
    assert f"{manifest.audit_head['seq']} events" in verified.stdout

    again = _lastmile(["restore", str(out)], scratch_url)
    assert again.returncode != 0
    assert "already holds data" in again.stderr
    assert "password" not in (restored.stdout + restored.stderr).lower()
