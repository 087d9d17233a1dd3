"""The surge scan over the database (``surge_scan``) gives what ``detect_surges`` gives over the
period's concerns, while it counts categories and areas in SQL, streams the topics' texts and
never reads a concern outside the window and the baseline before it (issue #9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from unittest import mock

import pytest

from lastmile.concerns.models import Category, Concern
from lastmile.concerns.testing import aware, submit
from lastmile.insight import hotspots, surge_windows, surges
from lastmile.insight.models import SurgeAlert
from lastmile.notify.messages import Template
from lastmile.orgs.models import Area

NOW = aware(2026, 6, 1, 12)
TEMPLATES = {"surge_alert": Template("Surge alert", "%(label)s: %(count)s", ())}
WEEK = timedelta(days=7)


@pytest.fixture
def history(world):
    """Nine weeks of a flat baseline in two communities and categories, a spike this week in
    c1 (category 电梯, one topic), concerns exactly on the window boundaries, one without area or
    category, and one six months old in the spiking community and category."""
    lift = Category.objects.create(code="T3L", name="电梯", level=1)
    light = Category.objects.create(code="T3D", name="路灯", level=1)
    made: dict[str, list[Concern]] = {"old": [], "spike": [], "edge": []}

    def add(key, when, *, area="c1g1", category=light, text=None):
        concern = submit(world, area=area, text=text, category=category, created_at=when)
        made.setdefault(key, []).append(concern)
        return concern

    for week in range(9):
        for k in range(2):
            add("flat", NOW - WEEK * week - timedelta(days=1 + 2.5 * k, hours=week))
        add("flat", NOW - WEEK * week - timedelta(days=3, hours=5), area="c2g1")
    for k in range(12):
        add(
            "spike",
            NOW - timedelta(hours=5.5 + 9 * k),
            area="c1g2" if k % 2 else "c1g1",
            category=lift,
            text=f"小区3号楼电梯又困人了，物业不管（第{k}次反映）",
        )
    for slot in (1, 2, 8, 9):  # exactly on the slot bounds (9 = the period's start)
        add("edge", NOW - WEEK * slot, category=lift, text=f"电梯故障边界{slot}")
    add("edge", NOW - WEEK + timedelta(microseconds=1), category=lift, text="电梯刚进窗口")
    add("none", NOW - timedelta(days=2), area=None, category=None, text="没有地址的诉求")
    add("old", NOW - timedelta(days=183), category=lift, text="半年前小区3号楼电梯困人")
    return made


def reference(by: str) -> list[surges.Surge]:
    """The scan as it was: every concern of the period as a TextItem, areas rolled up."""
    start = NOW - WEEK * 9
    items = hotspots.items_from_concerns(
        Concern.objects.filter(created_at__gte=start, created_at__lt=NOW)
    )
    if by == "area":
        community = {}
        for area in Area.objects.all():
            chain = [Area.objects.get(pk=int(p)) for p in area.path.strip("/").split("/")]
            hits = [a for a in chain if a.level == surges.AREA_LEVEL]
            community[area.pk] = hits[0] if hits else area
        items = [
            replace(i, area_id=community[i.area_id].pk, area_name=community[i.area_id].name)
            if i.area_id is not None
            else i
            for i in items
        ]
    return surges.detect_surges(items, now=NOW, by=by)


def scanned(by: str) -> list[surges.Surge]:
    found: list[surges.Surge] = []
    with mock.patch.object(surges, "_store", side_effect=lambda s, **kw: found.append(s)):
        surges.surge_scan(now=NOW, by=(by,))
    return found


def summary(found: list[surges.Surge]) -> list[tuple]:
    return [
        (s.key, s.label, s.window_count, s.baseline_mean, s.baseline_std, s.ratio, s.z,
         s.p_value, [m.id for m in s.members])
        for s in found
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["category", "area", "topic"])
def test_scan_finds_what_detect_surges_finds(history, by):
    found = scanned(by)
    assert found, "the history has a surge for every grouping"
    assert summary(found) == summary(reference(by))


@pytest.mark.django_db
def test_surges_found_are_the_spike(history):
    spike = {c.code for c in history["spike"]}
    (category,) = scanned("category")
    assert category.label == "电梯" and spike <= {m.id for m in category.members}
    # the concern a microsecond inside the window counts, the one on its bound does not
    assert category.window_count == 13
    (area,) = scanned("area")
    assert area.key == f"area:{Area.objects.get(name=area.label).pk}"
    assert area.label == history["spike"][0].area.parent.name
    (topic,) = scanned("topic")
    assert {m.id for m in topic.members} == spike and "电梯" in topic.label


@pytest.mark.django_db
def test_slot_filters_match_the_slot_arithmetic(history):
    period = surge_windows.Period(now=NOW, window=WEEK, windows=8, start=NOW - WEEK * 9)
    qs = Concern.objects.filter(created_at__gte=period.start, created_at__lt=NOW)
    by_sql = [qs.filter(period.slot_q(k)).count() for k in range(9)]
    by_python = [0] * 9
    for created_at in qs.values_list("created_at", flat=True):
        by_python[period.slot(created_at)] += 1
    assert by_sql == by_python and sum(by_sql) == qs.count()
    edge = {c.created_at: period.slot(c.created_at) for c in history["edge"]}
    assert edge[NOW - WEEK] == 1 and edge[NOW - WEEK + timedelta(microseconds=1)] == 0
    assert edge[NOW - WEEK * 8] == 8 and edge[NOW - WEEK * 9] == 8


@pytest.mark.django_db
def test_a_concern_six_months_old_is_neither_loaded_nor_counted(history):
    old = history["old"][0]
    loaded: list[str] = []
    real_doc, real_items = hotspots._doc, hotspots.items_from_concerns

    def doc(item):
        loaded.append(item.id)
        return real_doc(item)

    def items(qs):
        out = real_items(qs)
        loaded.extend(i.id for i in out)
        return out

    with (
        mock.patch.object(hotspots, "_doc", side_effect=doc),
        mock.patch.object(hotspots, "items_from_concerns", side_effect=items),
    ):
        before = {by: summary(scanned(by)) for by in surges.BY_CHOICES}
    assert loaded and old.code not in loaded
    assert history["flat"][0].code in loaded  # the period itself is read

    # moving it into the far past or deleting its weight changes nothing today
    Concern.objects.filter(pk=old.pk).update(created_at=NOW - timedelta(days=400))
    assert {by: summary(scanned(by)) for by in surges.BY_CHOICES} == before


@pytest.mark.django_db
def test_category_and_area_counts_load_only_surging_concerns(history):
    loaded: list[str] = []
    real_items = hotspots.items_from_concerns

    def items(qs):
        out = real_items(qs)
        loaded.extend(i.id for i in out)
        return out

    with mock.patch.object(hotspots, "items_from_concerns", side_effect=items):
        scanned("category")
        scanned("area")
    window = NOW - WEEK
    assert loaded
    assert all(c.created_at > window for c in Concern.objects.filter(code__in=loaded))
    assert history["flat"][-1].code not in loaded  # c2: no surge, nothing loaded


@pytest.mark.django_db
@mock.patch.dict("lastmile.notify.messages.TEMPLATES", TEMPLATES)
def test_scan_stores_each_grouping_once(history):
    alerts = surges.surge_scan(now=NOW)
    assert sorted(a.key.split(":")[0] for a in alerts) == ["area", "category", "topic"]
    assert surges.surge_scan(now=NOW) == [] and SurgeAlert.objects.count() == 3


def test_unknown_grouping_is_refused_before_reading():
    with pytest.raises(ValueError):
        surges.surge_scan(now=NOW, by=("weather",))


@pytest.mark.parametrize("cells", [1, 7, 10_000_000])
def test_blocked_clustering_gives_the_same_groups(cells):
    texts = ["小区电梯困人物业不管", "电梯困人小区物业不管", "路灯坏了晚上很黑", "晚上路灯坏了很黑",
             "垃圾没人清运臭气熏天", "楼上漏水", "楼上漏水了", "停车位被占用"]  # fmt: skip
    items = [
        hotspots.TextItem(
            id=str(i), text=t * 2, title=t, created_at=NOW, area_id=None, area_name=""
        )
        for i, t in enumerate(texts * 3)
    ]
    with mock.patch.object(hotspots, "BLOCK_CELLS", 10_000_000):
        whole = hotspots.cluster(items)
    with mock.patch.object(hotspots, "BLOCK_CELLS", cells):
        assert hotspots.cluster(items) == whole
    assert whole and all(len(g) >= 2 for g in whole)


def test_retraining_task_skips_without_loading_the_classifier(settings, tmp_path):
    import sys

    from django.utils import timezone

    from lastmile.insight import tasks
    from lastmile.insight.classify import schedule

    settings.VAR_DIR = tmp_path
    stamp = tmp_path / "models" / "classifier.retrain-stamp"
    assert schedule.stamp_path() == stamp  # the task's early check reads the same file
    assert schedule.due(timezone.now())
    stamp.parent.mkdir(parents=True)
    stamp.touch()
    assert not schedule.due(timezone.now())
    with mock.patch.dict(sys.modules, {"lastmile.insight.classify.retrain": None}):
        assert tasks.retrain_classifier.call()["outcome"] == "not_due"  # no import attempted
