"""Shared pieces of the state machines: refusals, per-example savepoints, the audit checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar
from unittest import mock

from django.db import transaction
from hypothesis import HealthCheck, settings

from lastmile.core import audit
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed

T = TypeVar("T")

# A refusal is a domain answer: the action was not allowed or the input was wrong.
REFUSALS = (NotPermitted, TransitionNotAllowed, InvalidInput, Conflict)

MACHINE_SETTINGS = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


class Example:
    """Each example runs in a savepoint rolled back at teardown, so examples start equal.

    ``Example.done`` / ``Example.refused`` count, over every example of a run, the actions that
    went through and those refused, so a test can check the machine really moved."""

    done: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    why: dict[str, str] = {}  # the last refusal's message per action, to explain a thin run

    def __init__(self) -> None:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def close(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def attempt(self, name: str, action: Callable[[], T]) -> T | None:
        """Run ``action``; a domain refusal is counted and accepted, anything else fails."""
        try:
            with transaction.atomic():
                result = action()
        except REFUSALS as exc:
            Example.refused[name] += 1
            Example.why[name] = str(exc)
            return None
        Example.done[name] += 1
        return result

    @classmethod
    def reset(cls) -> None:
        cls.done.clear()
        cls.refused.clear()
        cls.why.clear()


@contextmanager
def at(moment: datetime) -> Iterator[Any]:
    with mock.patch("django.utils.timezone.now", return_value=moment) as patched:
        yield patched


def assert_chain_verifies() -> None:
    result = audit.verify()
    assert result.ok, f"audit chain broken at #{result.first_bad_seq}: {result.reason}"
