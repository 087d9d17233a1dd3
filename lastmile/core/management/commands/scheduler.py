"""``lastmile scheduler [--interval 60] [--once]``: enqueue the periodic tasks.

The tasks are listed in ``settings.LASTMILE["PERIODIC_TASKS"]`` (label → dotted path of a
django-tasks task): the escalation sweep, notification retries, WeChat drafts. The scheduler only
enqueues; ``lastmile db_worker`` runs them. It stops cleanly on SIGTERM or Ctrl-C.

Several machines may each run a scheduler: on PostgreSQL each tick first takes (or keeps) a
session-level advisory lock, and a scheduler that cannot get it stands by, so the tasks are
enqueued once per tick, by whichever scheduler leads (a standby takes over within one interval
when the leader dies). A lost database connection is logged and retried at the next tick; the
lock goes with the old session. SQLite serves one machine, so there the scheduler always leads.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from lastmile.core.conf import setting

# pg advisory lock key of the leading scheduler ("LMSC"); below 2**32, so pg_locks shows it as
# classid 0, objid LOCK_KEY, objsubid 1.
LOCK_KEY = 0x4C4D5343
_HOLDING = (
    "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
    "AND classid = 0 AND objid = %s AND objsubid = 1 AND granted"
)


def take_lead() -> bool:
    """True when this process may enqueue: it holds (or just took) the scheduler lock."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(_HOLDING, [LOCK_KEY])
        if cursor.fetchone():
            return True
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        row = cursor.fetchone()
    return bool(row and row[0])


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
        self.leading: bool | None = None
        if options["once"]:
            self.tick()
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
            self.tick()
            runs += 1
            if max_runs and runs >= max_runs:
                return
            self.stop.wait(interval)

    def tick(self) -> None:
        """Enqueue the periodic tasks if this scheduler leads; survive a database outage."""
        try:
            leading = take_lead()
            if leading != self.leading:
                state = "leading" if leading else "standing by (another scheduler leads)"
                self.stdout.write(f"scheduler: {state}")
            self.leading = leading
            if leading:
                self.enqueue()
        except DatabaseError as exc:
            self.stderr.write(f"scheduler: database unavailable ({exc.__class__.__name__}: {exc})")
            self.leading = None
            connection.close()  # reconnect at the next tick; the lock went with the old session

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
