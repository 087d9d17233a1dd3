"""The shipped model on the real labelled sample: cross-validated accuracy ≥ 0.80 (< 30 s).

Skipped when the shared TipDM data is not on this machine. bench/classify.py gives the full
figures (and the variant with unlabelled messages); this guards against a regression.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from lastmile.insight.classify import data, features, model
from lastmile.insight.classify.features import name_keywords

DATA = Path(settings.SHARED_DATA_DIR) / "tipdm2020"

pytestmark = pytest.mark.skipif(
    not (DATA / data.TIPDM_LABELLED).exists(), reason="shared TipDM data not available"
)


def test_cross_validated_accuracy_on_real_messages(monkeypatch) -> None:
    # jieba once per text, not once per fold: keeps the test fast; the model is unchanged
    monkeypatch.setattr(features, "words", functools.lru_cache(maxsize=None)(features.words))
    corpus = data.tipdm(DATA)
    keywords = name_keywords(corpus.taxonomy, set(corpus.labels))
    texts, labels = corpus.texts, np.asarray(corpus.labels)
    accuracies, f1s = [], []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, labels):
        fitted = model.train([texts[i] for i in train], list(labels[train]), keywords=keywords)
        guessed = [p.label for p in fitted.predict([texts[i] for i in test])]
        accuracies.append(accuracy_score(labels[test], guessed))
        f1s.append(f1_score(labels[test], guessed, average="macro"))
    assert np.mean(accuracies) >= 0.80, accuracies
    assert np.mean(f1s) >= 0.75, f1s
