"""``lastmile demo_load [--concerns 2000] [--seed 1] [--if-empty]``: build the demo community."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from lastmile.concerns.choices import Status
from lastmile.concerns.demo import build_demo, database_is_empty, demo_logins
from lastmile.concerns.models import Concern


class Command(BaseCommand):
    help = "Load the demo community (organisation, staff, households, concerns) into an empty DB."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concerns", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (but print the logins) when the database already has data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not database_is_empty():
            if options["if_empty"]:
                self.stdout.write("演示数据已存在 / demo data already loaded")
                self.print_logins()
                return
            raise CommandError(
                "数据库不是空的 / The database already has areas or concerns: "
                "demo_load only fills an empty database."
            )
        if options["concerns"] < 1:
            raise CommandError("--concerns must be at least 1")
        result = build_demo(
            concerns=options["concerns"],
            seed=options["seed"],
            data_dir=Path(settings.SHARED_DATA_DIR),
            progress=self.stdout.write,
        )
        self.print_statuses()
        tally = result.tally
        self.stdout.write(
            f"escalations: {tally['reminders']} reminders, {tally['urges']} 催办, "
            f"{tally['circulars']} 通报; {tally['not_rated']} closed as not rated"
        )
        if result.failures:
            self.stderr.write(f"{len(result.failures)} scripted steps were refused, e.g.:")
            for line in result.failures[:5]:
                self.stderr.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"demo loaded in {result.seconds:.1f} s"))
        self.print_logins()

    def print_statuses(self) -> None:
        rows = Concern.objects.values_list("status", "outcome").annotate(n=Count("pk"))
        self.stdout.write("status                    count")
        for status, outcome, n in sorted(rows):
            label = f"{status} ({outcome})" if status == Status.CLOSED else status
            self.stdout.write(f"  {label:<24}{n:>6}")

    def print_logins(self) -> None:
        logins = demo_logins()
        self.stdout.write("\n演示账号 / demo logins (sign in at /accounts/login/)")
        self.stdout.write(f"{'username':<20}{'password':<16}{'role':<28}{'unit':<18}try")
        for login in logins:
            self.stdout.write(
                f"{login.username:<20}{login.password:<16}{login.role:<28}"
                f"{login.unit:<18}{login.try_this}"
            )
