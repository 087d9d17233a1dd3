"""Every read of the scores app: rankings with bands and trends, drill-down, 典型示范.

Staff see only keys inside their part of the organisation tree; the public sees units only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from lastmile.concerns.choices import PUBLIC_STATUSES
from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import concern_qs_for_actor
from lastmile.orgs.models import Area, Person, Unit
from lastmile.orgs.selectors import Actor
from lastmile.scores.conf import Weights, current_period, scores_setting, shift, weights
from lastmile.scores.figures import Figures, compute
from lastmile.scores.models import COUNTERS, Level, Rollup
from lastmile.scores.services.facts import expand
from lastmile.scores.services.rollup import period_facts

# Figures a row can be drilled into, and the counter behind each.
DRILL = {
    "received": "received",
    "base": "base",
    "not_rated": "not_rated",
    "contacted": "contacted",
    "resolved": "resolved",
    "satisfied": "satisfied",
    "mostly": "mostly",
    "dissatisfied": "dissatisfied",
    "replied": "replied",
    "on_time": "on_time",
    "obj_upheld": "obj_upheld",
    "obj_rejected": "obj_rejected",
    "urges": "urges",
    "circulars": "circulars",
    "reopens": "reopens",
    "repeats": "repeats",
}


@dataclass
class Row:
    key: int
    name: str
    figures: Figures
    rank: int | None = None
    trend: list[float | None] = field(default_factory=list)

    @property
    def key_str(self) -> str:
        return str(self.key)


@dataclass
class Ranking:
    period: str
    level: str
    rows: list[Row]
    trend_periods: list[str]
    weights: Weights


def scoped_keys(actor: Actor | None, level: str) -> set[int] | None:
    """The keys a staff member may see at ``level`` (None: all; public → units only)."""
    if actor is None:
        if level != Level.UNIT:
            raise Http404("not public")
        return None
    if actor.is_anonymous or not actor.is_staff_member:
        raise Http404("staff only")
    if actor.is_superuser:
        return None
    paths = actor.area_paths()
    units = Unit.objects.filter(
        Q(pk__in=actor.unit_ids) | _path_q(paths, "area__path")
    ).values_list("pk", flat=True)
    if level == Level.UNIT:
        return set(units)
    if level in (Level.GRID, Level.AREA):
        return set(Area.objects.filter(_path_q(paths, "path")).values_list("pk", flat=True))
    return set(
        Person.objects.filter(memberships__unit_id__in=list(units), user__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )


def _path_q(paths: list[str], name: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{name}__startswith": path})
    return q


def names_for(level: str, keys: set[int]) -> dict[int, str]:
    if level == Level.UNIT:
        return dict(Unit.objects.filter(pk__in=keys).values_list("pk", "name"))
    if level in (Level.GRID, Level.AREA):
        return dict(Area.objects.filter(pk__in=keys).values_list("pk", "name"))
    return dict(Person.objects.filter(user_id__in=keys).values_list("user_id", "name"))


def _total(w: Weights, mostly: float, row: Sequence[int]) -> float | None:
    """The weighted total from (base, contacted, resolved, satisfied, mostly) — for trends."""
    base, contacted, resolved, satisfied, mostly_n = row
    if not base:
        return None
    sat = satisfied + mostly * mostly_n
    return (w.response * contacted + w.resolution * resolved + w.satisfaction * sat) / base


def ranking(
    *, period: str, level: str, actor: Actor | None = None, w: Weights | None = None
) -> Ranking:
    """Keys of ``level`` in ``period`` sorted by the weighted total (no base → last, unranked),
    each with a trend over the last TREND_PERIODS periods. Two indexed reads of the rollups."""
    w = w or weights()
    keys = scoped_keys(actor, level)
    n = int(scores_setting("TREND_PERIODS"))
    trend_periods = [shift(period, -i) for i in range(n - 1, -1, -1)]
    current = Rollup.objects.filter(period=period, level=level)
    earlier = Rollup.objects.filter(period__in=trend_periods[:-1], level=level)
    if keys is not None:
        current, earlier = current.filter(key__in=keys), earlier.filter(key__in=keys)
    now_rows = {r[0]: dict(zip(COUNTERS, r[1:], strict=True))
                for r in current.values_list("key", *COUNTERS)}  # fmt: skip
    mostly = float(scores_setting("MOSTLY_SATISFIED_WEIGHT"))
    past: dict[tuple[str, int], float | None] = {
        (p, k): _total(w, mostly, rest)
        for p, k, *rest in earlier.filter(key__in=list(now_rows)).values_list(
            "period", "key", "base", "contacted", "resolved", "satisfied", "mostly"
        )
    }
    names = names_for(level, set(now_rows))
    rows = []
    for key, counters in now_rows.items():
        figures = compute(counters, w)
        trend = [past.get((p, key)) for p in trend_periods[:-1]] + [figures.total]
        rows.append(Row(key=key, name=names.get(key, f"#{key}"), figures=figures, trend=trend))
    rows.sort(key=lambda r: (r.figures.total is None, -(r.figures.total or 0), r.name))
    for position, row in enumerate(rows, start=1):
        row.rank = position if row.figures.total is not None else None
    return Ranking(period, level, rows, trend_periods, w)


def last_complete_period() -> str:
    return shift(current_period(), -1)


def models_of_period(period: str | None = None) -> Ranking:
    """典型示范: the top units of the last complete month, with their figures (public)."""
    result = ranking(period=period or last_complete_period(), level=Level.UNIT)
    top = int(scores_setting("MODELS_TOP"))
    result.rows = [r for r in result.rows if r.rank is not None][:top]
    return result


def drill_concerns(
    *, period: str, level: str, key: int, figure: str, actor: Actor | None = None, limit: int = 200
) -> QuerySet[Concern]:
    """The concerns behind one figure: public → board-visible concerns, staff → their scope."""
    if figure not in DRILL:
        raise Http404("unknown figure")
    keys = scoped_keys(actor, level)
    if keys is not None and key not in keys:
        raise Http404("outside your scope")
    counter = DRILL[figure]
    ids = {
        fact[-1]
        for fact in period_facts(period)
        if fact[1] == counter and (level, key) in set(expand(fact))
    }
    base = (
        Concern.objects.filter(status__in=PUBLIC_STATUSES)
        if actor is None
        else concern_qs_for_actor(actor)
    )
    return (
        base.filter(pk__in=list(ids))
        .select_related("lead_unit", "area")
        .order_by("-created_at")[:limit]
    )
