"""Scripts that drive a concern to each final status through the real services.

A script is the list of actions after submission, each with when it happens: ``Wm`` working
minutes after the previous step, ``Late`` working days after the resolution deadline (overdue
work), ``Recent`` hours before the real present (so open items are fresh).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

WORKDAY_MINUTES = 420


@dataclass(frozen=True)
class Wm:
    lo: int
    hi: int


@dataclass(frozen=True)
class Late:
    lo: int
    hi: int


@dataclass(frozen=True)
class Recent:
    lo: float
    hi: float


Delay = Wm | Late | Recent
Step = tuple[str, Delay]


@dataclass(frozen=True)
class Scenario:
    name: str
    weight: int
    # Start: "recent" (lo, hi hours before now) or "old" (anywhere in the window that fits).
    recent: tuple[float, float] | None = None
    consult: bool = False


SCENARIOS = [
    Scenario("received", 2, recent=(0.2, 30)),
    Scenario("answered", 3, recent=(1, 40), consult=True),
    Scenario("diverted", 3),
    Scenario("dispatched", 2, recent=(1, 80)),
    Scenario("objected", 1, recent=(3, 80)),
    Scenario("signed", 2, recent=(3, 120)),
    Scenario("in_progress", 6, recent=(24, 40 * 24)),
    Scenario("extension_requested", 1, recent=(24, 8 * 24)),
    Scenario("stop_requested", 1, recent=(24, 10 * 24)),
    Scenario("replied", 3, recent=(5 * 24, 20 * 24)),
    Scenario("closed_rated", 50),
    Scenario("closed_not_rated", 12),
    Scenario("reopened", 2),
    Scenario("merged", 3),
    Scenario("stopped", 1),
]
TERMINAL_SCENARIOS = frozenset({"diverted", "merged", "stopped"})

HANDLE: list[Step] = [("dispatch", Wm(10, 90)), ("sign", Wm(15, 100)), ("contact", Wm(30, 400))]


def _handle(rng: random.Random) -> list[Step]:
    roll = rng.random()
    if roll < 0.08:
        return [
            ("dispatch", Wm(10, 90)),
            ("object", Wm(20, 90)),
            ("review_upheld", Wm(20, 200)),
            ("sign", Wm(15, 100)),
            ("contact", Wm(30, 400)),
        ]
    if roll < 0.12:
        return [
            ("dispatch", Wm(10, 90)),
            ("object", Wm(20, 90)),
            ("review_rejected", Wm(20, 200)),
            ("sign", Wm(15, 100)),
            ("contact", Wm(30, 400)),
        ]
    if roll < 0.2:  # signed late: the sweep may send a reminder first
        return [("dispatch", Wm(10, 90)), ("sign", Wm(150, 600)), ("contact", Wm(30, 400))]
    return list(HANDLE)


def _reply(rng: random.Random) -> Step:
    return ("reply", Late(1, 8)) if rng.random() < 0.12 else ("reply", Wm(200, 2400))


def _rating(rng: random.Random) -> str:
    return "cb_satisfied" if rng.random() < 0.7 else "cb_mostly"


def _closed_rated(rng: random.Random) -> list[Step]:
    steps = _handle(rng)
    if rng.random() < 0.1:
        steps += [("ext_request", Wm(60, 600)), ("ext_approve", Wm(30, 300))]
    steps.append(_reply(rng))
    if rng.random() < 0.12:  # dissatisfied → reopened → handled again → rated for good
        steps += [("cb_dissatisfied", Wm(60, 800)), *HANDLE, ("reply", Wm(200, 1800))]
        steps.append((rng.choice(["cb_satisfied", "cb_mostly", "cb_dissatisfied"]), Wm(60, 800)))
    else:
        steps.append((_rating(rng), Wm(60, 800)))
    return steps


def script(name: str, rng: random.Random) -> list[Step]:
    if name == "received":
        return []
    if name == "answered":
        return [("answer", Wm(5, 40))]
    if name == "diverted":
        return [("divert", Wm(5, 60))]
    if name == "dispatched":
        return [("dispatch", Wm(10, 90))]
    if name == "objected":
        return [("dispatch", Wm(10, 90)), ("object", Wm(20, 90))]
    if name == "signed":
        return [("dispatch", Wm(10, 90)), ("sign", Wm(15, 100))]
    if name == "in_progress":
        return _handle(rng)
    if name == "extension_requested":
        return [*HANDLE, ("ext_request", Wm(60, 600))]
    if name == "stop_requested":
        return [*HANDLE, ("stop_request", Wm(60, 900))]
    if name == "replied":
        return [*_handle(rng), ("reply", Recent(2, 30))]
    if name == "closed_rated":
        return _closed_rated(rng)
    if name == "closed_not_rated":
        return [*_handle(rng), _reply(rng)]  # the sweep closes it when the window ends
    if name == "reopened":
        return [*_handle(rng), _reply(rng), ("cb_dissatisfied", Wm(60, 800))]
    if name == "merged":
        return [("merge", Wm(10, 120))]
    if name == "stopped":
        return [*HANDLE, ("stop_request", Wm(60, 900)), ("stop_approve", Wm(60, 900))]
    raise ValueError(name)


def span_days(steps: list[Step]) -> float:
    """A generous calendar-day estimate of how long a script takes (for picking its start)."""
    minutes = sum(d.hi for _a, d in steps if isinstance(d, Wm))
    days = minutes / WORKDAY_MINUTES * 7 / 5 + 2
    if any(isinstance(d, Late) for _a, d in steps):
        days += 15 * 7 / 5 + 8 * 7 / 5 + 6  # the resolution window, lateness, an extension
    return days
