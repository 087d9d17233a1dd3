from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest

from lastmile.concerns.testing import aware, submit
from lastmile.insight import surges
from lastmile.insight.hotspots import TextItem
from lastmile.insight.models import SurgeAlert
from lastmile.notify.messages import Template
from lastmile.notify.models import Notification

NOW = aware(2026, 6, 1, 12)


def item(n: int, days_ago: float, *, area: int = 1, title: str = "") -> TextItem:
    return TextItem(
        id=f"C{n}",
        text=title or f"第{n}条诉求",
        title=title or f"第{n}条诉求",
        created_at=NOW - timedelta(days=days_ago),
        area_id=area,
        area_name=f"社区{area}",
        category_id=area,
        category_name=f"分类{area}",
    )


def flat_series(per_week: int = 3, weeks: int = 9, area: int = 1, start: int = 0) -> list[TextItem]:
    return [
        item(start + w * 100 + k, w * 7 + 0.5 + k * 0.7, area=area)
        for w in range(weeks)
        for k in range(per_week)
    ]


def spike(count: int, area: int = 1, start: int = 5000) -> list[TextItem]:
    return [item(start + k, 0.2 + k * 0.3, area=area) for k in range(count)]


@pytest.mark.parametrize("by", ["category", "area", "topic"])
def test_empty_input_no_surges(by):
    assert surges.detect_surges([], now=NOW, by=by) == []


def test_honest_flat_series_raises_nothing():
    items = flat_series(3) + flat_series(5, area=2, start=10000)
    assert surges.detect_surges(items, now=NOW, by="category") == []
    assert surges.detect_surges(items, now=NOW, by="area") == []


def test_spike_over_flat_baseline_is_a_surge_with_its_members():
    items = flat_series(2) + spike(12) + flat_series(2, area=2, start=20000)
    (surge,) = surges.detect_surges(items, now=NOW, by="area")
    assert surge.key == "area:1" and surge.label == "社区1"
    assert surge.window_count == 14 and surge.baseline_mean == 2.0
    assert surge.z >= 3 and surge.ratio == 7.0
    assert {m.id for m in spike(12)} <= {m.id for m in surge.members}


def test_small_counts_never_alert():
    assert surges.detect_surges(spike(4), now=NOW, by="area") == []


def test_poisson_noise_is_not_a_surge():
    # ~10 a week; 19 in a week is z≈2.8 and p≈0.005: not an alert.
    items = flat_series(10) + spike(9)
    assert surges.detect_surges(items, now=NOW, by="area") == []


def test_topic_surge_groups_similar_texts():
    texts = ["丽发新城搅拌站噪音扰民", "丽发新城附近搅拌站噪音严重", "投诉丽发新城搅拌站噪音"]
    hot = [item(9000 + k, 0.5 + k * 0.2, title=texts[k % 3]) for k in range(8)]
    (surge,) = surges.detect_surges(hot + flat_series(1), now=NOW, by="topic")
    assert surge.key.startswith("topic:") and "搅拌站" in surge.label
    assert surge.window_count == 8


def test_unknown_grouping_is_an_error():
    with pytest.raises(ValueError):
        surges.detect_surges([], now=NOW, by="weather")


# ---- the scan over the real database -------------------------------------------------------

TEMPLATES = {"surge_alert": Template("Surge alert", "%(label)s: %(count)s", ())}


def make(world, when, n, *, area="c1g1", text="楼道灯坏了"):
    return [
        submit(world, area=area, text=f"{text}（第{k}次反映）", created_at=when) for k in range(n)
    ]


@pytest.mark.django_db
@mock.patch.dict("lastmile.notify.messages.TEMPLATES", TEMPLATES)
def test_surge_scan_alerts_once_and_again_only_after_it_ends(world):
    # history: one concern a week for nine weeks, then a spike of six in the last days
    for week in range(1, 10):
        make(world, NOW - timedelta(days=7 * week + 1), 1, text=f"第{week}周的路灯问题")
    spiked = make(world, NOW - timedelta(days=1), 6, text="小区电梯困人")
    first = surges.surge_scan(now=NOW, by=("area",))
    assert len(first) == 1
    alert = first[0]
    assert alert.count == 6 and set(alert.members) == {c.code for c in spiked}
    supervisor = world.people["supervisor"].user
    notes = Notification.objects.filter(template="surge_alert")
    assert [n.recipient_user_id for n in notes] == [supervisor.pk]
    from lastmile.core.models import AuditEvent

    assert (
        AuditEvent.objects.filter(verb="insight.surge_alerted", object_id=str(alert.pk)).count()
        == 1
    )

    # the same surge a day later: no second alert, the alert's end moves on
    assert surges.surge_scan(now=NOW + timedelta(days=1), by=("area",)) == []
    assert surges.surge_scan(now=NOW, by=("area",)) == []
    assert SurgeAlert.objects.count() == 1 and notes.count() == 1
    alert.refresh_from_db()
    assert alert.period_end == NOW + timedelta(days=1)

    # weeks later, after it ended, a new spike is a new surge
    later = NOW + timedelta(days=30)
    make(world, later - timedelta(days=1), 20, text="小区停水三天")
    again = surges.surge_scan(now=later, by=("area",))
    assert len(again) == 1 and SurgeAlert.objects.count() == 2


@pytest.mark.django_db
def test_surge_scan_waits_for_history_and_skips_missing_template(world):
    make(world, NOW - timedelta(days=1), 8)
    assert surges.surge_scan(now=NOW) == []  # nothing older than the baseline yet
    make(world, NOW - timedelta(days=80), 1, text="很久以前")
    with mock.patch.dict("lastmile.notify.messages.TEMPLATES", {}, clear=True):
        alerts = surges.surge_scan(now=NOW, by=("area",))
    assert len(alerts) == 1 and not Notification.objects.exists()


@pytest.mark.django_db
def test_surge_scan_task_runs_the_service(world):
    from django.core.cache import cache

    from lastmile.insight import signal_tasks

    cache.clear()
    with mock.patch.object(surges, "surge_scan", return_value=[]) as scan:
        assert signal_tasks.surge_scan.call() == 0
        assert signal_tasks.surge_scan.call() == -1  # throttled
    assert scan.call_count == 1
