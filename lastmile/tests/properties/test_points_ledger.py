"""The points ledger under random awards, spends, refunds and retries: every account's balance
is earned − spent, never negative, equals the sum of its entries and the model kept here, and a
cause is booked once (a retry returns the same entry, another use of it is a conflict)."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from lastmile.merits.models import PointsAccount, PointsEntry
from lastmile.merits.services.points import points_award, points_refund, points_spend
from lastmile.orgs.testing import World

from .support import MACHINE_SETTINGS, Example, assert_chain_verifies

pytestmark = pytest.mark.django_db

PEOPLE = st.sampled_from(("gridder", "c1_handler", "outsider"))
CAUSES = st.sampled_from([f"prop:{i}" for i in range(8)])
POINTS = st.one_of(st.integers(1, 60), st.sampled_from([0, -5, 10**9, 2**31 + 1]))


def test_random_bookings_keep_every_balance_right(world: World) -> None:
    class PointsLedger(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.ex = Example()
            self.balance: dict[str, int] = {}
            self.booked: dict[str, tuple[str, int]] = {}  # cause → (person, signed points)

        def teardown(self) -> None:
            self.ex.close()

        def _book(self, fn, kind: str, who: str, points: int, cause: str) -> None:  # type: ignore[no-untyped-def]
            before = self.booked.get(cause)
            entry = self.ex.attempt(
                kind,
                lambda: fn(
                    actor=world.actor("admin"),
                    person=world.people[who],
                    points=points,
                    cause=cause,
                    reason="性质测试",
                ),
            )
            if entry is None:
                return
            if before is not None:  # an idempotent retry returns what was booked
                assert (entry.person.pk, entry.points) == (world.people[before[0]].pk, before[1])
                return
            self.booked[cause] = (who, entry.points)
            self.balance[who] = self.balance.get(who, 0) + entry.points

        @rule(who=PEOPLE, points=POINTS, cause=CAUSES)
        def award(self, who: str, points: int, cause: str) -> None:
            self._book(points_award, "award", who, points, cause)

        @rule(who=PEOPLE, points=POINTS, cause=CAUSES)
        def spend(self, who: str, points: int, cause: str) -> None:
            self._book(points_spend, "spend", who, points, cause)

        @precondition(lambda self: any(b > 0 for b in self.balance.values()))
        @rule(cause=CAUSES, share=st.integers(1, 100))
        def spend_within_the_balance(self, cause: str, share: int) -> None:
            who, balance = next((w, b) for w, b in sorted(self.balance.items()) if b > 0)
            points = max(1, balance * share // 100)
            self._book(points_spend, "spend", who, points, f"shop:{cause}")

        @rule(cause=CAUSES, suffix=st.integers(0, 2))
        def refund_a_spend(self, cause: str, suffix: int) -> None:
            spent = self.booked.get(cause)
            if spent and spent[1] < 0:
                self._book(points_refund, "refund", spent[0], -spent[1], f"{cause}:r{suffix}")

        @invariant()
        def balances_reconcile(self) -> None:
            for account in PointsAccount.objects.select_related("person__user"):
                assert account.balance >= 0
                assert account.balance == account.earned - account.spent
                total = PointsEntry.objects.filter(account=account).aggregate(s=Sum("points"))["s"]
                assert account.balance == (total or 0)
                last = PointsEntry.objects.filter(account=account).order_by("-pk").first()
                assert last is None or last.balance_after == account.balance
            for who, balance in self.balance.items():
                mine = PointsAccount.objects.filter(person=world.people[who]).first()
                assert mine is not None and mine.balance == balance
            assert not PointsEntry.objects.filter(balance_after__lt=0).exists()

        @invariant()
        def chain_verifies(self) -> None:
            assert_chain_verifies()

    Example.reset()
    # Derandomised, so the check below that awards and spends both happened is stable.
    run_state_machine_as_test(PointsLedger, settings=settings(MACHINE_SETTINGS, derandomize=True))
    for action in ("award", "spend"):
        assert Example.done[action] > 0, (action, dict(Example.done), dict(Example.refused))
