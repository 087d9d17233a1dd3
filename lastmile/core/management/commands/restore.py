"""``lastmile restore FILE [--yes] [--no-media]``: restore a backup, then verify it.

Refuses a damaged or altered file, one from the other database engine or from a newer schema,
and a database that already holds data unless ``--yes``. After restoring it verifies the audit
chain and every table's row count against the manifest and exits 1 naming any difference. Stop
the app servers and workers first. See ``docs/operator/backup.md``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup file made by 'lastmile backup' and verify the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file (.tar.gz)")
        parser.add_argument(
            "--yes", action="store_true", help="overwrite a database that already holds data"
        )
        parser.add_argument(
            "--no-media", action="store_true", help="leave MEDIA_ROOT alone even if included"
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(
                options["file"],
                overwrite=options["yes"],
                media=not options["no_media"],
                using=options["database"],
            )
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from exc
        if not report.ok:
            raise CommandError(
                "restored, but the result does not match the backup:\n- "
                + "\n- ".join(report.problems)
            )
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"restored the backup of {manifest.created_at} ({manifest.engine}, "
                f"{len(manifest.row_counts)} tables, {sum(manifest.row_counts.values())} rows): "
                f"row counts match, audit chain intact ({report.audit_checked} events), "
                f"{report.media_files} media files"
            )
        )
        if report.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"the backup predates {len(report.pending_migrations)} migrations of this "
                    "version; run 'lastmile migrate' next"
                )
            )
