"""The suggester at the desk, the lazy runtime, and retraining from dispatched concerns."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from lastmile.concerns import hooks, services
from lastmile.concerns.choices import Channel, Kind
from lastmile.concerns.models import Category, Concern
from lastmile.insight.classify import model as m
from lastmile.insight.classify import retrain, runtime, schedule
from lastmile.insight.tests.classify_fixtures import TAXONOMY, synthetic
from lastmile.orgs.selectors import Actor
from lastmile.orgs.testing import World

ANON = Actor(user_id=None, label="anonymous")


@pytest.fixture(scope="module")
def small_model() -> m.Model:
    return m.train(*synthetic())


@pytest.fixture
def var_dir(settings, tmp_path: Path) -> Iterator[Path]:
    settings.VAR_DIR = tmp_path
    settings.SHARED_DATA_DIR = tmp_path / "shared"
    runtime.forget()
    yield tmp_path
    runtime.forget()


@pytest.fixture
def tree(db) -> dict[str, Category]:
    cats: dict[str, Category] = {}
    for i, (one, two, three) in enumerate(TAXONOMY, start=1):
        top = cats[one] = Category.objects.create(code=f"{i:02}", name=one, level=1)
        mid = Category.objects.create(code=f"{i:02}.01", name=two, level=2, parent=top)
        cats[three] = Category.objects.create(code=f"{i:02}.01.01", name=three, level=3, parent=mid)
    return cats


def _submit(world: World, text: str) -> Concern:
    return services.concern_submit(
        actor=ANON,
        channel=Channel.WEB,
        kind=Kind.COMPLAINT,
        text=text,
        area=world.areas["c1g1"],
        resident_phone="",
    ).concern


def test_registered_at_start_up() -> None:
    from lastmile.insight import classify

    assert hooks._providers.get("suggester") is classify.suggest


def test_no_model_means_no_suggestion(var_dir: Path, tree) -> None:
    assert runtime.current_model() is None  # disabled under pytest, and nothing to train from
    assert hooks.suggest_categories("公交车太挤") == []


def test_suggests_level_one_and_a_named_level_three(var_dir, tree, small_model) -> None:
    runtime.use_model(small_model)
    guesses = hooks.suggest_categories("公交线路太少,公交车站拥挤,地铁站也远")
    assert guesses[0].category == tree["公交线路"]  # named in the text, under the top guess
    assert guesses[1].category == tree["交通运输"]
    assert guesses[0].confidence == guesses[1].confidence > 0.4
    assert [g.category.level for g in guesses[1:]] == [1, 1]
    assert hooks.suggest_categories("😀😀") == []  # declined: no suggestion, no error
    assert hooks.suggest_categories("噪音污染" * 25_000)[0].category == tree["噪音污染"]


def test_queue_shows_the_suggestion_and_dispatch_is_prefilled(
    client, world, var_dir, tree, small_model, django_assert_max_num_queries
) -> None:
    runtime.use_model(small_model)
    runtime.suggest("学校")  # read the category tree once, as a warm process has
    concerns = [_submit(world, f"第{i}个学校:学前教育收费太高,老师管不过来") for i in range(6)]
    client.force_login(world.people["dispatcher"].user)
    with django_assert_max_num_queries(12):  # flat: suggestions add no query per row
        page = client.get(reverse("concerns:desk_queue")).content.decode()
    assert all(c.code in page for c in concerns)
    assert "教育文体" in page or "学前教育" in page
    assert "%" in page
    detail = client.get(reverse("concerns:desk_concern", args=[concerns[0].code])).content.decode()
    assert f'<option value="{tree["学前教育"].pk}" selected>' in detail


def test_model_file_is_loaded_and_foreign_one_ignored(var_dir, tree, small_model, settings) -> None:
    settings.LASTMILE = {**settings.LASTMILE, "CLASSIFIER": True}
    path = runtime.model_path()
    m.save(small_model, path)
    assert runtime.current_model() is not None
    runtime.forget()
    path.write_bytes(b"garbage")
    assert runtime.current_model() is None  # refused, logged; no bootstrap data here


def test_a_new_model_file_is_picked_up(var_dir, tree, small_model, settings) -> None:
    settings.LASTMILE = {**settings.LASTMILE, "CLASSIFIER": True}
    runtime.use_model(small_model)
    other = m.train(*synthetic(per_label=5, seed=2))
    m.save(other, runtime.model_path())  # as the worker's retraining does
    assert runtime.current_model() is small_model  # not rechecked yet
    runtime._state["recheck_at"] = 0.0  # a minute later
    picked = runtime.current_model()
    assert picked is not None and picked.meta == other.meta


def test_bootstrap_trains_in_background_once(
    var_dir, tree, settings, monkeypatch, small_model
) -> None:
    settings.LASTMILE = {**settings.LASTMILE, "CLASSIFIER": True}
    shared = var_dir / "shared" / "tipdm2020"
    shared.mkdir(parents=True)
    (shared / "messages_labeled.csv").write_text("x")
    calls: list[Path] = []

    def fake(directory: Path) -> m.Model:
        calls.append(directory)
        return small_model

    monkeypatch.setattr(runtime, "train_bootstrap", fake)
    assert runtime.current_model() is None  # training started, page not kept waiting
    for _ in range(100):
        if isinstance(runtime._state.get("model"), m.Model):
            break
        time.sleep(0.05)
    assert runtime.current_model() is small_model
    assert calls == [shared] and runtime.model_path().exists()
    assert not runtime.model_path().with_name("classifier.training").exists()


def _dispatched(world: World, text: str, category: Category) -> Concern:
    return services.concern_dispatch(
        actor=world.actor("dispatcher"),
        concern=_submit(world, text),
        unit=world.units["housing"],
        category=category,
    )


def test_retrain_from_dispatched_concerns(world, var_dir, tree, monkeypatch) -> None:
    texts, labels = synthetic(per_label=4)
    leaf = {"交通运输": "公交线路", "教育文体": "学前教育", "环境保护": "噪音污染"}
    for text, label in zip(texts, labels, strict=True):
        _dispatched(world, text, tree[leaf[label]])
    _submit(world, "还没派单的诉求不算")
    monkeypatch.setattr(retrain, "MIN_LABELLED", 100)
    result = retrain.retrain_if_due()
    assert (result.outcome, result.labelled) == ("too_few", 12)
    assert retrain.retrain_if_due().outcome == "not_due"  # checked once a day: cheap
    monkeypatch.setattr(retrain, "MIN_LABELLED", 10)
    assert retrain.retrain_if_due().outcome == "not_due"
    stamp = schedule.stamp_path()
    old = time.time() - 25 * 3600
    os.utime(stamp, (old, old))
    result = retrain.retrain_if_due()
    assert (result.outcome, result.labelled) == ("trained", 12)
    assert runtime.model_path().exists()
    trained = runtime.current_model()
    assert trained is not None and trained.meta["source"] == "dispatched concerns"
    assert trained.labels == ["交通运输", "教育文体", "环境保护"]
    assert trained.meta["keywords"] > 0


def test_task_wraps_retrain(world, var_dir, tree) -> None:
    from lastmile.insight.tasks import retrain_classifier

    result: Any = retrain_classifier.enqueue()
    assert result.return_value["outcome"] == "too_few"
