"""``lastmile load_divisions --file divisions.csv``: load administrative division codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.insight.divisions import divisions_check, divisions_load, read_rows
from lastmile.orgs.selectors import SYSTEM


class Command(BaseCommand):
    help = (
        "Load division codes (统计用区划代码) from a CSV with columns code,name[,parent_code] "
        "(UTF-8 or GB18030; header optional; idempotent). Bad rows are named and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, required=True, help="CSV file")
        parser.add_argument(
            "--strict", action="store_true", help="fail (load nothing) when any row is bad"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        rows = read_rows(path)
        if options["strict"]:
            bad = divisions_check(rows)
            for error in bad:
                self.stderr.write(error)
            if bad:
                raise CommandError(f"{len(bad)} bad rows in {path.name}; nothing loaded")
        result = divisions_load(actor=SYSTEM, rows=rows, source=path.name)
        for error in result.errors:
            self.stderr.write(error)
        self.stdout.write(
            self.style.SUCCESS(
                f"区划代码 from {path.name}: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged, {len(result.errors)} bad rows"
            )
        )
