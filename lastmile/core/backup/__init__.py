"""Backup and restore of the whole database (and optionally the uploaded media).

A backup is one ``.tar.gz`` holding ``manifest.json``, the database dump (``db.sqlite3`` from
SQLite's online backup API, or ``db.pgdump`` from ``pg_dump --format=custom``) and, with
``media=True``, the files under ``MEDIA_ROOT`` in ``media/``. The manifest records the engine,
the applied migrations, the row count of every table, the audit chain's head, when and by which
app version the backup was made, and the SHA-256 of every payload file, all taken from the same
consistent snapshot as the dump.

``restore_backup`` refuses a file from the other engine, from a newer schema, with a payload that
does not match its checksum, or over a database that holds data unless ``overwrite=True``; after
restoring it verifies the audit chain and the row counts and reports every difference.
"""

from lastmile.core.backup.archive import BackupError, Manifest, read_manifest
from lastmile.core.backup.ops import RestoreReport, create_backup, restore_backup

__all__ = [
    "BackupError",
    "Manifest",
    "RestoreReport",
    "create_backup",
    "read_manifest",
    "restore_backup",
]
