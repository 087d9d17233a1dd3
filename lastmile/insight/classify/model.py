"""The classifier: TF-IDF features (see ``features``) and a multinomial logistic regression.

``train()`` returns a ``Model``; ``Model.predict()`` gives, per text, the labels ranked by
probability, or a reason to decline the text. ``save()``/``load()`` write a versioned file and
refuse a file written by another format or scikit-learn version with a clear message.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from lastmile.insight.classify.features import Features
from lastmile.insight.classify.head import LinearHead
from lastmile.insight.classify.text import clean

FORMAT = "lastmile-classifier"
FORMAT_VERSION = 1
MIN_PER_LABEL = 2


class ModelError(Exception):
    """A model file that cannot be used, or training data that cannot train one."""


@dataclass(frozen=True)
class Prediction:
    ranked: list[tuple[str, float]]  # (label, probability), best first; empty when declined
    declined: str = ""

    @property
    def label(self) -> str:
        return self.ranked[0][0] if self.ranked else ""

    @property
    def confidence(self) -> float:
        return self.ranked[0][1] if self.ranked else 0.0


@dataclass
class Model:
    features: Features
    classifier: LinearHead
    labels: list[str]
    meta: dict[str, Any] = field(default_factory=dict)

    def predict(self, texts: Sequence[object]) -> list[Prediction]:
        cleaned = [clean(t) for t in texts]
        keep = [i for i, c in enumerate(cleaned) if not c.declined]
        out = [Prediction([], c.declined) for c in cleaned]
        if keep:
            matrix = self.features.transform([cleaned[i].text for i in keep])
            probs = self.classifier.predict_proba(matrix)
            classes = self.classifier.classes
            for row, i in zip(probs, keep, strict=True):
                order = np.argsort(-row)
                out[i] = Prediction([(classes[j], float(row[j])) for j in order])
        return out

    def predict_one(self, text: object) -> Prediction:
        return self.predict([text])[0]


def _check_labels(labels: Sequence[str]) -> list[str]:
    names, counts = np.unique(np.asarray(labels, dtype=object).astype(str), return_counts=True)
    if len(names) < 2:
        raise ModelError("至少需要两个类别 / Training needs at least two categories")
    few = [str(n) for n, c in zip(names, counts, strict=True) if c < MIN_PER_LABEL]
    if few:
        raise ModelError(
            f"这些类别的样本少于 {MIN_PER_LABEL} 条 / Fewer than {MIN_PER_LABEL} examples: "
            + ", ".join(few[:10])
        )
    return [str(n) for n in names]


def make_classifier(min_count: int) -> CalibratedClassifierCV:
    """A linear SVM whose scores are turned into probabilities by sigmoid calibration."""
    return CalibratedClassifierCV(
        LinearSVC(C=3.0), method="sigmoid", cv=min(3, min_count), ensemble=False
    )


def train(
    texts: Sequence[object],
    labels: Sequence[str],
    *,
    unlabelled: Sequence[object] = (),
    unlabelled_counts: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None,
    keywords: Sequence[tuple[str, str]] = (),
    source: str = "",
) -> Model:
    """Fit on labelled texts; unlabelled texts only shape the IDF weights (no labels invented)."""
    started = time.monotonic()
    cleaned = [(clean(t), str(lab).strip()) for t, lab in zip(texts, labels, strict=True)]
    pairs = [(c.text, lab) for c, lab in cleaned if not c.declined and lab]
    if not pairs:
        raise ModelError("没有可用的训练样本 / No usable training rows (all empty or unlabelled)")
    x_texts, y = zip(*pairs, strict=True)
    names = _check_labels(y)
    features = Features(keywords, names)
    chars, words_ = features.counts(list(x_texts))
    extra = unlabelled_counts or unlabelled_matrices(unlabelled)
    if extra[0].shape[0]:
        extra_chars, extra_words = extra
        features.fit_counts(
            sparse.vstack([chars, extra_chars], format="csr"),
            sparse.vstack([words_, extra_words], format="csr"),
        )
    else:
        features.fit_counts(chars, words_)
    matrix = features.weigh(chars, words_, features.keyword_hits(x_texts))
    least = int(min(np.unique(np.asarray(y), return_counts=True)[1]))
    classifier = LinearHead(make_classifier(least).fit(matrix, np.asarray(y)), matrix.shape[1])
    meta = {
        "trained_rows": len(y),
        "unlabelled_rows": extra[0].shape[0],
        "keywords": len(features.keywords),
        "seconds": round(time.monotonic() - started, 2),
        "source": source,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    return Model(features=features, classifier=classifier, labels=names, meta=meta)


def unlabelled_matrices(texts: Sequence[object]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Hashed counts of unlabelled texts (computed once when several models share them)."""
    return Features().counts([c.text for c in (clean(t) for t in texts) if not c.declined])


def save(model: Model, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sklearn_version": sklearn.__version__,
        "labels": model.labels,
        "meta": model.meta,
        "features": model.features,
        "classifier": model.classifier,
    }
    tmp = path.with_name(path.name + ".tmp")
    joblib.dump(payload, tmp, compress=3)
    tmp.replace(path)  # atomic: a reader never sees half a file


def load(path: Path) -> Model:
    if not path.exists():
        raise ModelError(f"找不到模型文件 / Model file not found: {path}")
    try:
        payload = joblib.load(path)
    except Exception as exc:  # pickle raises many unrelated types for a foreign file
        raise ModelError(f"无法读取模型文件 / Cannot read the model file {path}: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(f"不是 Lastmile 分类模型 / Not a Lastmile classifier model: {path}")
    version = payload.get("format_version")
    skl = payload.get("sklearn_version")
    if version != FORMAT_VERSION or skl != sklearn.__version__:
        raise ModelError(
            f"模型文件版本不符(文件:格式 {version},scikit-learn {skl};"
            f"本程序:格式 {FORMAT_VERSION},scikit-learn {sklearn.__version__}),请重新训练 / "
            f"The model file is from another version (file: format {version}, scikit-learn "
            f"{skl}; this program: format {FORMAT_VERSION}, scikit-learn {sklearn.__version__}); "
            "train it again"
        )
    return Model(
        features=payload["features"],
        classifier=payload["classifier"],
        labels=list(payload["labels"]),
        meta=dict(payload.get("meta") or {}),
    )
