"""``lastmile scheduler [--interval 60] [--once]``: enqueue the periodic tasks.

The tasks are listed in ``settings.LASTMILE["PERIODIC_TASKS"]`` (label → dotted path of a
django-tasks task): the escalation sweep, notification retries, WeChat drafts. The scheduler only
enqueues; ``lastmile db_worker`` runs them. It stops cleanly on SIGTERM or Ctrl-C. Run one
scheduler per deployment (every periodic task is idempotent, so a second one only adds work).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import import_string

from lastmile.core.conf import setting


class Command(BaseCommand):
    help = "Enqueue the periodic tasks every --interval seconds (the db_worker runs them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=float(setting("SWEEP_INTERVAL_SECONDS")),
            help="seconds between sweeps (default: LASTMILE['SWEEP_INTERVAL_SECONDS'])",
        )
        parser.add_argument("--once", action="store_true", help="enqueue one sweep and exit")
        parser.add_argument(
            "--max-runs", type=int, default=0, help="stop after this many sweeps (0: no limit)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0:
            raise CommandError("--interval must not be negative")
        if options["once"]:
            self.enqueue()
            return
        self.stop = threading.Event()
        previous = self._install(signal.SIGTERM)
        try:
            self.loop(options["interval"], options["max_runs"])
        except KeyboardInterrupt:
            pass
        finally:
            self._restore(signal.SIGTERM, previous)
        self.stdout.write("scheduler stopped")

    def loop(self, interval: float, max_runs: int) -> None:
        self.stdout.write(f"scheduler: sweeping every {interval:g} s (SIGTERM or Ctrl-C stops)")
        runs = 0
        while not self.stop.is_set():
            self.enqueue()
            runs += 1
            if max_runs and runs >= max_runs:
                return
            self.stop.wait(interval)

    def enqueue(self) -> None:
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        for label, path in setting("PERIODIC_TASKS").items():
            result = import_string(path).enqueue()
            self.stdout.write(f"{stamp} enqueued {label} {result.id}")

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop.set()

    def _install(self, signum: int) -> Any:
        if threading.current_thread() is not threading.main_thread():
            return None  # signals can only be handled in the main thread
        return signal.signal(signum, self._on_signal)

    def _restore(self, signum: int, previous: Any) -> None:
        if previous is not None:
            signal.signal(signum, previous)
