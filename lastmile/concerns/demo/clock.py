"""A settable clock: inside :func:`frozen`, ``django.utils.timezone.now`` returns its moment, so
services stamp events (and the audit log) with the simulated time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        if moment < self.moment:
            raise ValueError("the demo clock only moves forward")
        self.moment = moment


@contextmanager
def frozen(clock: Clock) -> Iterator[Clock]:
    with patch("django.utils.timezone.now", new=clock.now):
        yield clock
