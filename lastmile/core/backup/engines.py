"""Engine-specific halves: a consistent dump with the facts of the same snapshot, and its restore.

SQLite: the online backup API copies the live database page by page under one read transaction
(WAL readers never block writers), and the facts are read from the copy. PostgreSQL: a
``REPEATABLE READ`` transaction exports its snapshot, counts the rows in it, and ``pg_dump
--snapshot`` dumps exactly that state. Passwords go to the child processes through ``PGPASSWORD``
in their environment, never on a command line or in a log line.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from lastmile.core.backup.archive import BackupError

log = logging.getLogger("lastmile.backup")

Facts = dict[str, Any]
Execute = Callable[[str], list[tuple[Any, ...]]]

# libpq environment variables for Django's OPTIONS keys we pass through.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "passfile": "PGPASSFILE",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_facts(execute: Execute, tables: Iterable[str]) -> Facts:
    """Row counts, applied migrations and the audit head, read through ``execute``."""
    tables = sorted(tables)
    counts = {t: int(execute(f"SELECT COUNT(*) FROM {_quote(t)}")[0][0]) for t in tables}
    migrations: list[list[str]] = []
    if "django_migrations" in counts:
        rows = execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [[str(app), str(name)] for app, name in rows]
    head: dict[str, Any] = {"seq": 0, "hash": "0" * 64}
    if "core_audithead" in counts:
        rows = execute("SELECT seq, last_hash FROM core_audithead WHERE id = 1")
        if rows:
            head = {"seq": int(rows[0][0]), "hash": str(rows[0][1])}
    return {"row_counts": counts, "migrations": migrations, "audit_head": head}


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def sqlite_dump(connection: BaseDatabaseWrapper, dest: Path) -> Facts:
    if connection.in_atomic_block:
        # The copy would wait forever for the open transaction's locks.
        raise BackupError("backup cannot run inside a database transaction")
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        # The copy stands alone: no -wal/-shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        return read_facts(lambda sql: target.execute(sql).fetchall(), _sqlite_tables(target))
    finally:
        target.close()


def sqlite_restore(connection: BaseDatabaseWrapper, dump: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("restore cannot run inside a database transaction")
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not restore the copy: {exc}") from exc
    finally:
        source.close()


def sqlite_existing_tables(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


# --- PostgreSQL -----------------------------------------------------------------------------


def _binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on PATH; install the PostgreSQL client tools "
            "(Debian: postgresql-client) of the server's major version or newer"
        )
    return found


def pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The child's environment: libpq variables from Django's settings (password included)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
    }
    for option, var in _PG_OPTION_ENV.items():
        values[var] = (settings_dict.get("OPTIONS") or {}).get(option)
    env.update({k: str(v) for k, v in values.items() if v not in (None, "")})
    return env


def _run(args: list[str], settings_dict: dict[str, Any], what: str) -> None:
    log.info("backup: running %s", " ".join(args))  # never holds a secret
    try:
        proc = subprocess.run(
            args, env=pg_env(settings_dict), capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise BackupError(f"{what} could not start: {exc}") from exc
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()[-2000:]
        raise BackupError(f"{what} failed (exit {proc.returncode}): {detail}")


def _pg_connect(settings_dict: dict[str, Any]) -> Any:
    import psycopg

    kwargs = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    for option in _PG_OPTION_ENV:
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            kwargs[option] = value
    try:
        return psycopg.connect(**{k: v for k, v in kwargs.items() if v is not None})
    except psycopg.Error as exc:
        raise BackupError(f"cannot connect to PostgreSQL: {exc}") from exc


_PG_TABLES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
"""


def pg_dump(connection: BaseDatabaseWrapper, dest: Path) -> Facts:
    import psycopg

    settings_dict = connection.settings_dict
    binary = _binary("pg_dump")
    conn = _pg_connect(settings_dict)
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cur:
            snapshot = cur.execute("SELECT pg_export_snapshot()").fetchone()[0]

            def execute(sql: str) -> list[tuple[Any, ...]]:
                return list(cur.execute(sql).fetchall())

            facts = read_facts(execute, [r[0] for r in execute(_PG_TABLES)])
            _run(
                [binary, "--format=custom", f"--snapshot={snapshot}", f"--file={dest}"],
                settings_dict,
                "pg_dump",
            )
        conn.rollback()
        return facts
    finally:
        conn.close()


def pg_existing_tables(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(_PG_TABLES)
        return [r[0] for r in cursor.fetchall()]


def pg_restore(connection: BaseDatabaseWrapper, dump: Path, keep: set[str]) -> None:
    """Drop the tables the backup does not have, then restore it in one transaction."""
    binary = _binary("pg_restore")
    extra = [t for t in pg_existing_tables(connection) if t not in keep]
    if extra:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(map(_quote, extra)) + " CASCADE")
    settings_dict = connection.settings_dict
    connection.close()
    _run(
        [
            binary,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        settings_dict,
        "pg_restore",
    )
