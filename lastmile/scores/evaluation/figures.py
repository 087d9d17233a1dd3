"""Evaluation figures: counts of 满意 / 基本满意 / 不满意, the weighted satisfaction
(基本满意 counts like the 满意率, 0.9 by default) and the aspects, hidden below the minimum
sample (样本不足)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lastmile.scores.conf import scores_setting
from lastmile.scores.evaluation.choices import ASPECTS, Satisfaction
from lastmile.scores.evaluation.conf import eval_setting


def value_of(verdict: str) -> float | None:
    if verdict == Satisfaction.SATISFIED:
        return 1.0
    if verdict == Satisfaction.MOSTLY_SATISFIED:
        return float(scores_setting("MOSTLY_SATISFIED_WEIGHT"))
    if verdict == Satisfaction.DISSATISFIED:
        return 0.0
    return None


@dataclass
class Tally:
    """Verdicts and aspects of a set of evaluations (one cadre or unit, one source)."""

    satisfied: int = 0
    mostly: int = 0
    dissatisfied: int = 0
    aspect_sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ASPECTS, 0.0))
    aspect_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ASPECTS, 0))

    def add(self, verdict: str, **aspects: str) -> None:
        if verdict == Satisfaction.SATISFIED:
            self.satisfied += 1
        elif verdict == Satisfaction.MOSTLY_SATISFIED:
            self.mostly += 1
        elif verdict == Satisfaction.DISSATISFIED:
            self.dissatisfied += 1
        for name in ASPECTS:
            value = value_of(aspects.get(name, ""))
            if value is not None:
                self.aspect_sums[name] += value
                self.aspect_counts[name] += 1

    def merge(self, other: Tally) -> Tally:
        out = Tally(
            self.satisfied + other.satisfied,
            self.mostly + other.mostly,
            self.dissatisfied + other.dissatisfied,
        )
        for name in ASPECTS:
            out.aspect_sums[name] = self.aspect_sums[name] + other.aspect_sums[name]
            out.aspect_counts[name] = self.aspect_counts[name] + other.aspect_counts[name]
        return out

    @property
    def n(self) -> int:
        return self.satisfied + self.mostly + self.dissatisfied

    @property
    def enough(self) -> bool:
        return self.n >= int(eval_setting("MIN_SAMPLE"))

    @property
    def too_few(self) -> bool:
        """Some answers, but fewer than the minimum: shown as 样本不足."""
        return 0 < self.n < int(eval_setting("MIN_SAMPLE"))

    @property
    def raw_rate(self) -> float | None:
        if not self.n:
            return None
        mostly = float(scores_setting("MOSTLY_SATISFIED_WEIGHT"))
        return (self.satisfied + mostly * self.mostly) / self.n

    @property
    def rate(self) -> float | None:
        """The weighted satisfaction, or None when there are too few answers to show one."""
        return self.raw_rate if self.enough else None

    def aspect(self, name: str) -> float | None:
        count = self.aspect_counts[name]
        if not self.enough or not count:
            return None
        return self.aspect_sums[name] / count

    @property
    def aspects(self) -> dict[str, float | None]:
        return {name: self.aspect(name) for name in ASPECTS}


@dataclass
class Combined:
    """Tracking-page evaluations and survey answers, separately and together."""

    track: Tally = field(default_factory=Tally)
    survey: Tally = field(default_factory=Tally)

    @property
    def combined(self) -> Tally:
        return self.track.merge(self.survey)


def tally(rows: Iterable[tuple[str, str, str, str]]) -> Tally:
    out = Tally()
    for verdict, attitude, efficiency, conduct in rows:
        out.add(verdict, attitude=attitude, efficiency=efficiency, conduct=conduct)
    return out
