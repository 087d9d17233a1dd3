"""``lastmile scores verify [--period YYYY-MM]`` · ``recompute --period YYYY-MM`` · ``refresh``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.core.errors import DomainError
from lastmile.scores.conf import parse_period, weights
from lastmile.scores.services import recompute, rollup_refresh, verify


class Command(BaseCommand):
    help = "Score rollups: refresh from the audit log, recompute a month, or verify figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "recompute", "refresh"])
        parser.add_argument("--period", default="", help="YYYY-MM")

    def handle(self, *args: Any, action: str, period: str, **options: Any) -> None:
        try:
            weights()
            month = parse_period(period) if period else ""
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        if action == "refresh":
            self.stdout.write(f"folded {rollup_refresh()} audit events")
        elif action == "recompute":
            if not month:
                raise CommandError("recompute needs --period YYYY-MM")
            self.stdout.write(f"{month}: {recompute(month)} rollup rows rebuilt")
        else:
            self._verify(month or None)

    def _verify(self, month: str | None) -> None:
        differences = verify(month)
        if differences:
            for diff in differences[:200]:
                self.stderr.write(str(diff))
            if len(differences) > 200:
                self.stderr.write(f"… and {len(differences) - 200} more")
            raise CommandError(f"{len(differences)} stored figures disagree with the audit log")
        self.stdout.write(f"{month or 'all periods'}: every stored figure matches the audit log")
