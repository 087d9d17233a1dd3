"""The rectification ledger under random actions by random roles: every item's history follows
its transition table and ends in its status, its version counts its transitions, and the audit
chain verifies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from lastmile.core.models import AuditEvent
from lastmile.orgs.testing import World
from lastmile.rectify import services
from lastmile.rectify.choices import TRANSITIONS, Source
from lastmile.rectify.models import LedgerItem
from lastmile.rectify.services.transition import OBJECT_TYPE

from .support import MACHINE_SETTINGS, Example, assert_chain_verifies

pytestmark = pytest.mark.django_db

WHO = st.sampled_from(("c1_handler", "c2_handler", "dispatcher", "supervisor", "admin", "outsider"))


def _allowed(action: str, source: str, target: str) -> bool:
    move = TRANSITIONS.get(action)
    if move is None or source not in move.sources:
        return False
    return target == move.target if move.target else target in move.targets


def test_random_actions_keep_the_ledger_consistent(world: World) -> None:
    class Ledger(RuleBasedStateMachine):
        items = Bundle("items")

        def __init__(self) -> None:
            super().__init__()
            self.ex = Example()

        def teardown(self) -> None:
            self.ex.close()

        @staticmethod
        def get(pk: int) -> LedgerItem:
            return LedgerItem.objects.get(pk=pk)

        @rule(
            target=items,
            who=WHO,
            days=st.integers(-3, 30),
            unit=st.sampled_from(("c1_org", "c2_org")),
        )
        def register(self, who: str, days: int, unit: str) -> int:
            item = self.ex.attempt(
                "register",
                lambda: services.item_register(
                    actor=world.actor(who),
                    source=Source.SELF,
                    title="楼道堆物",
                    content="3栋楼道长期堆放杂物，存在消防隐患",
                    owner_unit=world.units[unit],
                    standard_of_done="楼道无堆物，消防通道畅通",
                    measures="入户劝导、集中清理、每周巡查",
                    deadline=timezone.localdate() + dt.timedelta(days=days),
                ),
            )
            return item.pk if item else 0

        @rule(pk=items, who=WHO)
        def start(self, pk: int, who: str) -> None:
            if pk:
                self.ex.attempt(
                    "start", lambda: services.item_start(actor=world.actor(who), item=self.get(pk))
                )

        @rule(pk=items, who=WHO)
        def submit(self, pk: int, who: str) -> None:
            if pk:
                self.ex.attempt(
                    "submit",
                    lambda: services.item_submit(
                        actor=world.actor(who), item=self.get(pk), summary="已清理完毕"
                    ),
                )

        @rule(pk=items, who=WHO, rating=st.sampled_from(("satisfied", "dissatisfied", "", "x")))
        def accept(self, pk: int, who: str, rating: str) -> None:
            if pk:
                self.ex.attempt(
                    "accept",
                    lambda: services.item_accept(
                        actor=world.actor(who),
                        item=self.get(pk),
                        satisfaction=rating,
                        note="仍有部分杂物未清理",
                    ),
                )

        @rule(pk=items, who=WHO, reason=st.sampled_from(("recurred", "late", "dissatisfied", "?")))
        def reopen(self, pk: int, who: str, reason: str) -> None:
            if pk:
                self.ex.attempt(
                    "reopen",
                    lambda: services.item_reopen(
                        actor=world.actor(who),
                        item=self.get(pk),
                        reason=reason,
                        note="又堆上了",
                        new_deadline=timezone.localdate() + dt.timedelta(days=7),
                    ),
                )

        @invariant()
        def histories_follow_the_table(self) -> None:
            moves = defaultdict(list)
            for verb, obj_id, data in AuditEvent.objects.filter(
                object_type=OBJECT_TYPE
            ).values_list("verb", "object_id", "data"):
                if isinstance(data, dict) and "from" in data and "to" in data:
                    moves[obj_id].append((verb.rsplit(".", 1)[-1], data["from"], data["to"]))
            for item in LedgerItem.objects.all():
                status = "registered"
                for action, source, target in moves[str(item.pk)]:
                    assert source == status and _allowed(action, source, target), (item.pk, action)
                    status = target
                assert status == item.status
                assert item.version == 1 + len(moves[str(item.pk)])

        @invariant()
        def chain_verifies(self) -> None:
            assert_chain_verifies()

    Example.reset()
    run_state_machine_as_test(Ledger, settings=settings(MACHINE_SETTINGS, derandomize=True))
    for action in ("register", "start"):
        assert Example.done[action] > 0, (action, dict(Example.done), dict(Example.refused))
