"""``lastmile import FILE``: import concerns from a message-board export (.csv or .xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.concerns.io.importer import MODES, ImportReport, import_file
from lastmile.concerns.management.commands._io_common import actor_for_username
from lastmile.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import concerns from a CSV/XLSX message-board export (留言编号, 留言主题, 留言时间, "
        "留言详情, optional 一级分类, 答复意见, 答复时间). Re-importing is idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mode", choices=MODES, default="all", help="all (default) or skip")
        parser.add_argument("--map", default="", help="header=field,… or a JSON object")
        parser.add_argument("--sheet", default="", help="worksheet name (default: the first)")
        parser.add_argument("--limit", type=int, default=None, help="import the first N rows")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", default="", help="act as this user (default: system)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件 / File not found: {path}")
        try:
            report = import_file(
                actor=actor_for_username(options["user"]),
                data=path.read_bytes(),
                name=path.name,
                mode=options["mode"],
                mapping_text=options["map"],
                sheet=options["sheet"],
                limit=options["limit"],
                dry_run=options["dry_run"],
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self._print(report)
        if report.refused:
            raise CommandError(
                f"nothing imported: {len(report.errors)} error(s) "
                + ("(file refused)" if report.rejected else "(mode all)")
            )

    def _print(self, report: ImportReport) -> None:
        for issue in report.issues:
            where = f"row {issue.row}" if issue.row else "file"
            self.stdout.write(f"{issue.level}\t{where}\t{issue.column}\t{issue.message}")
        if report.ignored_columns:
            self.stdout.write("ignored columns: " + ", ".join(report.ignored_columns))
        counts = (
            f"{report.file_name}: rows={report.rows} created={report.created} "
            f"existing={report.existing} replied={report.replied} "
            f"duplicates={report.duplicates} skipped={report.skipped} "
            f"errors={len(report.errors)} warnings={len(report.warnings)}"
        )
        if report.dry_run:
            counts += " (dry run: nothing written)"
        if report.truncated:
            counts += " (stopped at --limit)"
        style = self.style.ERROR if report.refused else self.style.SUCCESS
        self.stdout.write(style(counts))
