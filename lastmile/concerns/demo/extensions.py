"""Other apps' parts of the demo: wishes, merits, decisions, visits, stations, notices…

``concerns`` may not import the apps above it, so each app names a story function in
``LASTMILE["DEMO_EXTENSIONS"]``. After the organisation is built (the clock stands at the start of
the demo window, about six months ago) each function is called once::

    def seed(*, org: DemoOrg, rng: random.Random, now: datetime) -> list[ExtraStep]

It may create what exists from the start (registers, catalogues, stations, household links) right
away, and returns timed steps ``(moment, callable)``; the player runs every step at its moment
with the demo clock set (so audit events stay in order), interleaved with the concerns. A step may
return further steps (a claim followed by the contact three days later). Steps after ``now`` are
not played. A step that raises a ``DomainError`` is recorded as a refused step, like a concern's.
Each extension gets its own random generator, so adding one does not change the others.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils.module_loading import import_string

from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.core.conf import setting


def seed_extensions(
    *, org: DemoOrg, seed: int, now: datetime, say: Callable[[str], None]
) -> list[ExtraStep]:
    steps: list[ExtraStep] = []
    for dotted in setting("DEMO_EXTENSIONS"):
        story: Any = import_string(dotted)
        more = story(org=org, rng=random.Random(f"{seed}:{dotted}"), now=now) or []
        say(f"{dotted}: {len(more)} story steps")
        steps.extend(more)
    return steps
