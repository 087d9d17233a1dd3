"""``lastmile backup --out FILE [--media]``: a consistent backup of the database (and media).

SQLite is copied with the online backup API, PostgreSQL with ``pg_dump --format=custom`` from the
same snapshot the manifest's row counts come from; both while the app keeps running. See
``docs/operator/backup.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write a verified backup file (.tar.gz: manifest, database dump, optional media)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="the backup file to write (.tar.gz)")
        parser.add_argument(
            "--media", action="store_true", help="include the uploaded files (MEDIA_ROOT)"
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        try:
            manifest = create_backup(out, media=options["media"], using=options["database"])
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        media = sum(1 for name in manifest.files if name.startswith("media/"))
        rows = sum(manifest.row_counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written to {out}: {manifest.engine}, {len(manifest.row_counts)} tables, "
                f"{rows} rows, audit head #{manifest.audit_head['seq']}, {media} media files, "
                f"{out.stat().st_size} bytes"
            )
        )
