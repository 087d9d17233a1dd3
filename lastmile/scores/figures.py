"""Rates and the weighted total, computed at read time from integer counters (domain-rules §1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lastmile.scores.conf import Weights, scores_setting, weights
from lastmile.scores.models import COUNTERS


def ratio(part: float, whole: int) -> float | None:
    """``None`` when the base is empty: no figure, never 0 % and never 100 %."""
    return part / whole if whole else None


@dataclass
class Figures:
    counters: dict[str, int]
    response: float | None = None
    resolution: float | None = None
    satisfaction: float | None = None
    total: float | None = None
    on_time: float | None = None
    reopen_rate: float | None = None
    repeat_rate: float | None = None
    band: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        counters = self.__dict__.get("counters", {})
        if name in counters:
            return int(counters[name])
        raise AttributeError(name)


def band_for(total: float | None) -> str:
    if total is None:
        return ""
    bands = scores_setting("BANDS")
    if total >= bands["green"]:
        return "green"
    return "amber" if total >= bands["amber"] else "red"


def compute(counters: dict[str, int], w: Weights | None = None) -> Figures:
    """响应率 = contacted/base; 解决率 = resolved/base; 满意率 = (满意 + 0.9·基本满意)/base;
    综合 = w·(响应, 解决, 满意). The base is the period's valid (rated) callbacks."""
    w = w or weights()
    c = counters if len(counters) == len(COUNTERS) else {n: counters.get(n, 0) for n in COUNTERS}
    base = c["base"]
    mostly_weight = float(scores_setting("MOSTLY_SATISFIED_WEIGHT"))
    f = Figures(counters=c)
    f.response = ratio(c["contacted"], base)
    f.resolution = ratio(c["resolved"], base)
    f.satisfaction = ratio(c["satisfied"] + mostly_weight * c["mostly"], base)
    if base:
        assert f.response is not None and f.resolution is not None
        assert f.satisfaction is not None
        f.total = (
            w.response * f.response + w.resolution * f.resolution + w.satisfaction * f.satisfaction
        )
    f.on_time = ratio(c["on_time"], c["replied"])
    f.reopen_rate = ratio(c["reopens"], base)
    f.repeat_rate = ratio(c["repeats"], base)
    f.band = band_for(f.total)
    return f


def merge(rows: list[dict[str, int]]) -> dict[str, int]:
    """Sum counters (exact, because rates are derived only at read time)."""
    out = dict.fromkeys(COUNTERS, 0)
    for row in rows:
        for name in COUNTERS:
            out[name] += int(row.get(name, 0))
    return out
