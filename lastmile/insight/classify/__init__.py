"""Classification of concern texts into the category tree, with a confidence.

- ``text``: cleaning (HTML, traditional characters, length) and declining unusable texts;
- ``features`` / ``model``: the features, training, prediction and the versioned model file;
- ``data``: CSV/XLSX tables and the shared TipDM data the bootstrap model learns from;
- ``runtime``: the suggester registered with ``concerns.hooks`` (lazy: nothing loads at start-up);
- ``retrain``: retraining from the deployment's dispatched concerns (the daily task).
- ``schedule``: where the model file lives and whether retraining is due (no scikit-learn).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lastmile.concerns.hooks import CategoryGuess


def suggest(text: str) -> list[CategoryGuess]:
    """The registered suggester: imports scikit-learn and jieba only when first asked."""
    from lastmile.insight.classify.runtime import suggest as runtime_suggest

    return runtime_suggest(text)
