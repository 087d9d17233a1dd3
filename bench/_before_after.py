"""Before/after of the staff-list fix, in-process on a grown database (no HTTP, no server).

Usage (on a database that ours.py or peer_helpdesk.py grew and kept with BENCH_KEEP=1):
  DATABASE_URL=postgres://lastmile:lastmile@127.0.0.1:5432/lastmile_bench_ours \\
  DJANGO_SETTINGS_MODULE=bench_settings PYTHONPATH=var/bench/ours_site:. \\
  .venv/bin/python bench/_before_after.py
Before: the scope joined the assisting units, so the list needed DISTINCT and the total was an
exact COUNT(DISTINCT …) of the whole scope. After: assists as a subquery (no DISTINCT) and the
total counted up to ``selectors_api.COUNT_CAP``. Writes bench/results/before_after_list.json.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

import _common as c  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from lastmile.concerns.models import Concern  # noqa: E402
from lastmile.concerns.selectors import LIST_RELATED, concern_qs_for_actor  # noqa: E402
from lastmile.concerns.selectors_api import page  # noqa: E402
from lastmile.orgs.choices import Role  # noqa: E402
from lastmile.orgs.selectors import actor_for_user, subtree_q  # noqa: E402


def _median_ms(fn: c.Op, n: int = 7) -> float:
    fn()
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(samples), 1)


def main() -> int:
    actor = actor_for_user(User.objects.get(username="b_admin"))
    units = actor.unit_ids
    q = Q(lead_unit_id__in=units) | Q(assists__unit_id__in=units)
    if actor.area_paths():
        q |= subtree_q(actor.area_paths())
        if actor.has_role(Role.DISPATCHER, Role.ADMIN):
            q |= Q(area__isnull=True)
    before = Concern.objects.filter(q).distinct().select_related(*LIST_RELATED)
    after = concern_qs_for_actor(actor)
    rows = Concern.objects.count()
    result = {
        "rows": rows,
        "engine": connection.vendor,
        "before_page1_ms": _median_ms(lambda: list(before[:25])),
        "before_count_ms": _median_ms(lambda: before.count()),
        "after_page1_ms": _median_ms(lambda: list(after[:25])),
        "after_count_ms": _median_ms(lambda: page(after, limit=25, offset=0)[0]),
    }
    print(result)
    c.write("before_after_list", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
