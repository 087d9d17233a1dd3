"""Every formula against hand-computed cases, including the empty base; bad input refused."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings
from django.utils import timezone

from lastmile.concerns.testing import aware
from lastmile.core.errors import InvalidInput
from lastmile.scores.apps import check_score_settings
from lastmile.scores.conf import Weights, check_weights, parse_period, period_bounds, shift
from lastmile.scores.figures import band_for, compute, merge

DEFAULT = Weights(0.1, 0.5, 0.4)


def test_three_rates_and_total_by_hand() -> None:
    # 3 valid callbacks: contacted 3, resolved 2; 满意 1, 基本满意 1, 不满意 1; 1 not rated beside.
    f = compute(
        {"base": 3, "contacted": 3, "resolved": 2, "satisfied": 1, "mostly": 1,
         "dissatisfied": 1, "not_rated": 1, "replied": 4, "on_time": 3, "reopens": 1,
         "repeats": 0},
        DEFAULT,
    )  # fmt: skip
    assert f.response == 1.0
    assert f.resolution == pytest.approx(2 / 3)
    assert f.satisfaction == pytest.approx((1 + 0.9) / 3)
    assert f.total == pytest.approx(0.1 * 1 + 0.5 * 2 / 3 + 0.4 * 1.9 / 3)  # 0.68667
    assert f.total == pytest.approx(0.686667, abs=1e-6)
    assert f.on_time == 0.75
    assert f.reopen_rate == pytest.approx(1 / 3)
    assert f.repeat_rate == 0
    assert f.band == "red"
    assert f.not_rated == 1  # reported beside, outside the base


def test_all_mostly_satisfied_is_ninety_percent() -> None:
    f = compute({"base": 10, "contacted": 10, "resolved": 10, "mostly": 10}, DEFAULT)
    assert f.satisfaction == pytest.approx(0.9)
    assert f.total == pytest.approx(0.1 + 0.5 + 0.36)
    assert f.band == "green"


def test_other_weights_30_35_35() -> None:
    f = compute(
        {"base": 4, "contacted": 2, "resolved": 1, "satisfied": 2}, Weights(0.3, 0.35, 0.35)
    )
    assert f.total == pytest.approx(0.3 * 0.5 + 0.35 * 0.25 + 0.35 * 0.5)


def test_empty_base_gives_no_figure_never_zero_or_full() -> None:
    f = compute({"base": 0, "not_rated": 5, "replied": 0}, DEFAULT)
    assert f.response is f.resolution is f.satisfaction is f.total is None
    assert f.on_time is None and f.reopen_rate is None and f.repeat_rate is None
    assert f.band == ""


def test_bands_at_their_edges() -> None:
    assert band_for(0.9) == "green"
    assert band_for(0.8999) == "amber"
    assert band_for(0.8) == "amber"
    assert band_for(0.7999) == "red"
    assert band_for(None) == ""


def test_merge_is_exact() -> None:
    a = {"base": 1, "satisfied": 1, "contacted": 1, "resolved": 1}
    b = {"base": 3, "mostly": 3, "contacted": 2}
    m = compute(merge([a, b]), DEFAULT)
    assert m.satisfaction == pytest.approx((1 + 2.7) / 4)
    assert m.response == 0.75


@pytest.mark.parametrize(
    "raw",
    [
        {"response": 0.2, "resolution": 0.5, "satisfaction": 0.4},
        {"response": 0.1, "resolution": 0.5},
        {"response": -0.1, "resolution": 0.7, "satisfaction": 0.4},
        {"response": "x", "resolution": 0.5, "satisfaction": 0.4},
        "0.1,0.5",
        "0.3,0.3,0.3",
    ],
)
def test_weights_that_do_not_sum_to_one_are_refused(raw: object) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_weights(raw)
    assert exc.value.field == "weights"


def test_weights_message_names_the_sum() -> None:
    with pytest.raises(InvalidInput, match=r"权重之和须为 1；当前之和为 1\.1"):
        check_weights("0.2,0.5,0.4")
    assert check_weights("0.3,0.35,0.35") == Weights(0.3, 0.35, 0.35)


def test_bad_weights_in_settings_fail_the_system_check() -> None:
    bad = {"WEIGHTS": {"response": 0.5, "resolution": 0.5, "satisfaction": 0.5}}
    with override_settings(LASTMILE_SCORES={**_scores(), **bad}):
        errors = check_score_settings()
    assert errors and errors[0].id == "scores.E001" and "权重之和须为 1" in errors[0].msg
    assert isinstance(errors[0], checks.Error)
    assert check_score_settings() == []


def _scores() -> dict:
    from django.conf import settings

    return dict(settings.LASTMILE_SCORES)


@pytest.mark.parametrize("raw", ["2026-13", "2026-00", "26-01", "2026/05", "abc", "2026-1"])
def test_malformed_periods_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        parse_period(raw, now=aware(2026, 9, 1))


def test_future_periods_are_refused() -> None:
    with pytest.raises(InvalidInput, match="尚未到来"):
        parse_period("2026-10", now=aware(2026, 9, 30, 23))
    assert parse_period("2026-09", now=aware(2026, 9, 30, 23)) == "2026-09"
    assert parse_period("", now=aware(2026, 9, 30, 23)) == "2026-09"


def test_period_bounds_follow_the_local_month() -> None:
    start, end = period_bounds("2026-12")
    assert timezone.localtime(start).isoformat().startswith("2026-12-01T00:00:00")
    assert timezone.localtime(end).isoformat().startswith("2027-01-01T00:00:00")
    assert shift("2026-01", -1) == "2025-12" and shift("2026-12", 1) == "2027-01"
