"""Classification benchmark: stratified 5-fold CV on the 495 labelled TipDM messages.

Usage: .venv/bin/python bench/classify.py   (writes bench/results/classify.json)

Compared, on the same folds:
- baseline: character 1–3-gram TF-IDF + LinearSVC, trained on the fold only;
- lastmile: the shipped model (``lastmile.insight.classify.model.train``): hashed character
  1–3-grams + jieba words, IDF fitted on the fold's texts plus ~7,100 unlabelled messages,
  category-name keyword hits (weak supervision from the taxonomy), calibrated LinearSVC;
- ablations: without unlabelled texts, without keywords, and with one round of self-training
  (pseudo-labels for the most confident unlabelled messages).
Unlabelled messages that repeat a labelled one are dropped, and no variant sees the test fold.

Ideas for the 0.90 goal (issue #4), measured in the same run (``_classify_ideas.py``): title
and detail weighted separately, weak supervision from the taxonomy names over the unlabelled
messages (with and without an explicit "other" class), complement NB, an SVM + NB ensemble, and a
nested choice among them (inner 3-fold CV on each training fold; the outer folds only score it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lastmile.insight.classify import data, model  # noqa: E402
from lastmile.insight.classify.features import name_keywords  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import _classify_ideas as ideas  # noqa: E402

DATA = Path(os.environ.get("LASTMILE_SHARED_DATA", ROOT.parent / "shared" / "data")) / "tipdm2020"
OUT = ROOT / "bench" / "results" / "classify.json"
FOLDS = 5
SELF_TRAIN_SHARE = 0.15

Fit = Callable[[list[str], list[str]], Callable[[list[str]], list[str]]]


def baseline(texts: list[str], labels: list[str]) -> Callable[[list[str]], list[str]]:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    svm = LinearSVC().fit(vectorizer.fit_transform(texts), labels)
    return lambda batch: list(svm.predict(vectorizer.transform(batch)))


def shipped(
    corpus: data.Corpus, counts: object, *, use_unlabelled: bool = True, use_keywords: bool = True
) -> Fit:
    keywords = name_keywords(corpus.taxonomy, set(corpus.labels)) if use_keywords else []

    def fit(texts: list[str], labels: list[str]) -> Callable[[list[str]], list[str]]:
        m = model.train(
            texts,
            labels,
            unlabelled_counts=counts if use_unlabelled else None,  # type: ignore[arg-type]
            keywords=keywords,
        )
        return lambda batch: [p.label for p in m.predict(batch)]

    return fit


def self_trained(corpus: data.Corpus, counts: object) -> Fit:
    keywords = name_keywords(corpus.taxonomy, set(corpus.labels))

    def fit(texts: list[str], labels: list[str]) -> Callable[[list[str]], list[str]]:
        first = model.train(texts, labels, unlabelled_counts=counts, keywords=keywords)  # type: ignore[arg-type]
        guesses = first.predict(corpus.unlabelled)
        ranked = sorted(range(len(guesses)), key=lambda i: -guesses[i].confidence)
        keep = ranked[: int(len(guesses) * SELF_TRAIN_SHARE)]
        m = model.train(
            texts + [corpus.unlabelled[i] for i in keep],
            labels + [guesses[i].label for i in keep],
            unlabelled_counts=counts,  # type: ignore[arg-type]
            keywords=keywords,
        )
        return lambda batch: [p.label for p in m.predict(batch)]

    return fit


def cross_validate(fit: Fit, texts: list[str], labels: list[str]) -> dict[str, float]:
    y = np.asarray(labels)
    accs, f1s, train_s, predict_ms = [], [], [], []
    for train_idx, test_idx in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(texts, y):
        start = time.perf_counter()
        predict = fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        train_s.append(time.perf_counter() - start)
        batch = [texts[i] for i in test_idx]
        start = time.perf_counter()
        guessed = [predict([t])[0] for t in batch]  # one message at a time, as at the desk
        predict_ms.append((time.perf_counter() - start) * 1000 / len(batch))
        accs.append(accuracy_score(y[test_idx], guessed))
        f1s.append(f1_score(y[test_idx], guessed, average="macro"))
    return {
        "accuracy": round(float(np.mean(accs)), 4),
        "accuracy_std": round(float(np.std(accs)), 4),
        "macro_f1": round(float(np.mean(f1s)), 4),
        "train_seconds_per_fold": round(float(np.mean(train_s)), 2),
        "predict_ms_per_message": round(float(np.mean(predict_ms)), 2),
    }


def full_training_seconds() -> float:
    """The bootstrap as the runtime does it: read the files, hash everything, fit once."""
    start = time.perf_counter()
    corpus = data.tipdm(DATA)
    model.train(
        corpus.texts,
        corpus.labels,
        unlabelled=corpus.unlabelled,
        keywords=name_keywords(corpus.taxonomy, set(corpus.labels)),
    )
    return round(time.perf_counter() - start, 1)


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""


def main() -> int:
    load_at_start = [round(x, 1) for x in os.getloadavg()]
    corpus = data.tipdm(DATA)
    counts = model.unlabelled_matrices(corpus.unlabelled)
    variants: dict[str, Fit] = {
        "baseline_char_tfidf_linearsvc": baseline,
        "lastmile": shipped(corpus, counts),
        "lastmile_without_keywords": shipped(corpus, counts, use_keywords=False),
    }
    if os.environ.get("BENCH_CLASSIFY_ALL"):  # the slower ablations of the first run
        variants["lastmile_without_unlabelled_idf"] = shipped(corpus, counts, use_unlabelled=False)
        variants["lastmile_plus_self_training"] = self_trained(corpus, counts)
    blocks = ideas.Blocks(DATA, corpus)
    variants.update(ideas.variants(blocks))
    results: dict[str, dict[str, Any]] = {}
    for name, fit in variants.items():
        results[name] = dict(cross_validate(fit, corpus.texts, corpus.labels))
        if hasattr(fit, "chosen"):  # the nested choice: what the inner CV picked per fold
            results[name]["chosen_title_weight_and_c"] = list(fit.chosen)
        print(name, results[name], flush=True)
    report = {
        "what": f"stratified {FOLDS}-fold CV on messages_labeled.csv (7 level-1 labels)",
        "labelled_rows": len(corpus.texts),
        "unlabelled_rows": len(corpus.unlabelled),
        "taxonomy_keywords": len(name_keywords(corpus.taxonomy, set(corpus.labels))),
        "weak_labels": blocks.weak_summary(),
        "results": results,
        "bootstrap_training_seconds": full_training_seconds(),
        "machine": {
            "arch": platform.machine(),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average": [round(x, 1) for x in os.getloadavg()],
        },
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
