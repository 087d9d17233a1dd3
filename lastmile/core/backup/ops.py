"""``create_backup`` and ``restore_backup``: the engine-independent steps and the checks."""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from lastmile.core import audit
from lastmile.core.backup import engines
from lastmile.core.backup.archive import (
    DUMP_NAMES,
    BackupError,
    Manifest,
    media_files,
    sha256_of,
    unpack,
    write_archive,
)

log = logging.getLogger("lastmile.backup")

ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# A database "holds data" when any of these tables has a row (a freshly migrated one has none).
DATA_TABLES = ("core_auditevent", "auth_user")


def _engine(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def _app_version() -> str:
    try:
        return metadata.version("lastmile")
    except metadata.PackageNotFoundError:
        return "unknown"


def create_backup(
    out: Path | str, *, media: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Manifest:
    """Back up database ``using`` (and MEDIA_ROOT with ``media``) consistently to ``out``."""
    out = Path(out)
    if not out.parent.is_dir():
        raise BackupError(f"the directory {out.parent} does not exist")
    connection = connections[using]
    engine = _engine(connection)
    with tempfile.TemporaryDirectory(prefix="lastmile-backup-", dir=out.parent) as tmp:
        dump = Path(tmp) / DUMP_NAMES[engine]
        if engine == "sqlite":
            facts = engines.sqlite_dump(connection, dump)
        else:
            facts = engines.pg_dump(connection, dump)
        payload = [(DUMP_NAMES[engine], dump)]
        if media:
            payload += media_files(Path(settings.MEDIA_ROOT))
        manifest = Manifest(
            engine=engine,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            app_version=_app_version(),
            migrations=facts["migrations"],
            row_counts=facts["row_counts"],
            audit_head=facts["audit_head"],
            files={name: sha256_of(path) for name, path in payload},
        )
        write_archive(out, manifest, payload)
    log.info(
        "backup: wrote %s (%s, %d tables, audit head #%s)",
        out,
        engine,
        len(manifest.row_counts),
        manifest.audit_head.get("seq"),
    )
    return manifest


@dataclass
class RestoreReport:
    manifest: Manifest
    audit_checked: int = 0
    media_files: int = 0
    problems: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    return set(loader.disk_migrations)


def _check_compatible(manifest: Manifest, engine: str) -> list[str]:
    """Refuse the other engine and a newer schema; return the migrations still to apply."""
    if manifest.engine != engine:
        raise BackupError(
            f"this backup is from a {ENGINE_LABELS[manifest.engine]} database and this "
            f"installation uses {ENGINE_LABELS[engine]}; restore it into a "
            f"{ENGINE_LABELS[manifest.engine]} database (set DATABASE_URL), nothing was changed"
        )
    known = _known_migrations()
    applied = {(app, name) for app, name in manifest.migrations}
    newer = sorted(applied - known)
    if newer:
        names = ", ".join(f"{app}.{name}" for app, name in newer[:10])
        raise BackupError(
            "this backup comes from a newer schema than this version of Lastmile knows "
            f"(unknown migrations: {names}); upgrade Lastmile first, nothing was changed"
        )
    return sorted(f"{app}.{name}" for app, name in known - applied)


def _holds_data(connection: BaseDatabaseWrapper, tables: list[str]) -> bool:
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
                if cursor.fetchone():
                    return True
    return False


def restore_backup(
    path: Path | str,
    *,
    overwrite: bool = False,
    media: bool = True,
    using: str = DEFAULT_DB_ALIAS,
) -> RestoreReport:
    """Restore ``path`` into database ``using``, then verify the audit chain and the counts.

    Raises :class:`BackupError` before changing anything when the file is damaged or altered, from
    the other engine or a newer schema, or when the database holds data and not ``overwrite``.
    Differences found after restoring are returned in ``report.problems``.
    """
    path = Path(path)
    connection = connections[using]
    engine = _engine(connection)
    with tempfile.TemporaryDirectory(prefix="lastmile-restore-") as tmp:
        manifest, dump, media_parts = unpack(path, Path(tmp))
        pending = _check_compatible(manifest, engine)
        if engine == "sqlite":
            existing = engines.sqlite_existing_tables(connection)
        else:
            existing = engines.pg_existing_tables(connection)
        if not overwrite and _holds_data(connection, existing):
            raise BackupError(
                "the database already holds data (audit events or user accounts); restoring "
                "would replace all of it. Run again with --yes to overwrite, nothing was changed"
            )
        if engine == "sqlite":
            engines.sqlite_restore(connection, dump)
        else:
            engines.pg_restore(connection, dump, keep=set(manifest.row_counts))
        _forget_caches()
        report = RestoreReport(manifest=manifest, pending_migrations=pending)
        if media and media_parts:
            report.media_files = _restore_media(media_parts)
    _verify(connection, report)
    log.info(
        "restore: %s restored from %s (%d audit events, %d problems)",
        engine,
        path,
        report.audit_checked,
        len(report.problems),
    )
    return report


def _forget_caches() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _restore_media(parts: list[Any]) -> int:
    root = Path(settings.MEDIA_ROOT)
    for rel, extracted in parts:
        target = root.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(extracted, target)
    return len(parts)


def _verify(connection: BaseDatabaseWrapper, report: RestoreReport) -> None:
    manifest = report.manifest
    problems = report.problems
    if connection.alias == DEFAULT_DB_ALIAS:
        result = audit.verify()
        report.audit_checked = result.checked
        if not result.ok:
            problems.append(
                f"the audit chain does not verify: event #{result.first_bad_seq}: {result.reason}"
            )
    present = set(
        engines.sqlite_existing_tables(connection)
        if connection.vendor == "sqlite"
        else engines.pg_existing_tables(connection)
    )
    with connection.cursor() as cursor:

        def execute(sql: str) -> list[tuple[Any, ...]]:
            cursor.execute(sql)
            return list(cursor.fetchall())

        facts = engines.read_facts(execute, sorted(present & set(manifest.row_counts)))
    for table in sorted(set(manifest.row_counts) - present):
        problems.append(f"table {table} is missing")
    for table, expected in sorted(manifest.row_counts.items()):
        actual = facts["row_counts"].get(table)
        if actual is not None and actual != expected:
            problems.append(f"table {table} has {actual} rows; the backup recorded {expected}")
    if facts["audit_head"] != manifest.audit_head:
        problems.append(
            f"the audit chain head is #{facts['audit_head']['seq']} "
            f"{facts['audit_head']['hash'][:12]}…; the backup recorded "
            f"#{manifest.audit_head.get('seq')} {str(manifest.audit_head.get('hash'))[:12]}…"
        )
