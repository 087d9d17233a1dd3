"""Random sequences of transitions, with refreshes at random points: the incrementally kept
rollups always equal a recomputation from the audit log."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lastmile.concerns import services
from lastmile.concerns.choices import Satisfaction, Status
from lastmile.concerns.models import Concern
from lastmile.concerns.testing import ANONYMOUS, aware, fresh, frozen, submit
from lastmile.core.errors import DomainError
from lastmile.scores.services import rollup_refresh, verify

pytestmark = pytest.mark.django_db

UNITS = ("housing", "sanitation")
HANDLER = {"housing": "handler", "sanitation": "handler2"}
MONTHS = (aware(2026, 3, 16, 10), aware(2026, 4, 15, 10), aware(2026, 5, 15, 10))


def _step(world, concern: Concern, choice: int) -> None:
    """Advance ``concern`` by one move its status allows (``choice`` picks among them)."""
    c = fresh(concern)
    unit = next((u for u in UNITS if world.units[u].pk == c.lead_unit_id), "housing")
    handler = world.actor(HANDLER[unit])
    dispatcher = world.actor("dispatcher")
    s = c.status
    if s in (Status.RECEIVED, Status.REOPENED):
        services.concern_dispatch(actor=dispatcher, concern=c, unit=world.units[UNITS[choice % 2]])
    elif s == Status.DISPATCHED and choice % 3 == 0:
        services.concern_object(actor=handler, concern=c, reason="不属于本单位职责，请改派")
    elif s == Status.DISPATCHED:
        services.concern_sign(actor=handler, concern=c)
    elif s == Status.OBJECTED:
        other = world.units[UNITS[1 - UNITS.index(unit)]]
        services.concern_objection_review(
            actor=world.actor("supervisor") if c.objection_count > 1 else dispatcher,
            concern=c,
            upheld=bool(choice % 2),
            note="复核意见如下",
            new_unit=other,
        )
    elif s == Status.SIGNED:
        services.concern_contact(actor=handler, concern=c, note="已电话联系居民")
    elif s == Status.IN_PROGRESS:
        services.concern_reply(
            actor=handler, concern=c, text="已现场处理完毕并回复居民。", resolved=bool(choice % 2)
        )
    elif s == Status.REPLIED and choice % 4 == 3:
        due = c.callback_due or c.replied_at
        assert due is not None
        services.concern_callback_expire(concern=c, now=due + timedelta(days=30))
    elif s == Status.REPLIED:
        services.concern_callback(
            actor=ANONYMOUS,
            concern=c,
            contacted=bool(choice % 2),
            resolved=choice % 3 != 0,
            satisfaction=list(Satisfaction.values)[choice % 3],
        )
    elif s == Status.CLOSED and choice % 2:
        services.concern_reopen(
            actor=world.actor("supervisor"), concern=c, reason="居民再次反映问题未解决"
        )


moves = st.lists(
    st.tuples(
        st.sampled_from(["new", "step", "refresh"]),
        st.integers(0, 5),
        st.integers(0, 11),
        st.sampled_from(range(len(MONTHS))),
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=moves)
def test_rollups_equal_recomputation(world, moves) -> None:
    pool: list[Concern] = []
    for kind, index, choice, month in moves:
        with frozen(MONTHS[month] + timedelta(minutes=len(pool))):
            if kind == "new" or not pool:
                pool.append(submit(world, area=("c1g1", "c2g2")[choice % 2]))
            elif kind == "refresh":
                rollup_refresh(batch=1 + choice)
            else:
                # e.g. a permission the random move lacks: no event, no figure
                with contextlib.suppress(DomainError):
                    _step(world, pool[index % len(pool)], choice)
    rollup_refresh(batch=7)
    assert verify() == []
