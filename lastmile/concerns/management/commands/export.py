"""``lastmile export --out FILE.xlsx``: export a filtered list of concerns with Chinese headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.concerns.io.export import export_qs, parse_filters, write_xlsx
from lastmile.concerns.management.commands._io_common import actor_for_username
from lastmile.concerns.services.imports import concerns_export_record
from lastmile.core.errors import DomainError


class Command(BaseCommand):
    help = "Export concerns to .xlsx (受理编号, 标题, 类型, 状态, …), scoped to --user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
        parser.add_argument("--status", default="")
        parser.add_argument("--since", default="", help="received on or after YYYY-MM-DD")
        parser.add_argument("--until", default="", help="received on or before YYYY-MM-DD")
        parser.add_argument("--unit", default="", help="lead unit code")
        parser.add_argument("--area", default="", help="area code (with everything under it)")
        parser.add_argument("--user", default="", help="scope of this user (default: everything)")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.suffix.lower() != ".xlsx":
            raise CommandError("--out must end in .xlsx")
        actor = actor_for_username(options["user"], default_superuser=True)
        try:
            filters = parse_filters(options)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        partial = out.with_name(out.name + ".part")
        with partial.open("wb") as handle:
            count = write_xlsx(actor=actor, qs=export_qs(actor, filters), out=handle)
        partial.replace(out)
        concerns_export_record(actor=actor, count=count, filters=filters.as_dict())
        self.stdout.write(self.style.SUCCESS(f"{count} concerns → {out}"))
