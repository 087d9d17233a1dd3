"""Play the planned concerns forward in time, in one global order, through the real services.

Every action runs with the demo clock set to its moment, so audit events are appended in
sequence order with non-decreasing times. The escalation sweep runs several times a working day,
as the scheduler would, so reminders, 催办, 通报 and not-rated closures happen on their own.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.utils import timezone

from lastmile.concerns import services
from lastmile.concerns.demo.actions import Actors, run_action, submit
from lastmile.concerns.demo.clock import Clock
from lastmile.concerns.demo.plan import Plan
from lastmile.concerns.demo.story import Late, Recent, Wm
from lastmile.core import workcal
from lastmile.core.errors import DomainError

# Once a working day here (cheap enough for a 3-minute build); the real scheduler sweeps every
# minute, and a final sweep at the present catches everything still due.
SWEEP_TIMES = [time(16, 30)]
SWEEP = -1

# A step of another app's demo story (see ``concerns/demo/extensions.py``): run at its moment
# with the clock set; it may return further steps (e.g. "contact the family three days later").
ExtraStep = tuple[datetime, Callable[[], object]]


def _sweep_moments(start: datetime, end: datetime) -> list[datetime]:
    moments = []
    day = timezone.localtime(start).date()
    while day <= timezone.localtime(end).date():
        if not workcal.is_workday(day):
            day += timedelta(days=1)
            continue
        for at in SWEEP_TIMES:
            moment = timezone.make_aware(datetime.combine(day, at))
            if start < moment < end:
                moments.append(moment)
        day += timedelta(days=1)
    return moments


def _next_time(plan: Plan, now: datetime, real_now: datetime, rng: random.Random) -> datetime:
    delay = plan.steps[plan.done][1]
    if isinstance(delay, Wm):
        moment = workcal.add_working_minutes(now, rng.randint(delay.lo, delay.hi))
    elif isinstance(delay, Late):
        due = max(plan.concern.resolve_due or now, now) if plan.concern else now
        late = workcal.add_working_days(due, rng.randint(delay.lo, delay.hi))
        moment = workcal.add_working_minutes(late, rng.randint(0, 300))
    elif isinstance(delay, Recent):
        moment = real_now - timedelta(hours=rng.uniform(delay.lo, delay.hi))
    else:  # pragma: no cover
        raise TypeError(delay)
    moment = max(moment, now + timedelta(minutes=1))
    if moment >= real_now:  # squeeze into what is left of the past
        moment = now + (real_now - now) / 2
    return moment


def play(
    *,
    plans: list[Plan],
    clock: Clock,
    real_now: datetime,
    actors: Actors,
    rng: random.Random,
    progress: Callable[[str], None] | None = None,
    extra: list[ExtraStep] | None = None,
    failures: list[str] | None = None,
) -> Counter[str]:
    """Run everything; returns counts of sweep outcomes and failures."""
    tally: Counter[str] = Counter()
    queue: list[tuple[datetime, int, int]] = []
    order = 0
    steps: list[Callable[[], object]] = []

    def schedule(more: object) -> None:
        """Queue story steps; those that would fall after the present are not played."""
        nonlocal order
        for moment, step in more or []:  # type: ignore[attr-defined]
            if moment > real_now:
                continue
            steps.append(step)
            queue.append((max(moment, clock.moment), order, -2 - (len(steps) - 1)))
            order += 1

    schedule(extra)
    for index, plan in enumerate(plans):
        queue.append((plan.start, order, index))
        order += 1
    for moment in _sweep_moments(min(p.start for p in plans), real_now):
        queue.append((moment, order, SWEEP))
        order += 1
    heapq.heapify(queue)
    submitted = 0
    while queue:
        moment, _order, index = heapq.heappop(queue)
        clock.set(moment)
        if index <= -2:
            try:
                more = steps[-2 - index]()
            except DomainError as error:
                tally["extra_failed"] += 1
                if failures is not None:
                    failures.append(f"demo story step at {moment:%Y-%m-%d %H:%M}: {error.message}")
                continue
            if more:
                schedule(more)
                heapq.heapify(queue)
            continue
        if index == SWEEP:
            result = services.escalation_sweep(now=moment)
            for name in ("reminders", "urges", "circulars", "not_rated"):
                tally[name] += len(getattr(result, name))
            continue
        plan = plans[index]
        if not _step(plan, actors, rng, tally):
            continue
        if plan.done == 0:
            submitted += 1
            if progress and submitted % 500 == 0:
                progress(f"  {submitted} concerns submitted …")
        if plan.done < len(plan.steps):
            heapq.heappush(queue, (_next_time(plan, moment, real_now, rng), order, index))
            order += 1
    clock.set(max(real_now, clock.moment))
    final = services.escalation_sweep(now=clock.moment)
    for name in ("reminders", "urges", "circulars", "not_rated"):
        tally[name] += len(getattr(final, name))
    return tally


def _step(plan: Plan, actors: Actors, rng: random.Random, tally: Counter[str]) -> bool:
    """Run the plan's next step; False when the plan stops here."""
    try:
        if plan.concern is None:
            return submit(plan, actors, rng)
        action = plan.steps[plan.done][0]
        run_action(plan, action, actors, rng)
        plan.done += 1
        return True
    except DomainError as exc:
        plan.failed = f"{plan.scenario}: {exc}"
        tally["failed"] += 1
        return False
