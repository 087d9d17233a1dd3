"""``lastmile sweep``: run the escalation sweep now, in this process, and print what it did."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lastmile.concerns.services import escalation_sweep
from lastmile.concerns.tasks import SWEEP_FIELDS


class Command(BaseCommand):
    help = "Run the escalation sweep (督办) synchronously and print the counts."

    def handle(self, *args: Any, **options: Any) -> None:
        result = escalation_sweep()
        counts = ", ".join(f"{name}={len(getattr(result, name))}" for name in SWEEP_FIELDS)
        self.stdout.write(f"sweep: {counts}")
