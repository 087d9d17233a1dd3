"""Where the classifier lives and whether retraining is due: no scikit-learn here.

The worker asks every minute whether retraining is due; answering must not load the classifier
(scikit-learn, SciPy and jieba: about 90 MB in every worker), so these few lines stand apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

INTERVAL = dt.timedelta(days=1)


def model_path() -> Path:
    return Path(settings.VAR_DIR) / "models" / "classifier.joblib"


def stamp_path() -> Path:
    return model_path().with_name("classifier.retrain-stamp")


def due(now: dt.datetime) -> bool:
    """A day has passed since the last retraining attempt (or there was none)."""
    try:
        last = dt.datetime.fromtimestamp(stamp_path().stat().st_mtime, tz=dt.UTC)
    except FileNotFoundError:
        return True
    return now - last >= INTERVAL


def touch() -> None:
    path = stamp_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
