"""``lastmile load_taxonomy [--file PATH]``: load a three-level category tree (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.concerns.services.taxonomy import taxonomy_load
from lastmile.core.errors import DomainError


class Command(BaseCommand):
    help = "Load categories from a CSV/XLSX with columns 一级分类, 二级分类, 三级分类 (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=None,
            help="CSV or XLSX file (default: SHARED_DATA_DIR/tipdm2020/taxonomy.csv)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or Path(settings.SHARED_DATA_DIR) / "tipdm2020" / "taxonomy.csv"
        try:
            result = taxonomy_load(path=path)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        counts = " / ".join(str(result.counts.get(level, 0)) for level in (1, 2, 3))
        self.stdout.write(
            self.style.SUCCESS(
                f"分类 {counts} (levels 1/2/3) from {path.name}: "
                f"{len(result.created)} created, {len(result.reactivated)} reactivated"
            )
        )
