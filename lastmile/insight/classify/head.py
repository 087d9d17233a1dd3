"""A compact linear head: the fitted SVM's non-zero columns and its sigmoid calibration.

scikit-learn's ``CalibratedClassifierCV`` over a sparse-coefficient ``LinearSVC`` converts the
weights for every call (≈20 ms a message); this keeps only the columns the SVM uses, as a dense
block, and applies the same one-vs-rest sigmoid calibration in a few numpy operations.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse


class LinearHead:
    def __init__(self, calibrated: Any, n_features: int) -> None:
        """From a fitted ``CalibratedClassifierCV(LinearSVC, method="sigmoid", ensemble=False)``."""
        (fold,) = calibrated.calibrated_classifiers_
        svm = fold.estimator
        coef = np.asarray(svm.coef_)
        if coef.shape[0] == 1:  # binary: sklearn keeps one row for the positive class
            coef = np.vstack([-coef, coef])
            intercept = np.r_[-svm.intercept_, svm.intercept_]
        else:
            intercept = np.asarray(svm.intercept_)
        self.classes = [str(c) for c in calibrated.classes_]
        self.columns = np.flatnonzero(np.any(coef != 0, axis=0)).astype(np.int64)
        self.weights = np.ascontiguousarray(coef[:, self.columns].T, dtype=np.float64)
        self.intercept = intercept.astype(np.float64)
        self.slopes = np.array([c.a_ for c in fold.calibrators], dtype=np.float64)
        self.offsets = np.array([c.b_ for c in fold.calibrators], dtype=np.float64)
        self.binary = len(fold.calibrators) == 1
        self.n_features = n_features
        self._lookup: np.ndarray | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_lookup": None}

    def lookup(self) -> np.ndarray:
        if self._lookup is None:
            table = np.full(self.n_features, -1, dtype=np.int64)
            table[self.columns] = np.arange(len(self.columns))
            self._lookup = table
        return self._lookup

    def scores(self, matrix: sparse.csr_matrix) -> np.ndarray:
        matrix = sparse.csr_matrix(matrix)
        mapped = self.lookup()[matrix.indices]
        keep = mapped >= 0
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[keep]
        small = sparse.csr_matrix(
            (matrix.data[keep], (rows, mapped[keep])), shape=(matrix.shape[0], len(self.columns))
        )
        return np.asarray(small @ self.weights) + self.intercept

    def predict_proba(self, matrix: sparse.csr_matrix) -> np.ndarray:
        scores = self.scores(matrix)
        if self.binary:
            positive = _expit(-(self.slopes[0] * scores[:, 1] + self.offsets[0]))
            return np.column_stack([1 - positive, positive])
        probs = _expit(-(scores * self.slopes + self.offsets))
        total = probs.sum(axis=1, keepdims=True)
        uniform = np.full_like(probs, 1.0 / probs.shape[1])
        return np.where(total > 0, probs / np.where(total > 0, total, 1), uniform)


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -500, 500)))
