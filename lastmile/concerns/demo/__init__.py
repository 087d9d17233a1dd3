"""The demo community (``lastmile demo_load``): an organisation, a dispatch table and thousands of
concerns spread over the past six months, every one driven through the real services.

Not an app: a builder used by the command and by tests. It spans orgs and concerns on purpose.
"""

from __future__ import annotations

import logging
import random
import tempfile
import time as _time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from lastmile.concerns.demo.actions import Actors
from lastmile.concerns.demo.classify import Classifier
from lastmile.concerns.demo.clock import Clock, frozen
from lastmile.concerns.demo.extensions import seed_extensions
from lastmile.concerns.demo.gaming import seed_gaming
from lastmile.concerns.demo.org import DemoOrg, Login, build_org, demo_logins
from lastmile.concerns.demo.plan import WINDOW_DAYS, Plan, make_plans
from lastmile.concerns.demo.rules import build_rules
from lastmile.concerns.demo.texts import FALLBACK, load_messages
from lastmile.concerns.demo.timeline import play
from lastmile.concerns.models import Category, Concern
from lastmile.concerns.services.taxonomy import taxonomy_load
from lastmile.orgs.models import Area

__all__ = ["DemoResult", "Login", "build_demo", "database_is_empty", "demo_logins"]


@dataclass
class DemoResult:
    org: DemoOrg
    statuses: dict[str, int]
    tally: Counter[str]
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def database_is_empty() -> bool:
    return not (Area.objects.exists() or Concern.objects.exists())


def _ensure_taxonomy(data_dir: Path) -> None:
    if Category.objects.filter(level=1).exists():
        return
    path = data_dir / "tipdm2020" / "taxonomy.csv"
    if path.exists():
        taxonomy_load(path=path)
        return
    with tempfile.TemporaryDirectory() as folder:
        fallback = Path(folder) / "taxonomy.csv"
        rows = sorted({m.label for m in FALLBACK})
        fallback.write_text(
            "一级分类,二级分类,三级分类\n" + "".join(f"{r},其他,其他\n" for r in rows),
            encoding="utf-8",
        )
        taxonomy_load(path=fallback)


def _build(
    concerns: int,
    seed: int,
    data_dir: Path,
    clock: Clock,
    real_now: datetime,
    rng: random.Random,
    say: Callable[[str], None],
    failures: list[str],
) -> tuple[DemoOrg, list[Plan], Counter[str]]:
    _ensure_taxonomy(data_dir)
    org = build_org(rng)
    rules = build_rules(org)
    seed_gaming(org, clock, demo_size=concerns)  # integrity-check examples (gaming.py)
    extra = seed_extensions(org=org, seed=seed, now=real_now, say=say)  # other apps' stories
    say(
        f"organisation: {len(org.grids)} grids, {len(org.units)} units, "
        f"{len(org.people)} staff, {len(org.households)} households, {rules} dispatch rules"
    )
    plans = make_plans(
        count=concerns,
        org=org,
        messages=load_messages(data_dir),
        classifier=Classifier(),
        now=real_now,
        rng=rng,
    )
    say(f"playing {len(plans)} concerns over {WINDOW_DAYS} days …")
    tally = play(
        plans=plans,
        clock=clock,
        real_now=real_now,
        actors=Actors.load(org),
        rng=rng,
        progress=say,
        extra=extra,
        failures=failures,
    )
    return org, plans, tally


def build_demo(
    *,
    concerns: int = 2000,
    seed: int = 1,
    data_dir: Path,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """Build the demo community in an empty database (the caller checks it is empty)."""
    started = _time.monotonic()
    rng = random.Random(seed)
    real_now = now or timezone.now()
    origin = timezone.localtime(real_now - timedelta(days=WINDOW_DAYS + 1))
    clock = Clock(origin.replace(hour=9, minute=0, second=0, microsecond=0))
    say = progress or (lambda _message: None)
    story_failures: list[str] = []
    quiet = logging.getLogger("lastmile.escalation")
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        with frozen(clock), transaction.atomic():
            org, plans, tally = _build(
                concerns, seed, data_dir, clock, real_now, rng, say, story_failures
            )
    finally:
        quiet.setLevel(level)

    statuses = dict(
        Concern.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return DemoResult(
        org=org,
        statuses=statuses,
        tally=tally,
        failures=[p.failed for p in plans if p.failed] + story_failures,
        seconds=_time.monotonic() - started,
    )
