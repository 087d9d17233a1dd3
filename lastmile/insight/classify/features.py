"""Features: character 1–3-grams and jieba words, hashed, weighted by TF-IDF.

Hashing keeps training fast (no vocabulary to build) and the model file small: the IDF weights
are fitted on every text available, labelled or not (the unlabelled messages teach which
characters and words are common), and only the classifier sees the labels.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

import jieba
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

jieba.setLogLevel(logging.WARNING)

CHAR_FEATURES = 2**20
WORD_FEATURES = 2**19
# The subject and the start of a message carry its topic; the limits bound the time per message
# (jieba, pure Python, is most of it). Measured in bench/classify.py.
FEATURE_CHARS = 1500
WORD_CHARS = 600


def words(text: str) -> list[str]:
    """jieba words (precise mode), spaces dropped. Module level so that models pickle."""
    return [w for w in jieba.lcut(text, HMM=False) if w.strip()]


KEYWORD_WEIGHT = 0.5
GENERIC = frozenset({"其他", "其它", "综合", "管理", "服务", "问题", "工作", "其他问题"})
_SPLIT = re.compile(r"[、/()（）和与及等其他,，]+")


def name_keywords(rows: Iterable[tuple[str, str]], labels: Iterable[str]) -> list[tuple[str, str]]:
    """Weak supervision from the category tree: (deeper category name or part, level-1 label).

    A keyword that points to more than one of the labels is dropped, and so are generic words
    ("其他") and parts shorter than two characters: too ambiguous to keep.
    """
    wanted = set(labels)
    seen: dict[str, set[str]] = {}
    for name, label in rows:
        if label not in wanted:
            continue
        for part in {name, *_SPLIT.split(name)}:
            part = part.strip()
            if len(part) >= 2 and part not in GENERIC:
                seen.setdefault(part, set()).add(label)
    return sorted((k, next(iter(v))) for k, v in seen.items() if len(v) == 1)


def _idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's ``TfidfTransformer`` computes it."""
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    rows = counts.shape[0]
    return (np.log((1 + rows) / (1 + frequency)) + 1).astype(np.float32)


def _weigh(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF × IDF, each row scaled to unit length (the TF-IDF of ``sublinear_tf``)."""
    out = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
    out.data = (np.log(out.data) + 1) * idf[out.indices]
    lengths = np.diff(out.indptr)
    rows = np.repeat(np.arange(out.shape[0]), lengths)
    norms = np.sqrt(np.bincount(rows, weights=out.data**2, minlength=out.shape[0]))
    out.data /= np.repeat(np.where(norms > 0, norms, 1.0), lengths)
    return out


class Features:
    def __init__(self, keywords: Sequence[tuple[str, str]] = (), labels: Sequence[str] = ()):
        self.labels = list(labels)
        index = {label: i for i, label in enumerate(self.labels)}
        self.keywords = [(k, index[lab]) for k, lab in keywords if lab in index]
        self.chars = HashingVectorizer(
            analyzer="char",
            ngram_range=(1, 3),
            n_features=CHAR_FEATURES,
            alternate_sign=False,
            norm=None,
            lowercase=True,
        )
        self.words = HashingVectorizer(
            tokenizer=words,
            token_pattern=None,
            lowercase=True,
            n_features=WORD_FEATURES,
            alternate_sign=False,
            norm=None,
        )
        self.char_idf = np.ones(CHAR_FEATURES, dtype=np.float32)
        self.word_idf = np.ones(WORD_FEATURES, dtype=np.float32)

    def counts(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        if not texts:
            empty = sparse.csr_matrix((0, CHAR_FEATURES)), sparse.csr_matrix((0, WORD_FEATURES))
            return empty
        chars = self.chars.transform([t[:FEATURE_CHARS] for t in texts])
        return chars, self.words.transform([t[:WORD_CHARS] for t in texts])

    def fit(self, texts: Sequence[str]) -> Features:
        chars, words_ = self.counts(texts)
        self.fit_counts(chars, words_)
        return self

    def fit_counts(self, chars: sparse.csr_matrix, words_: sparse.csr_matrix) -> Features:
        self.char_idf = _idf(chars)
        self.word_idf = _idf(words_)
        return self

    def keyword_hits(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Per label, log(1 + how many of its category-name keywords occur in the text)."""
        hits = np.zeros((len(texts), max(len(self.labels), 1)), dtype=np.float64)
        for row, text in enumerate(t[:FEATURE_CHARS] for t in texts):
            for keyword, column in self.keywords:
                if keyword in text:
                    hits[row, column] += 1
        return sparse.csr_matrix(np.log1p(hits) * KEYWORD_WEIGHT)

    def weigh(
        self, chars: sparse.csr_matrix, words_: sparse.csr_matrix, hits: sparse.csr_matrix
    ) -> sparse.csr_matrix:
        return sparse.hstack(
            [_weigh(chars, self.char_idf), _weigh(words_, self.word_idf), hits], format="csr"
        )

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.weigh(*self.counts(texts), self.keyword_hits(texts))
