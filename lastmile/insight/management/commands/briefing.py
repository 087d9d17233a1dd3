"""``lastmile briefing --area CODE --period 2026-10 [--pdf out.pdf] [--xlsx out.xlsx] [--user U]``:
the 民情分析会 briefing from the command line, the same data as the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from lastmile.concerns.management.commands._io_common import actor_for_username
from lastmile.core.errors import DomainError
from lastmile.insight.briefing.data import area_for_actor, briefing_for
from lastmile.insight.briefing.period import default_period, parse_period


class Command(BaseCommand):
    help = "Write the 民情分析会 briefing for an area and period as PDF and/or .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="area code, e.g. DEMO-S")
        parser.add_argument("--period", default="", help="YYYY-MM or YYYY-Qn (default last month)")
        parser.add_argument("--pdf", type=Path, help="the PDF file to write")
        parser.add_argument("--xlsx", type=Path, help="the .xlsx file to write")
        parser.add_argument("--user", default="", help="scope of this user (default: everything)")

    def handle(self, *args: Any, **options: Any) -> None:
        pdf, xlsx = options["pdf"], options["xlsx"]
        if not pdf and not xlsx:
            raise CommandError("请给出 --pdf 或 --xlsx / Give --pdf and/or --xlsx")
        actor = actor_for_username(options["user"], default_superuser=True)
        try:
            period = parse_period(options["period"]) if options["period"] else default_period()
            area = area_for_actor(actor, options["area"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        except Http404 as exc:
            raise CommandError(
                f"找不到区域或无权查看 / No such area within reach: {options['area']}"
            ) from exc
        briefing = briefing_for(actor=actor, area=area, period=period)
        if briefing.is_empty:
            self.stdout.write(f"本期间没有诉求 / No concerns in {period.key} for {area.name}.")
        if pdf:
            from lastmile.insight.briefing.pdf import render_pdf

            _write(pdf, render_pdf(briefing))
            self.stdout.write(self.style.SUCCESS(f"PDF → {pdf}"))
        if xlsx:
            from io import BytesIO

            from lastmile.insight.briefing.xlsx import write_briefing_xlsx

            out = BytesIO()
            write_briefing_xlsx(briefing, out)
            _write(xlsx, out.getvalue())
            self.stdout.write(self.style.SUCCESS(f"Excel → {xlsx}"))


def _write(path: Path, content: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    partial.replace(path)
