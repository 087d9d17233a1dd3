"""Retraining from the deployment's own dispatched concerns (text → level-1 category).

``retrain_if_due()`` is cheap to call every minute: it reads one timestamp file and returns
unless a day has passed since the last attempt. With at least ``MIN_LABELLED`` dispatched,
categorised concerns it trains on them and replaces the model file; with fewer it keeps the
bootstrap (or whatever model is in use).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import timezone

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Category, Concern
from lastmile.insight.classify import runtime, schedule
from lastmile.insight.classify.features import name_keywords
from lastmile.insight.classify.model import ModelError, save, train

log = logging.getLogger("lastmile.insight.classify")

MIN_LABELLED = 200
MAX_ROWS = 50_000
NEVER_DISPATCHED = (Status.RECEIVED, Status.ANSWERED, Status.DIVERTED, Status.MERGED)


@dataclass(frozen=True)
class RetrainResult:
    outcome: str  # "not_due", "too_few", "trained", "failed"
    labelled: int = 0
    detail: str = ""


def dispatched_history() -> tuple[list[str], list[str]]:
    """(texts, level-1 category names) of concerns that were dispatched with a category.

    Streams (title, text, category) only: model instances of 50,000 concerns (every column,
    the encrypted ones decrypted) were most of the retraining's memory (bench/worker_memory.py)."""
    categories = dict(Category.objects.values_list("pk", "parent_id"))
    names = dict(Category.objects.values_list("pk", "name"))
    rows = (
        Concern.objects.filter(category__isnull=False)
        .exclude(status__in=NEVER_DISPATCHED)
        .order_by("-created_at")
        .values_list("title", "text", "category_id")[:MAX_ROWS]
    )
    texts, labels = [], []
    for title, text, category_id in rows.iterator(chunk_size=2000):
        top = category_id
        while categories.get(top) is not None:
            top = categories[top]
        texts.append(f"{title} {text}")
        labels.append(names[top])
    return texts, labels


def _keywords(labels: set[str]) -> list[tuple[str, str]]:
    pairs = []
    for cat in Category.objects.filter(level__gt=1).select_related("parent__parent"):
        top = cat.parent if cat.level == 2 else cat.parent.parent if cat.parent else None
        if top is not None:
            pairs.append((cat.name, top.name))
    return name_keywords(pairs, labels)


def retrain_if_due(*, force: bool = False) -> RetrainResult:
    if not force and not schedule.due(timezone.now()):
        return RetrainResult("not_due")
    schedule.touch()  # one attempt a day, even when it fails
    texts, labels = dispatched_history()
    if len(texts) < MIN_LABELLED:
        return RetrainResult("too_few", len(texts), f"need {MIN_LABELLED}")
    try:
        model = train(texts, labels, keywords=_keywords(set(labels)), source="dispatched concerns")
    except ModelError as exc:
        log.warning("classifier retraining failed: %s", exc)
        return RetrainResult("failed", len(texts), str(exc))
    save(model, runtime.model_path())
    runtime.use_model(model)
    log.info("classifier retrained on %d dispatched concerns", len(texts))
    return RetrainResult("trained", len(texts))
