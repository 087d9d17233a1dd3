"""``lastmile integrity scan [--period YYYY-MM] [--dry-run]``: run the anti-gaming checks, store
the flags (one row per finding) and print them. A report: it exits 0 whatever it finds."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.core.errors import DomainError
from lastmile.scores.integrity.services import integrity_run, integrity_scan


class Command(BaseCommand):
    help = "Integrity checks: 'scan' flags patterns that game the figures, with evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["scan"])
        parser.add_argument("--period", default="", help="a month, YYYY-MM (default: all history)")
        parser.add_argument("--dry-run", action="store_true", help="print without storing")

    def handle(self, *args: Any, **options: Any) -> None:
        period = options["period"] or None
        try:
            if options["dry_run"]:
                flags, stored = integrity_run(period=period), ""
            else:
                result = integrity_scan(period=period)
                flags = result.flags
                stored = f" ({result.created} new, {result.refreshed} seen before)"
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for flag in flags:
            self.stdout.write(f"[{flag.severity}] {flag.kind} {flag.period} {flag.subject}")
            self.stdout.write(f"    {flag.explanation}")
            for ev in flag.evidence[:5]:
                self.stdout.write(f"    - {ev['code']} {ev['at']} {ev['detail']}")
            if len(flag.evidence) > 5:
                self.stdout.write(f"    … {len(flag.evidence) - 5} more")
        self.stdout.write(self.style.SUCCESS(f"{len(flags)} flag(s){stored}"))
